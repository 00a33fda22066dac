// The one writer of dispute rows. A dispute opens either because a party asks (dispute.open) or because the
// platform's review used up the rework rounds (the state machine's `open_dispute` effect, see
// tasks/effects.ts); both come here, under the task's lock, right after the task became DISPUTED.
import type { Tx } from '../db';
import type { TaskStatus } from '../db/generated/enums';

export interface NewDispute {
	taskId: string;
	/** null: the platform itself opened it. */
	openedById: string | null;
	statement: string;
	statusBefore: TaskStatus;
	fileIds?: string[];
}

/** The partial unique index keeps one open dispute per task. */
export async function recordDispute(tx: Tx, dispute: NewDispute) {
	return tx.dispute.create({
		data: {
			taskId: dispute.taskId,
			openedById: dispute.openedById,
			statement: dispute.statement,
			statusBefore: dispute.statusBefore,
			files: { create: (dispute.fileIds ?? []).map((fileId, position) => ({ fileId, position })) }
		},
		select: { id: true, taskId: true, status: true, statusBefore: true, createdAt: true }
	});
}
