// Releasing a claim, the limit on claims held at once, editing an open task and raising its bounty.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { balanceOfEscrow, balanceOfWallet, ledgerAudit } from '../support/ledger';
import { taskInput } from '../fixtures';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp({ MAX_ACTIVE_CLAIMS: '3' });
});
afterAll(() => app.close());

async function openTasks(count: number, bounty = 1_000n) {
	const requester = await app.user();
	await app.fund(requester, bounty * BigInt(count) + 50_000n);
	const ids = [];
	for (let i = 0; i < count; i++) ids.push((await app.as(requester).task.publish(taskInput({ bounty }))).id);
	return { requester, ids };
}

describe('task.release', () => {
	it('gives the task back to the feed; only its holder can, only before handing over', async () => {
		const { ids } = await openTasks(1);
		const [worker, other] = [await app.user(), await app.user()];
		await app.as(worker).task.claim({ taskId: ids[0]! });
		await expect(app.as(other).task.release({ taskId: ids[0]! })).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		expect(await app.as(worker).task.release({ taskId: ids[0]! })).toEqual({ id: ids[0], status: 'OPEN' });
		const task = await app.db.task.findUniqueOrThrow({ where: { id: ids[0]! } });
		expect(task).toMatchObject({ status: 'OPEN', claimantId: null, claimedAt: null });
		expect((await app.as(null).task.feed({})).items.map((t) => t.id)).toContain(ids[0]);
		expect(await app.as(other).task.claim({ taskId: ids[0]! })).toEqual({ status: 'claimed' });
		await app.as(other).handover.submit({ taskId: ids[0]!, report: 'Done', fileIds: [] });
		await expect(app.as(other).task.release({ taskId: ids[0]! })).rejects.toMatchObject({ code: 'CONFLICT' });
		expect(await balanceOfEscrow(app.db, ids[0]!)).toBe(1_000n);
	});
});

describe('claims held at once', () => {
	it('stops a worker at 3, even when the claims arrive together, and frees a place on release', async () => {
		const { ids } = await openTasks(6);
		const worker = await app.user();
		const results = await Promise.all(ids.slice(0, 5).map((taskId) => app.as(worker).task.claim({ taskId })));
		expect(results.filter((r) => r.status === 'claimed')).toHaveLength(3);
		const refused = results.filter((r) => r.status === 'rejected');
		expect(refused).toHaveLength(2);
		expect(refused.every((r) => r.status === 'rejected' && r.reason === 'too_many_claims')).toBe(true);
		expect(await app.db.task.count({ where: { claimantId: worker.id } })).toBe(3);

		const heldId = (await app.db.task.findFirstOrThrow({ where: { claimantId: worker.id } })).id;
		await app.as(worker).task.release({ taskId: heldId });
		expect(await app.as(worker).task.claim({ taskId: ids[5]! })).toEqual({ status: 'claimed' });
	});
});

describe('task.update', () => {
	it('changes the details of an open task for its requester only, and not once it is claimed', async () => {
		const { requester, ids } = await openTasks(1);
		const updated = await app.as(requester).task.update({
			taskId: ids[0]!,
			title: 'Fix the tap — bring a 15 mm washer',
			category: 'engineering',
			lat: 31.23,
			lng: 121.47
		});
		expect(updated).toMatchObject({
			title: 'Fix the tap — bring a 15 mm washer',
			category: 'engineering',
			lat: 31.23
		});
		await expect(
			app.as(await app.user()).task.update({ taskId: ids[0]!, title: 'Mine now' })
		).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		await expect(app.as(requester).task.update({ taskId: ids[0]!, lat: 10 })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		await app.as(await app.user()).task.claim({ taskId: ids[0]! });
		await expect(
			app.as(requester).task.update({ taskId: ids[0]!, title: 'Changed my mind' })
		).rejects.toMatchObject({
			code: 'CONFLICT'
		});
		expect((await app.db.task.findUniqueOrThrow({ where: { id: ids[0]! } })).title).toBe(
			'Fix the tap — bring a 15 mm washer'
		);
	});
});

describe('task.raiseBounty', () => {
	it('moves the difference into escrow, once per mutation id; never down; never beyond the wallet', async () => {
		const requester = await app.user();
		await app.fund(requester, 5_000n);
		const task = await app.as(requester).task.publish(taskInput({ bounty: 2_000n }));
		const mutationId = randomUUID();
		for (let i = 0; i < 3; i++) {
			expect(
				await app.as(requester).task.raiseBounty({ taskId: task.id, bounty: 3_500n, mutationId })
			).toEqual({
				id: task.id,
				bounty: 3_500n
			});
		}
		expect(await balanceOfEscrow(app.db, task.id)).toBe(3_500n);
		expect(await balanceOfWallet(app.db, requester.id)).toBe(1_500n);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: task.id } })).bounty).toBe(3_500n);

		await expect(
			app.as(requester).task.raiseBounty({ taskId: task.id, bounty: 3_000n })
		).rejects.toMatchObject({
			code: 'BAD_REQUEST',
			cause: { key: 'bounty_not_raised' }
		});
		await expect(
			app.as(requester).task.raiseBounty({ taskId: task.id, bounty: 9_000n })
		).rejects.toMatchObject({
			code: 'BAD_REQUEST',
			cause: { key: 'insufficient_funds' }
		});
		expect(await balanceOfEscrow(app.db, task.id)).toBe(3_500n);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: task.id } })).bounty).toBe(3_500n);

		// Paid out at the raised bounty.
		const worker = await app.user();
		await app.as(worker).task.claim({ taskId: task.id });
		const handover = await app.as(worker).handover.submit({ taskId: task.id, report: 'Done', fileIds: [] });
		const approved = await app.as(await app.admin()).admin.approve({ handoverId: handover.id });
		expect(approved).toMatchObject({ payout: 3_150n, fee: 350n });
		expect(await ledgerAudit(app.db)).toMatchObject({ sum: 0n, mismatched: [], negative: [] });
	});
});
