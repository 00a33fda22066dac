// The slice's money paths end to end through the routers: every balance exact, Σ = 0 after each step.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { balanceOfEscrow, balanceOfWallet, ledgerAudit, platformRevenue } from '../support/ledger';
import { taskInput } from '../fixtures';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp({ COMMISSION_BPS: '1000' });
});
afterAll(() => app.close());

async function expectBalancedLedger() {
	const audit = await ledgerAudit(app.db);
	expect(audit).toMatchObject({ sum: 0n, mismatched: [], negative: [] });
}

async function handOver(worker: Parameters<TestApp['as']>[0], taskId: string, report = 'Done, see photos.') {
	return app.as(worker).handover.submit({ taskId, report, fileIds: [] });
}

describe('publish → claim → hand over → reject → rework → approve', () => {
	it('pays the worker bounty − 10 % and the platform 10 %, exactly', async () => {
		const requester = await app.user();
		const worker = await app.user();
		const admin = await app.admin();
		await app.fund(requester, 50_000n);
		const revenueBefore = await platformRevenue(app.db);

		const task = await app.as(requester).task.publish(taskInput({ bounty: 12_345n }));
		expect(task.status).toBe('OPEN');
		expect(await app.as(requester).wallet.get()).toEqual({
			currency: 'CNY',
			available: 37_655n,
			held: 12_345n,
			withdrawing: 0n
		});
		expect(await balanceOfEscrow(app.db, task.id)).toBe(12_345n);
		await expectBalancedLedger();

		expect(await app.as(worker).task.claim({ taskId: task.id })).toEqual({ status: 'claimed' });
		const first = await handOver(worker, task.id);
		expect((await app.as(admin).admin.reviewQueue()).items.map((i) => i.id)).toContain(first.id);

		await app
			.as(admin)
			.admin.reject({ handoverId: first.id, reason: 'The photo is blurred; please retake it.' });
		const afterReject = await app.db.task.findUniqueOrThrow({ where: { id: task.id } });
		expect(afterReject).toMatchObject({ status: 'CLAIMED', claimantId: worker.id, reworkCount: 1 });
		expect(await balanceOfEscrow(app.db, task.id)).toBe(12_345n);
		await expectBalancedLedger();

		const second = await handOver(worker, task.id, 'Retook the photos.');
		const approved = await app.as(admin).admin.approve({ handoverId: second.id });
		// 10 % of 12 345 is 1 234.5, rounded half up to 1 235; the worker gets the rest.
		expect(approved).toMatchObject({ status: 'APPROVED', fee: 1_235n, payout: 11_110n });

		expect(await balanceOfEscrow(app.db, task.id)).toBe(0n);
		expect(await balanceOfWallet(app.db, worker.id)).toBe(11_110n);
		expect((await platformRevenue(app.db)) - revenueBefore).toBe(1_235n);
		expect(await app.as(requester).wallet.get()).toEqual({
			currency: 'CNY',
			available: 37_655n,
			held: 0n,
			withdrawing: 0n
		});
		expect((await app.db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('COMPLETED');
		await expectBalancedLedger();

		// The task is done: no second review, no second payout.
		await expect(app.as(admin).admin.approve({ handoverId: second.id })).rejects.toMatchObject({
			code: 'CONFLICT'
		});
		await expect(app.as(admin).admin.reject({ handoverId: first.id, reason: 'again' })).rejects.toMatchObject(
			{
				code: 'CONFLICT'
			}
		);
		expect(await balanceOfWallet(app.db, worker.id)).toBe(11_110n);
	});
});

describe('cancel', () => {
	it('refunds the whole bounty to the requester', async () => {
		const requester = await app.user();
		await app.fund(requester, 20_000n);
		const task = await app.as(requester).task.publish(taskInput({ bounty: 20_000n }));
		expect(await balanceOfWallet(app.db, requester.id)).toBe(0n);

		expect(await app.as(requester).task.cancel({ taskId: task.id })).toEqual({
			id: task.id,
			status: 'CANCELLED'
		});
		expect(await app.as(requester).wallet.get()).toEqual({
			currency: 'CNY',
			available: 20_000n,
			held: 0n,
			withdrawing: 0n
		});
		expect(await balanceOfEscrow(app.db, task.id)).toBe(0n);
		await expectBalancedLedger();

		await expect(app.as(requester).task.cancel({ taskId: task.id })).rejects.toMatchObject({
			code: 'CONFLICT'
		});
		expect(await balanceOfWallet(app.db, requester.id)).toBe(20_000n);
	});

	it('refuses to cancel a claimed task or somebody else’s', async () => {
		const requester = await app.user();
		const worker = await app.user();
		await app.fund(requester, 5_000n);
		const task = await app.as(requester).task.publish(taskInput({ bounty: 5_000n }));
		await expect(app.as(worker).task.cancel({ taskId: task.id })).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		await app.as(worker).task.claim({ taskId: task.id });
		await expect(app.as(requester).task.cancel({ taskId: task.id })).rejects.toMatchObject({
			code: 'CONFLICT'
		});
		expect(await balanceOfEscrow(app.db, task.id)).toBe(5_000n);
	});
});

describe('idempotency: the same mutationId five times has one effect', () => {
	it('publish', async () => {
		const requester = await app.user();
		await app.fund(requester, 10_000n);
		const mutationId = randomUUID();
		const results = await Promise.all(
			Array.from({ length: 5 }, () =>
				app.as(requester).task.publish(taskInput({ mutationId, bounty: 3_000n }))
			)
		);
		expect(new Set(results.map((r) => r.id)).size).toBe(1);
		expect(await app.db.task.count({ where: { requesterId: requester.id } })).toBe(1);
		expect(await balanceOfWallet(app.db, requester.id)).toBe(7_000n);
		await expectBalancedLedger();
	});

	it('approve', async () => {
		const admin = await app.admin();
		const { worker, task } = await app.claimedTask({ bounty: 10_000n });
		const handover = await handOver(worker, task.id);
		const mutationId = randomUUID();
		const results = [];
		for (let i = 0; i < 5; i++)
			results.push(await app.as(admin).admin.approve({ handoverId: handover.id, mutationId }));
		expect(results.every((r) => r.payout === 9_000n && r.fee === 1_000n)).toBe(true);
		expect(await balanceOfWallet(app.db, worker.id)).toBe(9_000n);
		expect(await app.db.transfer.count({ where: { taskId: task.id } })).toBe(3);
		await expectBalancedLedger();
	});

	it('deposit by bank reference', async () => {
		const user = await app.user();
		const admin = await app.admin();
		const reference = `BANK-${randomUUID()}`;
		for (let i = 0; i < 5; i++) {
			await app.as(admin).admin.recordDeposit({ userId: user.id, amount: 2_500n, reference });
		}
		expect(await balanceOfWallet(app.db, user.id)).toBe(2_500n);
		await expect(
			app.as(admin).admin.recordDeposit({ userId: user.id, amount: 9_999n, reference })
		).rejects.toMatchObject({ code: 'CONFLICT' });
		expect(await balanceOfWallet(app.db, user.id)).toBe(2_500n);
	});
});

describe('a mutationId reused with other input', () => {
	it('is refused, and the first call stands: a ¥500 withdrawal is not answered with the earlier ¥10 one', async () => {
		const user = await app.user();
		await app.fund(user, 100_000n);
		const mutationId = randomUUID();
		const destination = 'ICBC 6222 0000 1111 2222';
		const first = await app.as(user).wallet.withdraw({ mutationId, amount: 1_000n, destination });
		await expect(
			app.as(user).wallet.withdraw({ mutationId, amount: 50_000n, destination })
		).rejects.toMatchObject({ code: 'CONFLICT', cause: { key: 'mutation_reused' } });
		// The same input again is a retry: the recorded answer, nothing new.
		await expect(app.as(user).wallet.withdraw({ mutationId, amount: 1_000n, destination })).resolves.toEqual(
			first
		);
		expect(await app.db.withdrawal.count({ where: { userId: user.id } })).toBe(1);
		expect(await balanceOfWallet(app.db, user.id)).toBe(99_000n);
		await expectBalancedLedger();
	});

	it('is refused through the offline outbox too, as a result', async () => {
		const requester = await app.user();
		await app.fund(requester, 10_000n);
		const id = randomUUID();
		const entry = (bounty: bigint) => ({
			id,
			name: 'task.publish' as const,
			args: { ...taskInput({ bounty }) },
			createdAt: new Date()
		});
		const first = await app.as(requester).sync.push({ mutations: [entry(3_000n)] });
		expect(first.results[0]).toMatchObject({ status: 'applied' });
		const second = await app.as(requester).sync.push({ mutations: [entry(9_000n)] });
		expect(second.results[0]).toMatchObject({ status: 'rejected', reason: 'mutation_reused' });
		expect(await balanceOfWallet(app.db, requester.id)).toBe(7_000n);
		await expectBalancedLedger();
	});

	it('matches on content, not on key order, bigint or date spelling', async () => {
		const { fingerprint } = await import('$lib/server/core/mutations');
		const at = new Date('2026-12-03T08:00:00Z');
		expect(fingerprint({ mutationId: randomUUID(), a: 1n, b: at, c: [1, { y: 2, x: 1 }] })).toBe(
			fingerprint({ c: [1, { x: 1, y: 2 }], b: new Date(at), a: 1n, mutationId: randomUUID() })
		);
		expect(fingerprint({ a: 1n })).not.toBe(fingerprint({ a: 1 }));
		expect(fingerprint({ a: 1n })).not.toBe(fingerprint({ a: '1' }));
	});
});

describe('refused and malformed input changes nothing', () => {
	it('insufficient funds: a clear error, no task, no transfer', async () => {
		const requester = await app.user();
		await app.fund(requester, 999n);
		const before = await app.db.transfer.count();
		await expect(app.as(requester).task.publish(taskInput({ bounty: 1_000n }))).rejects.toMatchObject({
			code: 'BAD_REQUEST',
			message: expect.stringContaining('Not enough money')
		});
		expect(await app.db.task.count({ where: { requesterId: requester.id } })).toBe(0);
		expect(await app.db.transfer.count()).toBe(before);
		expect(await balanceOfWallet(app.db, requester.id)).toBe(999n);
	});

	it.each([
		['negative bounty', { bounty: -5n }],
		['zero bounty', { bounty: 0n }],
		['unknown category', { category: 'magic' }],
		['empty title', { title: '  ' }],
		['only a latitude', { lat: 31.2 }],
		[
			'a window that ends before it starts',
			{ startsAt: new Date('2026-12-02'), endsAt: new Date('2026-12-01') }
		],
		['a bounty as a float', { bounty: 10.5 }]
	])('%s → BAD_REQUEST with a message, nothing stored', async (_name, patch) => {
		const requester = await app.user();
		await app.fund(requester, 100_000n);
		const input = { ...taskInput(), ...patch } as Parameters<ReturnType<TestApp['as']>['task']['publish']>[0];
		const error = await app
			.as(requester)
			.task.publish(input)
			.catch((e: unknown) => e);
		expect(error).toMatchObject({ code: 'BAD_REQUEST' });
		expect((error as Error).message.length).toBeGreaterThan(5);
		expect(await app.db.task.count({ where: { requesterId: requester.id } })).toBe(0);
		expect(await balanceOfWallet(app.db, requester.id)).toBe(100_000n);
	});

	it('non-admins cannot record deposits, review or approve', async () => {
		const user = await app.user();
		const caller = app.as(user);
		await expect(
			caller.admin.recordDeposit({ userId: user.id, amount: 1n, reference: 'self-credit' })
		).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		await expect(caller.admin.reviewQueue()).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(caller.admin.approve({ handoverId: randomUUID() })).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		expect(await balanceOfWallet(app.db, user.id)).toBe(0n);
	});

	it('the ledger refuses negative balances and edits at the database level too', async () => {
		const user = await app.user();
		const wallet = await app.db.account.findFirstOrThrow({ where: { userId: user.id } });
		await expect(
			app.db.account.update({ where: { id: wallet.id }, data: { balance: -1n } })
		).rejects.toThrow();
		const anyTransfer = await app.db.transfer.findFirstOrThrow();
		await expect(
			app.db.transfer.update({ where: { id: anyTransfer.id }, data: { amount: 1n } })
		).rejects.toThrow(/immutable/);
	});
});
