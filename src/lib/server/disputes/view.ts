// A dispute as its task's participants see it: shared by dispute.forTask, task.get and the admin list.
import type { DisputeOpener } from '$lib/domain/disputes';
import type { Db, Prisma, Tx } from '../db';

const fileSelect = { id: true, name: true, mimeType: true, size: true } as const;

/** A dispute as its task's participants see it. */
export const disputeSummarySelect = {
	id: true,
	taskId: true,
	status: true,
	statement: true,
	statusBefore: true,
	createdAt: true,
	openedById: true,
	workerAmount: true,
	requesterAmount: true,
	fee: true,
	reason: true,
	resolvedAt: true,
	files: { orderBy: { position: 'asc' }, select: { file: { select: fileSelect } } },
	task: { select: { requesterId: true } }
} satisfies Prisma.DisputeSelect;

type DisputeRow = Prisma.DisputeGetPayload<{ select: typeof disputeSummarySelect }>;

export const openerOf = (openedById: string | null, requesterId: string): DisputeOpener =>
	openedById === null ? 'platform' : openedById === requesterId ? 'requester' : 'worker';

export function presentDispute(row: DisputeRow) {
	const { task, files, openedById, workerAmount, fee, ...rest } = row;
	return {
		...rest,
		openedBy: openerOf(openedById, task.requesterId),
		workerAmount,
		fee,
		/** What reached the worker's wallet (null until resolved). */
		workerNet: workerAmount !== null && fee !== null ? workerAmount - fee : null,
		files: files.map((f) => f.file)
	};
}
export type DisputeSummary = ReturnType<typeof presentDispute>;

/** The open dispute of a task, else its latest one; null when it never had one. */
export async function latestDispute(db: Db | Tx, taskId: string): Promise<DisputeSummary | null> {
	const rows = await db.dispute.findMany({
		where: { taskId },
		orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
		select: disputeSummarySelect
	});
	const row = rows.find((d) => d.status === 'OPEN') ?? rows[0];
	return row ? presentDispute(row) : null;
}
