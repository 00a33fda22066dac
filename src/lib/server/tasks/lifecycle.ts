// The lifecycle core: lock a task's row, ask the pure state machine (domain/task-state) whether an event
// is allowed (decide), and write the answer and its money effects in the same transaction (commit). Every
// task command goes through here; taskCommand gives them one shape.
import { DomainError } from '$lib/domain/errors';
import {
	transition,
	type Refusal,
	type TaskEvent,
	type TaskFacts,
	type TransitionResult
} from '$lib/domain/task-state';
import type { Prisma, Task, Tx } from '../db';
import { notFound, type Actor } from '../core/actor';
import type { ServiceDeps } from '../core/context';
import { runMutation } from '../core/mutations';
import { applyEffects, type EffectContext } from './effects';

/** Locks the task row for the rest of the transaction and returns what the state machine needs. */
export async function lockTask(tx: Tx, taskId: string): Promise<Task> {
	const locked = await tx.$queryRaw<
		{ id: string }[]
	>`SELECT "id" FROM "Task" WHERE "id" = ${taskId}::uuid FOR UPDATE`;
	if (locked.length === 0) throw notFound('This task');
	return tx.task.findUniqueOrThrow({ where: { id: taskId } });
}

export const facts = (task: {
	status: TaskFacts['status'];
	requesterId: string;
	claimantId: string | null;
	bounty: bigint;
	reworkCount: number;
	claimHours: number;
	claimExpiresAt: Date | null;
	cancelRequestedAt: Date | null;
	requireVerified: boolean;
}): TaskFacts => ({
	status: task.status,
	requesterId: task.requesterId,
	claimantId: task.claimantId,
	bounty: task.bounty,
	reworkCount: task.reworkCount,
	claimHours: task.claimHours,
	claimExpiresAt: task.claimExpiresAt,
	cancelRequested: task.cancelRequestedAt !== null,
	requireVerified: task.requireVerified
});

export const REFUSAL_MESSAGES: Record<Refusal, string> = {
	taken: 'Someone else has already taken this task.',
	own_task: 'You cannot claim a task you posted.',
	not_open: 'This task is no longer open.',
	not_verified: 'This task is open to verified workers only: verify your identity first.',
	not_claimant: 'Only the worker who holds this task can do this.',
	not_requester: 'Only the requester of this task can do this.',
	not_participant: 'Only the requester or the worker holding this task can do this.',
	not_admin: 'Only platform admins may do this.',
	not_system: 'Only the platform itself does this, on a timer.',
	not_due: 'It is not time for this yet.',
	claim_lapsed: 'Your claim on this task ran out before the handover arrived.',
	needs_consent:
		'A claimed task can be cancelled only with the worker’s consent: ask them, or open a dispute.',
	already_requested: 'A cancellation request is already waiting for the worker.',
	not_requested: 'There is no cancellation request to answer.',
	bad_amount: 'The worker’s part must be between 0 and the whole bounty.',
	own_review: 'Another admin must review or settle this task: you posted it.',
	wrong_status: 'This task is not in a state that allows this.'
};

/** Turns a refusal into the error a caller receives, for events that are not claims. */
export function refusalError(refusal: Refusal): DomainError {
	const forbidden: Refusal[] = [
		'own_task',
		'not_verified',
		'not_claimant',
		'not_requester',
		'not_participant',
		'not_admin',
		'not_system',
		'own_review'
	];
	const code = forbidden.includes(refusal)
		? 'FORBIDDEN'
		: refusal === 'bad_amount'
			? 'BAD_REQUEST'
			: 'CONFLICT';
	return new DomainError(code, `task_${refusal}`, REFUSAL_MESSAGES[refusal]);
}

export type Accepted = Extract<TransitionResult, { ok: true }>;

/** Asks the state machine; a refusal becomes the caller's error. */
export function decide(task: Task, event: TaskEvent, actor: Actor, now: Date = new Date()): Accepted {
	const result = transition(facts(task), event, actor, now);
	if (!result.ok) throw refusalError(result.refusal);
	return result;
}

export interface CommitOptions extends EffectContext {
	/** Columns the command changes beside the state machine's (a claim's claimedAt, an edit's details). */
	extra?: Prisma.TaskUpdateManyMutationInput;
	now?: Date;
}

/** Writes an accepted transition to the locked task and carries out its effects (./effects). */
export async function commit(tx: Tx, task: Task, accepted: Accepted, options: CommitOptions = {}) {
	const { extra = {}, now = new Date(), ...context } = options;
	const { next } = accepted;
	const updated = await tx.task.updateMany({
		where: { id: task.id, status: task.status },
		data: {
			status: next.status,
			claimantId: next.claimantId,
			reworkCount: next.reworkCount,
			claimExpiresAt: next.claimExpiresAt,
			cancelRequestedAt: next.cancelRequested ? (task.cancelRequestedAt ?? now) : null,
			...extra
		}
	});
	// The row is locked, so this cannot happen unless the lock was not taken: fail loudly.
	if (updated.count !== 1) throw new Error(`Task ${task.id} changed under its lock.`);
	const outcome = await applyEffects(tx, task, accepted.effects, context);
	return { ...accepted, ...outcome };
}

/** Applies an event to a locked task: decide, then commit. Throws the refusal as an error. */
export async function applyEvent(
	tx: Tx,
	task: Task,
	event: TaskEvent,
	actor: Actor,
	options: CommitOptions = {}
) {
	return commit(tx, task, decide(task, event, actor, options.now), options);
}

type TaskInput = { taskId: string; mutationId?: string | undefined } & Record<string, unknown>;

/**
 * The shape of every task command: an idempotent mutation (core/mutations) that locks the task first, so
 * the work sees the task as no one else can change it until the transaction ends.
 */
export function taskCommand<I extends TaskInput, T>(
	deps: ServiceDeps,
	actor: Actor,
	name: string,
	input: I,
	work: (tx: Tx, task: Task) => Promise<T>
): Promise<T> {
	return runMutation(deps.db, { userId: actor.userId, name, input }, async (tx) =>
		work(tx, await lockTask(tx, input.taskId))
	);
}
