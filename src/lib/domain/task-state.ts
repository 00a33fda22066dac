// The task lifecycle as a pure function: given a task's facts, an event, who acts and when, it answers with
// the next facts and the money effects, or with the reason the event is refused. Services apply the answer
// in one database transaction under the task's row lock, so concurrent events cannot both win.
//
//            claim                submit                approve / auto_release
//   OPEN ───────────▶ CLAIMED ───────────▶ SUBMITTED ─────────────────────────▶ COMPLETED
//    ▲  ◀─────────────  │  ◀───────────────── │ reject (rework rounds left)
//    │  release / lapse │                     │ reject (none left) ─┐
//    │                  │ open_dispute        │ open_dispute        ▼
//    │                  └─────────────────────┴──────────────▶ DISPUTED ── resolve ─▶ COMPLETED | CANCELLED
//    └─ cancel (OPEN) / consent_cancel (CLAIMED) / force_cancel (admin) ─────────────▶ CANCELLED

export const TASK_STATUSES = ['OPEN', 'CLAIMED', 'SUBMITTED', 'COMPLETED', 'CANCELLED', 'DISPUTED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface Actor {
	userId: string;
	isAdmin: boolean;
	/** The platform itself, acting on a timer (claim lapse, auto-release). */
	isSystem?: boolean;
}

/** The platform's own timers act as this actor; no user has its id. */
export const SYSTEM_ACTOR: Actor = {
	userId: '00000000-0000-0000-0000-000000000000',
	isAdmin: false,
	isSystem: true
};

export interface TaskFacts {
	status: TaskStatus;
	requesterId: string;
	claimantId: string | null;
	bounty: bigint;
	reworkCount: number;
	/** How long a claimant has to hand over. */
	claimHours: number;
	/** The running claim's deadline (set while CLAIMED). */
	claimExpiresAt: Date | null;
	/** The requester asked to cancel while the task is claimed; the worker may consent. */
	cancelRequested: boolean;
	requireVerified: boolean;
}

export type TaskEvent =
	| { type: 'claim'; workerVerified: boolean }
	| { type: 'release' }
	| { type: 'lapse' }
	| { type: 'submit' }
	| { type: 'confirm' }
	| { type: 'object' }
	| { type: 'approve' }
	/** The requester confirmed the handover at `confirmedAt`; after `autoReleaseHours` without review it pays out. */
	| { type: 'auto_release'; confirmedAt: Date | null; autoReleaseHours: number }
	| { type: 'reject'; maxReworkRounds: number }
	| { type: 'open_dispute' }
	| { type: 'resolve'; workerAmount: bigint }
	| { type: 'cancel' }
	| { type: 'request_cancel' }
	| { type: 'consent_cancel' }
	| { type: 'decline_cancel' }
	| { type: 'force_cancel' }
	| { type: 'edit' };

/** Money movements and records a transition requires; services carry them out in the same transaction. */
export type TaskEffect =
	| { type: 'release_to_worker' }
	| { type: 'refund_requester' }
	/** `workerAmount` (less commission) to the worker, the rest of the escrow back to the requester. */
	| { type: 'split'; workerAmount: bigint }
	| { type: 'record_lapse'; workerId: string }
	/** The platform opens a dispute itself (the rework rounds are used up). */
	| { type: 'open_dispute' };

/** Why an event is refused. Stable codes: the UI localises them and clients branch on them. */
export type Refusal =
	| 'taken' // someone else holds the task
	| 'own_task' // requesters cannot claim their own task
	| 'not_open' // the task is no longer open (cancelled, completed or disputed)
	| 'not_verified' // the requester asked for verified workers only
	| 'not_claimant' // only the worker who holds the task may do this
	| 'not_requester' // only the requester may do this
	| 'not_participant' // only the requester or the worker holding the task may do this
	| 'not_admin' // only the platform may do this
	| 'not_system' // only the platform's timers may do this
	| 'not_due' // a timer fired early (its deadline has not passed)
	| 'claim_lapsed' // the claim's deadline passed: it can only lapse now
	| 'needs_consent' // a claimed task is cancelled only with the worker's consent or through a dispute
	| 'already_requested' // a cancellation request is already waiting for the worker
	| 'not_requested' // there is no cancellation request to answer
	| 'bad_amount' // a dispute's award must lie between 0 and the bounty
	| 'own_review' // an admin never reviews or settles a task they posted themselves
	| 'wrong_status'; // the event does not apply in the task's current status

