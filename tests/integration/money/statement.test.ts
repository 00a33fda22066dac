// wallet.statement: every movement of the caller's own wallet, newest first, with signed amounts and a
// running balance that is right on every page and ends at the wallet's balance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatementLine } from '$lib/server/money/statement';
import { createTestApp, type TestApp } from '../support/app';
import { balanceOfWallet } from '../support/ledger';
import { taskInput } from '../fixtures';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp({ COMMISSION_BPS: '1000', WITHDRAWAL_MIN: '1000', WITHDRAWAL_FEE: '100' });
});
afterAll(() => app.close());

type User = Awaited<ReturnType<TestApp['user']>>;
let requester: User;
let worker: User;
let taskTitle: string;

/** A history with every kind of wallet movement, for both sides of a task. */
beforeAll(async () => {
	requester = await app.user();
	worker = await app.user();
	const admin = await app.admin();
	await app.fund(requester, 10_000n); // +10 000 → 10 000
	const cancelled = await app.as(requester).task.publish(taskInput({ bounty: 3_000n })); // −3 000 → 7 000
	await app.as(requester).task.cancel({ taskId: cancelled.id }); // +3 000 → 10 000
	await app.as(requester).wallet.deposit({ provider: 'sandbox', amount: 2_500n }); // +2 500 → 12 500
	const refused = await app
		.as(requester)
		.wallet.withdraw({ amount: 1_500n, destination: 'Bank of China 1234' }); // −1 500 → 11 000
	await app.as(admin).admin.refuseWithdrawal({ withdrawalId: refused.id, reason: 'Wrong account.' }); // +1 500 → 12 500
	taskTitle = `Paint the fence ${Date.now()}`;
	const paid = await app.as(requester).task.publish(taskInput({ title: taskTitle, bounty: 5_000n })); // −5 000 → 7 500
	await app.as(worker).task.claim({ taskId: paid.id });
	const handover = await app.as(worker).handover.submit({ taskId: paid.id, report: 'Painted.', fileIds: [] });
	await app.as(admin).admin.approve({ handoverId: handover.id }); // worker +4 500
	await app.as(requester).wallet.withdraw({ amount: 2_000n, destination: 'Bank of China 1234' }); // −2 000 → 5 500
});

async function allPages(caller: ReturnType<TestApp['as']>, input: { limit: number; code?: 'DEPOSIT' }) {
	const lines: StatementLine[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < 50; page++) {
		const result = await caller.wallet.statement({ ...input, cursor });
		lines.push(...result.items);
		if (!result.nextCursor) return lines;
		cursor = result.nextCursor;
	}
	throw new Error('The statement never ended.');
}

describe('wallet.statement', () => {
	it('lists every movement newest first with signed amounts, codes, tasks and running balances', async () => {
		const { items, nextCursor, currency } = await app.as(requester).wallet.statement({ limit: 100 });
		expect(currency).toBe('CNY');
		expect(nextCursor).toBeNull();
		expect(items.map((i) => [i.code, i.amount, i.balance, i.description])).toEqual([
			['WITHDRAWAL_HOLD', -2_000n, 5_500n, 'withdrawal_held'],
			['PUBLISH_HOLD', -5_000n, 7_500n, 'bounty_held'],
			['WITHDRAWAL_RETURN', 1_500n, 12_500n, 'withdrawal_returned'],
			['WITHDRAWAL_HOLD', -1_500n, 11_000n, 'withdrawal_held'],
			['DEPOSIT', 2_500n, 12_500n, 'deposit'],
			['REFUND', 3_000n, 10_000n, 'bounty_refunded'],
			['PUBLISH_HOLD', -3_000n, 7_000n, 'bounty_held'],
			['DEPOSIT', 10_000n, 10_000n, 'deposit']
		]);
		expect(items[0]!.balance).toBe(await balanceOfWallet(app.db, requester.id));
		expect(items[1]!.task).toMatchObject({ title: taskTitle });
		expect(items[0]!.task).toBeNull();

		const workerLines = (await app.as(worker).wallet.statement({})).items;
		expect(workerLines.map((i) => [i.code, i.amount, i.balance, i.task?.title])).toEqual([
			['RELEASE', 4_500n, 4_500n, taskTitle]
		]);
	});

	it('pages carry the same running balances as one long page', async () => {
		const whole = (await app.as(requester).wallet.statement({ limit: 100 })).items;
		for (const limit of [1, 3, 5]) {
			expect(await allPages(app.as(requester), { limit })).toEqual(whole);
		}
		// Each balance is the older balance plus this movement.
		for (let i = 0; i + 1 < whole.length; i++) {
			expect(whole[i]!.balance).toBe(whole[i + 1]!.balance + whole[i]!.amount);
		}
	});

	it('filters by code and by time without changing the balances', async () => {
		const whole = (await app.as(requester).wallet.statement({ limit: 100 })).items;
		const deposits = await allPages(app.as(requester), { limit: 1, code: 'DEPOSIT' });
		expect(deposits).toEqual(whole.filter((i) => i.code === 'DEPOSIT'));

		const middle = whole[3]!; // the first withdrawal's hold
		const from = middle.createdAt;
		const to = new Date(whole[1]!.createdAt.getTime());
		const window = (await app.as(requester).wallet.statement({ from, to, limit: 100 })).items;
		expect(window).toEqual(whole.filter((i) => i.createdAt >= from && i.createdAt < to));
		expect(window.length).toBeGreaterThan(0);
	});

	it('refuses a forged cursor and a period that ends before it starts', async () => {
		await expect(app.as(requester).wallet.statement({ cursor: 'nonsense' })).rejects.toMatchObject({
			code: 'BAD_REQUEST',
			cause: { key: 'bad_cursor' }
		});
		await expect(
			app.as(requester).wallet.statement({ from: new Date('2026-12-02'), to: new Date('2026-12-01') })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(app.as(requester).wallet.statement({ limit: 101 })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
	});

	it('shows a stranger only their own (empty) wallet, and nobody without a session', async () => {
		const stranger = await app.user();
		expect(await app.as(stranger).wallet.statement({})).toEqual({
			currency: 'CNY',
			items: [],
			nextCursor: null
		});
		// A cursor taken from someone else's statement still reads only the caller's wallet.
		const page = await app.as(requester).wallet.statement({ limit: 1 });
		expect((await app.as(stranger).wallet.statement({ cursor: page.nextCursor! })).items).toEqual([]);
		await expect(app.as(null).wallet.statement({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
	});
});
