// The task lifecycle as a pure function: given a task's facts, an event and who acts, it answers with the
// next facts and the money effects, or with the reason the event is refused. Services apply the answer in
// one database transaction and guard it with a conditional update, so concurrent events cannot both win.

export const TASK_STATUSES = ['OPEN', 'CLAIMED', 'SUBMITTED', 'COMPLETED', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface Actor {
	userId: string;
	isAdmin: boolean;
}

export interface TaskFacts {
	status: TaskStatus;
	requesterId: string;
	claimantId: string | null;
	reworkCount: number;
}

export type TaskEvent =
	| { type: 'claim' }
	| { type: 'release' }
	| { type: 'submit' }
	| { type: 'approve' }
	| { type: 'reject' }
	| { type: 'cancel' }
	| { type: 'edit' };

/** Money movements a transition requires; the ledger carries them out in the same transaction. */
export type TaskEffect = { type: 'release_to_worker' } | { type: 'refund_requester' };

/** Why an event is refused. Stable codes: the UI localises them and clients branch on them. */
export type Refusal =
	| 'taken' // someone else holds the task
	| 'own_task' // requesters cannot claim their own task
	| 'not_open' // the task is no longer open (cancelled or completed)
	| 'not_claimant' // only the worker who holds the task may do this
	| 'not_requester' // only the requester may do this
	| 'not_admin' // only the platform may review
	| 'wrong_status'; // the event does not apply in the task's current status

export type TransitionResult =
	{ ok: true; next: TaskFacts; effects: TaskEffect[] } | { ok: false; refusal: Refusal };

const refuse = (refusal: Refusal): TransitionResult => ({ ok: false, refusal });

export function transition(task: TaskFacts, event: TaskEvent, actor: Actor): TransitionResult {
	switch (event.type) {
		case 'claim':
			if (task.requesterId === actor.userId) return refuse('own_task');
			if (task.status === 'CLAIMED' || task.status === 'SUBMITTED') return refuse('taken');
			if (task.status !== 'OPEN') return refuse('not_open');
			return { ok: true, next: { ...task, status: 'CLAIMED', claimantId: actor.userId }, effects: [] };

		case 'release':
			// The worker gives the claim back before handing over; the task is open to others again.
			if (task.claimantId !== actor.userId) return refuse('not_claimant');
			if (task.status !== 'CLAIMED') return refuse('wrong_status');
			return { ok: true, next: { ...task, status: 'OPEN', claimantId: null }, effects: [] };

		case 'submit':
			if (task.claimantId !== actor.userId) return refuse('not_claimant');
			if (task.status !== 'CLAIMED') return refuse('wrong_status');
			return { ok: true, next: { ...task, status: 'SUBMITTED' }, effects: [] };

		case 'approve':
			if (!actor.isAdmin) return refuse('not_admin');
			if (task.status !== 'SUBMITTED') return refuse('wrong_status');
			return {
				ok: true,
				next: { ...task, status: 'COMPLETED' },
				effects: [{ type: 'release_to_worker' }]
			};

		case 'reject':
			if (!actor.isAdmin) return refuse('not_admin');
			if (task.status !== 'SUBMITTED') return refuse('wrong_status');
			// Back to the same worker for rework.
			return {
				ok: true,
				next: { ...task, status: 'CLAIMED', reworkCount: task.reworkCount + 1 },
				effects: []
			};

		case 'cancel':
			if (task.requesterId !== actor.userId) return refuse('not_requester');
			if (task.status !== 'OPEN') return refuse('wrong_status');
			return {
				ok: true,
				next: { ...task, status: 'CANCELLED' },
				effects: [{ type: 'refund_requester' }]
			};

		case 'edit':
			// Details and the bounty (upwards only, checked by the service) change only while nobody holds it.
			if (task.requesterId !== actor.userId) return refuse('not_requester');
			if (task.status !== 'OPEN') return refuse('wrong_status');
			return { ok: true, next: task, effects: [] };
	}
}

/** A task's escrow holds its whole bounty in these states and nothing in the others. */
export const isEscrowActive = (status: TaskStatus): boolean =>
	status === 'OPEN' || status === 'CLAIMED' || status === 'SUBMITTED';
