// Reading tasks: one task as the caller may see it, and the caller's own tasks.
import type { Prisma, Db } from '../db';
import type { TaskCategory } from '../db/generated/enums';
import { notFound, type Actor } from '../core/actor';
import { isParticipant } from '../access/tasks';
import { latestDispute } from '../disputes/view';
import { feedItemSelect, presentPublic, toApiCategory, toApiKind, viewableTaskSelect } from './selects';

/** The public view of a task and the caller's relation to it, which the UI turns into "yours", "taken"… */
export function viewOf(
	task: Prisma.TaskGetPayload<{ select: typeof viewableTaskSelect }>,
	actor: Actor | null
) {
	const { claimantId, ...publicPart } = task;
	const isRequester = actor?.userId === task.requester.id;
	const isClaimant = !!actor && actor.userId === claimantId;
	return {
		...presentPublic(publicPart),
		viewer: { isRequester, isClaimant, isAdmin: !!actor?.isAdmin, takenByOther: !!claimantId && !isClaimant }
	};
}

/**
 * A task as the caller may see it. Anyone sees the public details; the requester, the worker holding
 * it and admins also see who holds it and the handover history.
 */
export async function getTask(db: Db, actor: Actor | null, taskId: string) {
	const task = await db.task.findUnique({
		where: { id: taskId },
		select: {
			...viewableTaskSelect,
			claimedAt: true,
			reworkCount: true,
			commissionBps: true,
			claimHours: true,
			claimExpiresAt: true,
			requireVerified: true,
			cancelRequestedAt: true
		}
	});
	if (!task) throw notFound('This task');
	const { claimedAt, reworkCount, commissionBps, claimExpiresAt, cancelRequestedAt, ...viewable } = task;
	const { claimHours, requireVerified } = task;
	const view = viewOf(viewable, actor);
	// A worker whose claim on this task ran out is told so (when they do not hold it again).
	const lapse =
		actor && !view.viewer.isClaimant
			? await db.claimLapse.findFirst({
					where: { taskId, workerId: actor.userId },
					orderBy: { expiredAt: 'desc' },
					select: { expiredAt: true }
				})
			: null;
	const base = { ...view, viewer: { ...view.viewer, claimLapsedAt: lapse?.expiredAt ?? null } };
	const claimantId = task.claimantId;
	if (!actor || !isParticipant({ ...task, requesterId: task.requester.id }, actor)) {
		return { ...base, private: null };
	}
	// A worker sees their own handovers, never those of a worker who held the task before them.
	const ownOnly = !base.viewer.isRequester && !base.viewer.isAdmin && actor ? actor.userId : null;
	const handovers = await db.handover.findMany({
		where: { taskId, ...(ownOnly ? { workerId: ownOnly } : {}) },
		orderBy: { createdAt: 'desc' },
		select: {
			id: true,
			report: true,
			status: true,
			reviewReason: true,
			reviewedAt: true,
			autoReleased: true,
			requesterVerdict: true,
			requesterReason: true,
			requesterAt: true,
			createdAt: true,
			files: {
				orderBy: { position: 'asc' },
				select: { file: { select: { id: true, name: true, mimeType: true, size: true } } }
			}
		}
	});
	const claimant = claimantId
		? await db.user.findUnique({
				where: { id: claimantId },
				select: { id: true, displayName: true, kind: true, verifiedAt: true }
			})
		: null;
	return {
		...base,
		private: {
			claimant: claimant && { ...claimant, kind: toApiKind(claimant.kind) },
			claimedAt,
			reworkCount,
			commissionBps,
			/** Hours a claimant has to hand over, and the running claim's deadline (while CLAIMED). */
			claimHours,
			claimExpiresAt,
			requireVerified,
			/** When the requester asked to cancel the claimed task (waiting for the worker's answer). */
			cancelRequestedAt,
			handovers: handovers.map((h) => ({ ...h, files: h.files.map((f) => f.file) })),
			/** The open dispute, else the last one; null if there never was one. */
			dispute: await latestDispute(db, taskId)
		}
	};
}

/**
 * My tasks as requester and as worker, newest first; a claimed task carries its deadline. `lapsed` lists
 * the tasks whose claim ran out on me lately (they are open to others again).
 */
export async function myTasks(db: Db, actor: Actor) {
	const [posted, claimed, lapses] = await Promise.all([
		db.task.findMany({
			where: { requesterId: actor.userId },
			orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
			take: 100,
			select: feedItemSelect
		}),
		db.task.findMany({
			where: { claimantId: actor.userId },
			orderBy: [{ claimedAt: 'desc' }, { id: 'desc' }],
			take: 100,
			select: { ...feedItemSelect, claimExpiresAt: true, cancelRequestedAt: true }
		}),
		db.claimLapse.findMany({
			where: { workerId: actor.userId },
			orderBy: [{ expiredAt: 'desc' }, { id: 'desc' }],
			take: 20,
			select: { expiredAt: true, task: { select: feedItemSelect } }
		})
	]);
	const present = <T extends { category: TaskCategory }>(
		t: T
	): Omit<T, 'category'> & { category: Lowercase<TaskCategory> } => ({
		...t,
		category: toApiCategory(t.category)
	});
	// One line per task, and none for a task I hold again.
	const shown = new Set(claimed.map((t) => t.id));
	const lapsed = lapses.filter((l) => !shown.has(l.task.id) && shown.add(l.task.id));
	return {
		posted: posted.map(present),
		claimed: claimed.map(present),
		lapsed: lapsed.map((l) => ({ ...present(l.task), expiredAt: l.expiredAt }))
	};
}
