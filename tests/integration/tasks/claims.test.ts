import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { balanceOfEscrow, ledgerAudit } from '../support/ledger';
import { taskInput } from '../fixtures';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp();
});
afterAll(() => app.close());

async function openTask(bounty = 10_000n) {
	const requester = await app.user();
	await app.fund(requester, bounty);
	const task = await app.as(requester).task.publish(taskInput({ bounty }));
	return { requester, task };
}

describe('task.claim', () => {
	it('gives exactly one winner among 40 concurrent claims', async () => {
		const { task } = await openTask();
		const workers = await Promise.all(Array.from({ length: 40 }, () => app.user()));
		const results = await Promise.all(workers.map((w) => app.as(w).task.claim({ taskId: task.id })));

		const winners = results.flatMap((r, i) => (r.status === 'claimed' ? [workers[i]!.id] : []));
		expect(winners).toHaveLength(1);
		const losers = results.filter((r) => r.status === 'rejected');
		expect(losers).toHaveLength(39);
		expect(new Set(losers.map((r) => r.status === 'rejected' && r.reason))).toEqual(new Set(['taken']));

		const stored = await app.db.task.findUniqueOrThrow({ where: { id: task.id } });
		expect(stored.status).toBe('CLAIMED');
		expect(stored.claimantId).toBe(winners[0]);
		expect(await balanceOfEscrow(app.db, task.id)).toBe(10_000n);
	});

	it('refuses a claim on your own task as a result, not an error', async () => {
		const { requester, task } = await openTask();
		const result = await app.as(requester).task.claim({ taskId: task.id });
		expect(result).toMatchObject({ status: 'rejected', reason: 'own_task' });
		expect((await app.db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('OPEN');
	});

	it('applies one mutationId once even when sent five times at once', async () => {
		const { task } = await openTask();
		const worker = await app.user();
		const mutationId = randomUUID();
		const results = await Promise.all(
			Array.from({ length: 5 }, () => app.as(worker).task.claim({ taskId: task.id, mutationId }))
		);
		expect(results).toEqual(Array.from({ length: 5 }, () => ({ status: 'claimed' })));
		expect(await app.db.mutation.count({ where: { id: mutationId } })).toBe(1);
	});

	it('replays a recorded rejection instead of re-deciding', async () => {
		const { task } = await openTask();
		const [first, second] = [await app.user(), await app.user()];
		await app.as(first).task.claim({ taskId: task.id });
		const mutationId = randomUUID();
		const lost = await app.as(second).task.claim({ taskId: task.id, mutationId });
		expect(lost).toMatchObject({ status: 'rejected', reason: 'taken' });
		// Reopen the task behind the API's back: a replay must still answer what was decided the first time.
		await app.db.task.update({ where: { id: task.id }, data: { status: 'OPEN', claimantId: null } });
		const replay = await app.as(second).task.claim({ taskId: task.id, mutationId });
		expect(replay).toEqual(lost);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: task.id } })).claimantId).toBeNull();
	});

	it('refuses a mutationId reused for another call or by another user', async () => {
		const { task } = await openTask();
		const [worker, other] = [await app.user(), await app.user()];
		const mutationId = randomUUID();
		await app.as(worker).task.claim({ taskId: task.id, mutationId });
		await expect(app.as(other).task.claim({ taskId: task.id, mutationId })).rejects.toMatchObject({
			code: 'CONFLICT'
		});
		await expect(app.as(worker).task.cancel({ taskId: task.id, mutationId })).rejects.toMatchObject({
			code: 'CONFLICT'
		});
	});

	it('answers NOT_FOUND for an unknown task and UNAUTHORIZED when signed out', async () => {
		const worker = await app.user();
		await expect(app.as(worker).task.claim({ taskId: randomUUID() })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		const { task } = await openTask();
		await expect(app.as(null).task.claim({ taskId: task.id })).rejects.toMatchObject({
			code: 'UNAUTHORIZED'
		});
		await expect(app.as(worker).task.claim({ taskId: 'not-a-uuid' })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
	});

	it('keeps the ledger balanced', async () => {
		const audit = await ledgerAudit(app.db);
		expect(audit.sum).toBe(0n);
		expect(audit.mismatched).toEqual([]);
		expect(audit.negative).toEqual([]);
	});
});