export type TransitionResult =
	{ ok: true; next: TaskFacts; effects: TaskEffect[] } | { ok: false; refusal: Refusal };

const HOUR_MS = 3_600_000;
export const addHours = (from: Date, hours: number): Date => new Date(from.getTime() + hours * HOUR_MS);

const refuse = (refusal: Refusal): TransitionResult => ({ ok: false, refusal });
const ok = (next: TaskFacts, effects: TaskEffect[] = []): TransitionResult => ({ ok: true, next, effects });

/** A task's escrow holds its whole bounty in these states and nothing in the others. */
export const isEscrowActive = (status: TaskStatus): boolean =>
	status === 'OPEN' || status === 'CLAIMED' || status === 'SUBMITTED' || status === 'DISPUTED';

/** States in which a worker holds the task. */
export const isHeld = (status: TaskStatus): boolean =>
	status === 'CLAIMED' || status === 'SUBMITTED' || status === 'DISPUTED';

// The next worker starts afresh: rework rounds count per claim, not per task.
const reopened = (task: TaskFacts): TaskFacts => ({
	...task,
	status: 'OPEN',
	claimantId: null,
	claimExpiresAt: null,
	cancelRequested: false,
	reworkCount: 0
});

/** A claim whose deadline has passed can only lapse (so that the lapse is recorded against the worker). */
const isOverdue = (task: TaskFacts, now: Date): boolean =>
	task.status === 'CLAIMED' && task.claimExpiresAt !== null && task.claimExpiresAt <= now;

const cancelled = (task: TaskFacts): TaskFacts => ({
	...task,
	status: 'CANCELLED',
	claimExpiresAt: null,
	cancelRequested: false
});

