// Cancelling a claimed task takes both sides: the requester asks, the worker consents (full refund) or
// declines (the claim runs on). Strangers can do none of it; replays change nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicUser } from '$lib/server/auth/users';
import { createTestApp, type TestApp } from '../support/app';
import { balanceOfEscrow, balanceOfWallet, ledgerAudit } from '../support/ledger';
import { taskInput } from '../fixtures';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp();
});
afterAll(() => app.close());

async function claimed(bounty = 9_000n) {
	const { requester, worker, task } = await app.claimedTask({ bounty, fund: bounty + 500n });
	return { requester, worker, taskId: task.id };
}

const kindsOf = async (user: PublicUser, taskId: string) =>
	(
		await app.db.notification.findMany({ where: { userId: user.id, taskId }, orderBy: { createdAt: 'asc' } })
	).map((n) => n.kind);

describe('cancelling a claimed task', () => {
	it('is refused outright: it needs the worker’s consent', async () => {
		const { requester, taskId } = await claimed();
		await expect(app.as(requester).task.cancel({ taskId })).rejects.toMatchObject({
			code: 'CONFLICT',
			cause: { key: 'task_needs_consent' }
		});
		expect((await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('CLAIMED');
	});

	it('request → consent: cancelled, the whole bounty back to the requester, once', async () => {
		const { requester, worker, taskId } = await claimed(9_000n);
		const asked = await app.as(requester).task.requestCancel({ taskId });
		expect(asked).toMatchObject({ id: taskId, status: 'CLAIMED', cancelRequestedAt: expect.any(Date) });
		expect((await app.as(worker).task.get({ id: taskId })).private?.cancelRequestedAt).toEqual(
			asked.cancelRequestedAt
		);
		await expect(app.as(requester).task.requestCancel({ taskId })).rejects.toMatchObject({
			code: 'CONFLICT',
			cause: { key: 'task_already_requested' }
		});
		expect(await kindsOf(worker, taskId)).toEqual(['cancel_requested']);

		const mutationId = randomUUID();
		for (let i = 0; i < 3; i++) {
			expect(await app.as(worker).task.consentCancel({ taskId, mutationId })).toEqual({
				id: taskId,
				status: 'CANCELLED'
			});
		}
		const task = await app.db.task.findUniqueOrThrow({ where: { id: taskId } });
		expect(task).toMatchObject({ status: 'CANCELLED', claimExpiresAt: null, cancelRequestedAt: null });
		expect(await balanceOfEscrow(app.db, taskId)).toBe(0n);
		expect(await balanceOfWallet(app.db, requester.id)).toBe(9_500n);
		expect(await balanceOfWallet(app.db, worker.id)).toBe(0n);
		const refunds = await app.db.transfer.findMany({ where: { taskId, code: 'REFUND' } });
		expect(refunds.map((t) => [t.key, t.amount])).toEqual([[`refund:${taskId}`, 9_000n]]);
		expect(await kindsOf(requester, taskId)).toEqual(['claimed', 'cancelled']);
		await expect(app.as(worker).task.consentCancel({ taskId })).rejects.toMatchObject({ code: 'CONFLICT' });
		expect(await ledgerAudit(app.db)).toMatchObject({ sum: 0n, mismatched: [], negative: [] });
	});

	it('request → decline: the claim runs on and the requester is told; they may ask again', async () => {
		const { requester, worker, taskId } = await claimed();
		const deadline = (await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).claimExpiresAt;
		await app.as(requester).task.requestCancel({ taskId });
		expect(await app.as(worker).task.declineCancel({ taskId })).toEqual({
			id: taskId,
			status: 'CLAIMED',
			cancelRequestedAt: null
		});
		const task = await app.db.task.findUniqueOrThrow({ where: { id: taskId } });
		expect(task).toMatchObject({ status: 'CLAIMED', claimantId: worker.id, cancelRequestedAt: null });
		expect(task.claimExpiresAt).toEqual(deadline);
		expect(await balanceOfEscrow(app.db, taskId)).toBe(9_000n);
		expect(await kindsOf(requester, taskId)).toEqual(['claimed', 'cancel_declined']);
		await expect(app.as(worker).task.consentCancel({ taskId })).rejects.toMatchObject({
			code: 'CONFLICT',
			cause: { key: 'task_not_requested' }
		});
		await app.as(requester).task.requestCancel({ taskId });
		expect(await kindsOf(worker, taskId)).toEqual(['cancel_requested', 'cancel_requested']);
	});

	it('only the requester asks, only the worker answers; strangers change nothing', async () => {
		const { requester, worker, taskId } = await claimed();
		const stranger = await app.user();
		await expect(app.as(worker).task.requestCancel({ taskId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(app.as(stranger).task.requestCancel({ taskId })).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		await app.as(requester).task.requestCancel({ taskId });
		for (const caller of [requester, stranger]) {
			await expect(app.as(caller).task.consentCancel({ taskId })).rejects.toMatchObject({
				code: 'FORBIDDEN'
			});
			await expect(app.as(caller).task.declineCancel({ taskId })).rejects.toMatchObject({
				code: 'FORBIDDEN'
			});
		}
		await expect(app.as(requester).task.requestCancel({ taskId: randomUUID() })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		await expect(app.as(null).task.consentCancel({ taskId })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
		const task = await app.db.task.findUniqueOrThrow({ where: { id: taskId } });
		expect(task).toMatchObject({ status: 'CLAIMED', claimantId: worker.id });
		expect(task.cancelRequestedAt).not.toBeNull();
		expect(await balanceOfEscrow(app.db, taskId)).toBe(9_000n);
	});

	it('an open task’s request is refused (cancel it directly instead)', async () => {
		const requester = await app.user();
		await app.fund(requester, 1_000n);
		const task = await app.as(requester).task.publish(taskInput({ bounty: 1_000n }));
		await expect(app.as(requester).task.requestCancel({ taskId: task.id })).rejects.toMatchObject({
			code: 'CONFLICT',
			cause: { key: 'task_wrong_status' }
		});
	});
});
