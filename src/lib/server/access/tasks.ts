// Who takes part in a task: its requester, the worker holding it (or who held it when it ended) and the
// platform's admins. They alone see its private parts: the conversation, the disputes, the handovers.
// What each may *do* with the task is the state machine's (domain/task-state.ts); rating is
// domain/trust.ts `ratingFor`.
import { DomainError } from '$lib/domain/errors';
import { isThreadParticipant, type TaskParties } from '$lib/domain/trust';
import type { Actor } from '../core/actor';

/** Whether `actor` takes part in the task (requester, its worker, or an admin). */
export const isParticipant = (task: TaskParties, actor: Actor): boolean => isThreadParticipant(task, actor);

const REFUSALS = {
	messages: () =>
		new DomainError(
			'FORBIDDEN',
			'message_not_participant',
			'Only the requester, the worker of this task and the platform take part in its messages.'
		),
	disputes: () =>
		new DomainError(
			'FORBIDDEN',
			'task_not_participant',
			'Only the requester or the worker holding this task can see its disputes.'
		)
};

/** Refuses anyone who does not take part in the task, saying what they may not see. */
export function assertParticipant(task: TaskParties, actor: Actor, what: keyof typeof REFUSALS): void {
	if (!isParticipant(task, actor)) throw REFUSALS[what]();
}

/** A task's disputes (statements, evidence, the decision) are its participants'. */
export const canSeeDispute = (task: TaskParties, actor: Actor): boolean => isParticipant(task, actor);