export function transition(
	task: TaskFacts,
	event: TaskEvent,
	actor: Actor,
	now: Date = new Date()
): TransitionResult {
	const isRequester = actor.userId === task.requesterId;
	const isClaimant = task.claimantId !== null && actor.userId === task.claimantId;
	// The platform's timers only lapse claims and release confirmed handovers.
	if (actor.isSystem && event.type !== 'lapse' && event.type !== 'auto_release') {
		return refuse('not_participant');
	}

	switch (event.type) {
		case 'claim':
			if (isRequester) return refuse('own_task');
			// Admins review handovers and settle disputes: they never hold tasks themselves.
			if (actor.isAdmin) return refuse('not_participant');
			if (isHeld(task.status)) return refuse('taken');
			if (task.status !== 'OPEN') return refuse('not_open');
			if (task.requireVerified && !event.workerVerified) return refuse('not_verified');
			return ok({
				...task,
				status: 'CLAIMED',
				claimantId: actor.userId,
				claimExpiresAt: addHours(now, task.claimHours),
				cancelRequested: false
			});

		case 'release':
			// The worker gives the claim back before handing over; the task is open to others again.
			if (!isClaimant) return refuse('not_claimant');
			if (task.status !== 'CLAIMED') return refuse('wrong_status');
			if (isOverdue(task, now)) return refuse('claim_lapsed');
			return ok(reopened(task));

		case 'lapse':
			if (!actor.isSystem) return refuse('not_system');
			if (task.status !== 'CLAIMED' || !task.claimantId) return refuse('wrong_status');
			if (!task.claimExpiresAt || task.claimExpiresAt > now) return refuse('not_due');
			return ok(reopened(task), [{ type: 'record_lapse', workerId: task.claimantId }]);

		case 'submit':
			if (!isClaimant) return refuse('not_claimant');
			if (task.status !== 'CLAIMED') return refuse('wrong_status');
			// The deadline is the deadline, whether or not the timer has run yet.
			if (isOverdue(task, now)) return refuse('claim_lapsed');
			return ok({ ...task, status: 'SUBMITTED', claimExpiresAt: null, cancelRequested: false });

		case 'confirm':
		case 'object':
			// The requester's word on the handover under review; the platform still decides.
			if (!isRequester) return refuse('not_requester');
			if (task.status !== 'SUBMITTED') return refuse('wrong_status');
			return ok(task);

		case 'approve':
			if (!actor.isAdmin) return refuse('not_admin');
			if (isRequester) return refuse('own_review');
			if (task.status !== 'SUBMITTED') return refuse('wrong_status');
			return ok({ ...task, status: 'COMPLETED' }, [{ type: 'release_to_worker' }]);

		case 'auto_release':
			if (!actor.isSystem) return refuse('not_system');
			if (task.status !== 'SUBMITTED') return refuse('wrong_status');
			if (!event.confirmedAt || addHours(event.confirmedAt, event.autoReleaseHours) > now) {
				return refuse('not_due');
			}
			return ok({ ...task, status: 'COMPLETED' }, [{ type: 'release_to_worker' }]);

		case 'reject':
			if (!actor.isAdmin) return refuse('not_admin');
			if (isRequester) return refuse('own_review');
			if (task.status !== 'SUBMITTED') return refuse('wrong_status');
			if (task.reworkCount >= event.maxReworkRounds) {
				// The rounds are used up: the platform settles it as a dispute.
				return ok({ ...task, status: 'DISPUTED' }, [{ type: 'open_dispute' }]);
			}
			// Back to the same worker for rework, with a fresh deadline.
			return ok({
				...task,
				status: 'CLAIMED',
				reworkCount: task.reworkCount + 1,
				claimExpiresAt: addHours(now, task.claimHours)
			});

		case 'open_dispute':
			if (!isRequester && !isClaimant) return refuse('not_participant');
			if (task.status !== 'CLAIMED' && task.status !== 'SUBMITTED') return refuse('wrong_status');
			if (isOverdue(task, now)) return refuse('claim_lapsed');
			// The claim's clock stops while the platform decides.
			return ok({ ...task, status: 'DISPUTED', claimExpiresAt: null, cancelRequested: false });

		case 'resolve':
			if (!actor.isAdmin) return refuse('not_admin');
			if (isRequester) return refuse('own_review');
			if (task.status !== 'DISPUTED') return refuse('wrong_status');
			if (event.workerAmount < 0n || event.workerAmount > task.bounty) return refuse('bad_amount');
			return ok({ ...task, status: event.workerAmount === 0n ? 'CANCELLED' : 'COMPLETED' }, [
				{ type: 'split', workerAmount: event.workerAmount }
			]);

		case 'cancel':
			if (!isRequester) return refuse('not_requester');
			if (task.status === 'CLAIMED') return refuse('needs_consent');
			if (task.status !== 'OPEN') return refuse('wrong_status');
			return ok(cancelled(task), [{ type: 'refund_requester' }]);

		case 'request_cancel':
			if (!isRequester) return refuse('not_requester');
			if (task.status !== 'CLAIMED') return refuse('wrong_status');
			if (task.cancelRequested) return refuse('already_requested');
			return ok({ ...task, cancelRequested: true });

		case 'consent_cancel':
		case 'decline_cancel':
			if (!isClaimant) return refuse('not_claimant');
			if (task.status !== 'CLAIMED') return refuse('wrong_status');
			if (!task.cancelRequested) return refuse('not_requested');
			// Past the deadline the claim lapses (and counts against the worker) instead.
			if (isOverdue(task, now)) return refuse('claim_lapsed');
			return event.type === 'consent_cancel'
				? ok(cancelled(task), [{ type: 'refund_requester' }])
				: ok({ ...task, cancelRequested: false });

		case 'force_cancel':
			// Disputed tasks are settled by `resolve` (an award of 0 is a split that refunds the requester in full).
			if (!actor.isAdmin) return refuse('not_admin');
			if (task.status !== 'OPEN' && task.status !== 'CLAIMED' && task.status !== 'SUBMITTED') {
				return refuse('wrong_status');
			}
			return ok(cancelled(task), [{ type: 'refund_requester' }]);

		case 'edit':
			// Details and the bounty (upwards only, checked by the service) change only while nobody holds it.
			if (!isRequester) return refuse('not_requester');
			if (task.status !== 'OPEN') return refuse('wrong_status');
			return ok(task);
	}
}
