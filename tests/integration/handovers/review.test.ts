// Review around the platform's decision: the requester's confirm/objection, the queue's SLA flag, the
// audit of every approval and rejection, the rework limit that turns into a dispute, and who is told what.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHours } from '$lib/domain/task-state';
import { reviewQueue } from '$lib/server/handovers/handovers';
import type { PublicUser } from '$lib/server/auth/users';
import { createTestApp, type TestApp } from '../support/app';
import { balanceOfEscrow, ledgerAudit } from '../support/ledger';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp({ MAX_REWORK_ROUNDS: '1', REVIEW_SLA_HOURS: '24', COMMISSION_BPS: '1000' });
});
afterAll(() => app.close());

async function submitted(bounty = 6_000n) {
	const { requester, worker, task } = await app.claimedTask({ bounty });
	const handover = await app.as(worker).handover.submit({ taskId: task.id, report: 'Done', fileIds: [] });
	return { requester, worker, taskId: task.id, handoverId: handover.id };
}

const kindsOf = async (user: PublicUser, taskId: string) =>
	(
		await app.db.notification.findMany({ where: { userId: user.id, taskId }, orderBy: { createdAt: 'asc' } })
	).map((n) => n.kind);

describe('handover.confirm / handover.object', () => {
	it('records the requester’s verdict on the pending handover, idempotently, and tells the worker', async () => {
		const { requester, worker, taskId, handoverId } = await submitted();
		const mutationId = randomUUID();
		const first = await app.as(requester).handover.confirm({ taskId, mutationId });
		expect(first).toMatchObject({ handoverId, taskId, verdict: 'CONFIRMED', reason: null });
		expect(await app.as(requester).handover.confirm({ taskId, mutationId })).toEqual(first);
		// Confirming again without an id changes nothing either: same time, no second notification.
		expect((await app.as(requester).handover.confirm({ taskId })).requesterAt).toEqual(first.requesterAt);
		expect(await kindsOf(worker, taskId)).toEqual(['confirmed']);

		const objected = await app.as(requester).handover.object({ taskId, reason: '  The tap still drips.  ' });
		expect(objected).toMatchObject({ verdict: 'OBJECTED', reason: 'The tap still drips.' });
		expect(await app.db.handover.findUniqueOrThrow({ where: { id: handoverId } })).toMatchObject({
			requesterVerdict: 'OBJECTED',
			requesterReason: 'The tap still drips.'
		});
		expect(await kindsOf(worker, taskId)).toEqual(['confirmed', 'objected']);
		expect(await kindsOf(requester, taskId)).toEqual(['claimed', 'handed_over']);

		const view = await app.as(requester).task.get({ id: taskId });
		expect(view.private?.handovers[0]).toMatchObject({
			requesterVerdict: 'OBJECTED',
			requesterReason: 'The tap still drips.'
		});
	});

	it('is for the requester only, on a task under review, with a reason to object', async () => {
		const { requester, worker, taskId, handoverId } = await submitted();
		const stranger = await app.user();
		for (const caller of [worker, stranger]) {
			await expect(app.as(caller).handover.confirm({ taskId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
			await expect(app.as(caller).handover.object({ taskId, reason: 'Not good' })).rejects.toMatchObject({
				code: 'FORBIDDEN'
			});
		}
		await expect(app.as(requester).handover.object({ taskId, reason: ' ' })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		await expect(app.as(requester).handover.confirm({ taskId: randomUUID() })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		expect(await app.db.handover.findUniqueOrThrow({ where: { id: handoverId } })).toMatchObject({
			requesterVerdict: null,
			requesterAt: null
		});
		// Once reviewed, there is nothing left to confirm.
		await app.as(await app.admin()).admin.approve({ handoverId });
		await expect(app.as(requester).handover.confirm({ taskId })).rejects.toMatchObject({
			code: 'CONFLICT',
			cause: { key: 'task_wrong_status' }
		});
	});
});

describe('admin.reviewQueue', () => {
	it('lists pending handovers oldest first with the verdict, flagging those past the review SLA', async () => {
		const admin = await app.admin();
		const old = await submitted();
		const fresh = await submitted();
		await app.as(old.requester).handover.object({ taskId: old.taskId, reason: 'Missing photos.' });
		await app.as(fresh.requester).handover.confirm({ taskId: fresh.taskId });
		await app.db.handover.update({
			where: { id: old.handoverId },
			data: { createdAt: addHours(new Date(), -25) }
		});
		const queue = await app.as(admin).admin.reviewQueue();
		expect(queue.reviewSlaHours).toBe(24);
		const ids = queue.items.map((i) => i.id);
		expect(ids.indexOf(old.handoverId)).toBeLessThan(ids.indexOf(fresh.handoverId));
		expect(queue.items.find((i) => i.id === old.handoverId)).toMatchObject({
			overdue: true,
			requesterVerdict: 'OBJECTED',
			requesterReason: 'Missing photos.'
		});
		expect(queue.items.find((i) => i.id === fresh.handoverId)).toMatchObject({
			overdue: false,
			requesterVerdict: 'CONFIRMED',
			requesterReason: null
		});
		// Exactly at the SLA it is not yet overdue; a moment later it is.
		const created = (await app.db.handover.findUniqueOrThrow({ where: { id: fresh.handoverId } })).createdAt;
		const deps = { db: app.db, config: app.config };
		const at = (now: Date) =>
			reviewQueue(deps, { userId: admin.id, isAdmin: true }, now).then(
				(q) => q.items.find((i) => i.id === fresh.handoverId)?.overdue
			);
		expect(await at(addHours(created, 24))).toBe(false);
		expect(await at(new Date(addHours(created, 24).getTime() + 1))).toBe(true);
	});
});

describe('approve and reject: audit and notifications', () => {
	it('audits an approval with the status before and after; tells worker (approved, paid) and requester', async () => {
		const admin = await app.admin();
		const { requester, worker, taskId, handoverId } = await submitted(10_000n);
		await app.as(admin).admin.approve({ handoverId });
		const entries = await app.db.auditEntry.findMany({ where: { targetId: handoverId } });
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			actorId: admin.id,
			action: 'admin.approve',
			targetType: 'handover',
			before: { status: 'PENDING', taskId, taskStatus: 'SUBMITTED' },
			after: { status: 'APPROVED', taskId, taskStatus: 'COMPLETED', payout: '9000', fee: '1000' }
		});
		expect(await kindsOf(worker, taskId)).toEqual(['approved', 'paid']);
		expect(await kindsOf(requester, taskId)).toEqual(['claimed', 'handed_over', 'approved']);
		const paid = await app.db.notification.findFirstOrThrow({
			where: { userId: worker.id, kind: 'paid', taskId }
		});
		expect(paid.data).toMatchObject({ amount: '9000', currency: 'CNY' });
		expect(await app.db.handover.findUniqueOrThrow({ where: { id: handoverId } })).toMatchObject({
			reviewerId: admin.id,
			autoReleased: false
		});
	});

	it('with the rework rounds used up, a rejection opens a dispute whose statement is the reason', async () => {
		const admin = await app.admin();
		const { requester, worker, taskId, handoverId } = await submitted(7_000n);
		// Round 1 of 1: back to the worker.
		const first = await app.as(admin).admin.reject({ handoverId, reason: 'Blurred photo.' });
		expect(first).toMatchObject({ status: 'REJECTED', taskStatus: 'CLAIMED', disputeId: null });
		expect(await app.db.dispute.count({ where: { taskId } })).toBe(0);
		expect(await kindsOf(worker, taskId)).toEqual(['rejected']);

		const second = await app.as(worker).handover.submit({ taskId, report: 'Retaken', fileIds: [] });
		await expect(app.as(admin).admin.reject({ handoverId: second.id, reason: '  ' })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		const result = await app.as(admin).admin.reject({ handoverId: second.id, reason: 'Still blurred.' });
		expect(result).toMatchObject({
			status: 'REJECTED',
			taskStatus: 'DISPUTED',
			disputeId: expect.any(String)
		});

		const task = await app.db.task.findUniqueOrThrow({ where: { id: taskId } });
		expect(task).toMatchObject({ status: 'DISPUTED', claimantId: worker.id, reworkCount: 1 });
		const disputes = await app.db.dispute.findMany({ where: { taskId } });
		expect(disputes).toHaveLength(1);
		expect(disputes[0]).toMatchObject({
			id: result.disputeId,
			openedById: null,
			statement: 'Still blurred.',
			statusBefore: 'SUBMITTED',
			status: 'OPEN'
		});
		expect(await balanceOfEscrow(app.db, taskId)).toBe(7_000n);
		expect(await kindsOf(worker, taskId)).toEqual(['rejected', 'rejected', 'disputed']);
		expect(await kindsOf(requester, taskId)).toEqual(['claimed', 'handed_over', 'handed_over', 'disputed']);

		const audits = await app.db.auditEntry.findMany({
			where: { action: 'admin.reject', targetId: { in: [handoverId, second.id] } },
			orderBy: { createdAt: 'asc' }
		});
		expect(audits.map((a) => [a.before, a.after])).toEqual([
			[
				{ status: 'PENDING', taskId, taskStatus: 'SUBMITTED' },
				{ status: 'REJECTED', taskId, taskStatus: 'CLAIMED', reason: 'Blurred photo.', disputeId: null }
			],
			[
				{ status: 'PENDING', taskId, taskStatus: 'SUBMITTED' },
				{
					status: 'REJECTED',
					taskId,
					taskStatus: 'DISPUTED',
					reason: 'Still blurred.',
					disputeId: result.disputeId
				}
			]
		]);
		expect(await ledgerAudit(app.db)).toMatchObject({ sum: 0n, mismatched: [], negative: [] });
	});

	it('tells the requester when a worker claims and when they release', async () => {
		const { requester, worker, task } = await app.claimedTask({ bounty: 1_000n });
		await app.as(worker).task.release({ taskId: task.id });
		expect(await kindsOf(requester, task.id)).toEqual(['claimed', 'released']);
		expect(await kindsOf(worker, task.id)).toEqual([]);
	});
});
