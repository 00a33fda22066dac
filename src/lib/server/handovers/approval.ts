// An approved handover: the one ending shared by an admin's approval and the auto-release timer. The money
// has already moved (the state machine's release_to_worker effect, tasks/effects.ts); this records who
// approved it and tells the worker and the requester.
import type { Task, Tx } from '../db';
import { notify } from '../notifications/notify';

/** `reviewerId` null: the timer released it. */
export async function markApproved(
	tx: Tx,
	task: Pick<Task, 'id' | 'title' | 'requesterId' | 'currency'>,
	handover: { id: string; workerId: string },
	reviewerId: string | null,
	now: Date,
	payout: bigint
) {
	await tx.handover.update({
		where: { id: handover.id },
		data: { status: 'APPROVED', reviewerId, reviewedAt: now, autoReleased: reviewerId === null }
	});
	const data = { title: task.title, autoReleased: reviewerId === null };
	await notify(
		tx,
		{ userId: handover.workerId, kind: 'approved', taskId: task.id, data },
		{ userId: task.requesterId, kind: 'approved', taskId: task.id, data },
		{
			userId: handover.workerId,
			kind: 'paid',
			taskId: task.id,
			data: { title: task.title, amount: payout, currency: task.currency }
		}
	);
}
