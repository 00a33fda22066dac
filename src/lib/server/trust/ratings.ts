// Ratings: once a task is COMPLETED its requester and its worker rate each other, once each. The rule of who
// may rate is domain/trust's `ratingFor`; the unique (taskId, raterId) key makes "once" hold under races.
import { DomainError } from '$lib/domain/errors';
import type { RatingSubmitInput } from '$lib/domain/schemas/trust';
import { ratingFor } from '$lib/domain/trust';
import type { Db } from '../db';
import { notFound, type Actor } from '../core/actor';
import { notify } from '../notifications/notify';
import { inTransaction } from '../core/transaction';

const alreadyRated = () => new DomainError('CONFLICT', 'already_rated', 'You have already rated this task.');

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === 'P2002';

export async function submitRating(db: Db, actor: Actor, input: RatingSubmitInput) {
	try {
		return await inTransaction(db, async (tx) => {
			const task = await tx.task.findUnique({
				where: { id: input.taskId },
				select: { id: true, status: true, requesterId: true, claimantId: true }
			});
			if (!task) throw notFound('This task');
			const decision = ratingFor(task, actor.userId);
			if (!decision.ok) {
				throw decision.refusal === 'not_participant'
					? new DomainError(
							'FORBIDDEN',
							'rating_not_participant',
							'Only the requester and the worker of a task rate it.'
						)
					: new DomainError('CONFLICT', 'rating_not_completed', 'A task can be rated once it is completed.');
			}
			const existing = await tx.rating.findUnique({
				where: { taskId_raterId: { taskId: task.id, raterId: actor.userId } },
				select: { id: true }
			});
			if (existing) throw alreadyRated();
			const rating = await tx.rating.create({
				data: {
					taskId: task.id,
					raterId: actor.userId,
					rateeId: decision.rateeId,
					score: input.score,
					comment: input.comment || null
				},
				select: { id: true, taskId: true, rateeId: true, score: true, comment: true, createdAt: true }
			});
			await notify(tx, {
				userId: decision.rateeId,
				kind: 'rated',
				taskId: task.id,
				data: { score: input.score, role: decision.role }
			});
			return { ...rating, role: decision.role };
		});
	} catch (error) {
		// Two submissions at once: the second loses on the unique key.
		if (isUniqueViolation(error)) throw alreadyRated();
		throw error;
	}
}

/** The caller's own ratings of a task and whether they may still rate it (for the task page). */
export async function ratingState(db: Db, actor: Actor, taskId: string) {
	const task = await db.task.findUnique({
		where: { id: taskId },
		select: { status: true, requesterId: true, claimantId: true }
	});
	if (!task) throw notFound('This task');
	const decision = ratingFor(task, actor.userId);
	const isParty = actor.userId === task.requesterId || actor.userId === task.claimantId;
	if (!isParty) {
		throw new DomainError(
			'FORBIDDEN',
			'rating_not_participant',
			'Only the requester and the worker of a task rate it.'
		);
	}
	const given = await db.rating.findUnique({
		where: { taskId_raterId: { taskId, raterId: actor.userId } },
		select: { score: true, comment: true, createdAt: true }
	});
	return { canRate: decision.ok && !given, role: decision.ok ? decision.role : null, given };
}
