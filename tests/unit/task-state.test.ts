import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	addHours,
	isEscrowActive,
	isHeld,
	SYSTEM_ACTOR,
	TASK_STATUSES,
	transition,
	type Actor,
	type Refusal,
	type TaskEffect,
	type TaskEvent,
	type TaskFacts,
	type TaskStatus,
	type TransitionResult
} from '$lib/domain/task-state';

// ─── Fixed clock ────────────────────────────────────────────────────────────────────────────────────────────
// Every expected date is written out literally, so the tests do not lean on `addHours` to check `addHours`.

const CLAIM_HOURS = 48;
/** The worker claims the task. */
const CLAIMED_AT = new Date('2025-03-01T09:00:00.000Z');
/** CLAIMED_AT + 48 h: the claim's deadline. */
const DEADLINE = new Date('2025-03-03T09:00:00.000Z');
/** Comfortably inside the claim. */
const BEFORE_DEADLINE = new Date('2025-03-02T12:00:00.000Z');
/** The requester confirms the handover. */
const CONFIRMED_AT = new Date('2025-03-04T12:00:00.000Z');
const AUTO_RELEASE_HOURS = 72;
/** CONFIRMED_AT + 72 h: the handover pays out on its own. */
const AUTO_RELEASE_DUE = new Date('2025-03-07T12:00:00.000Z');
/** An admin reviews the handover. */
const REVIEWED_AT = new Date('2025-03-04T10:00:00.000Z');
/** REVIEWED_AT + 48 h: the rework round's deadline. */
const REWORK_DEADLINE = new Date('2025-03-06T10:00:00.000Z');

const plusMs = (date: Date, ms: number): Date => new Date(date.getTime() + ms);

// ─── Cast ───────────────────────────────────────────────────────────────────────────────────────────────────

const requester: Actor = { userId: 'u-requester', isAdmin: false };
/** The worker who holds the task (in OPEN: the worker about to claim it). */
const worker: Actor = { userId: 'u-worker', isAdmin: false };
const stranger: Actor = { userId: 'u-stranger', isAdmin: false };
const admin: Actor = { userId: 'u-admin', isAdmin: true };
const system: Actor = SYSTEM_ACTOR;

const ACTORS = { requester, worker, stranger, admin, system } as const;
type ActorKind = keyof typeof ACTORS;
const ACTOR_KINDS = Object.keys(ACTORS) as ActorKind[];

// ─── Tasks, as the machine itself leaves them in each status ────────────────────────────────────────────────

const BOUNTY = 10_000n;

const openTask = (over: Partial<TaskFacts> = {}): TaskFacts => ({
	status: 'OPEN',
	requesterId: requester.userId,
	claimantId: null,
	bounty: BOUNTY,
	reworkCount: 0,
	claimHours: CLAIM_HOURS,
	claimExpiresAt: null,
	cancelRequested: false,
	requireVerified: false,
	...over
});
const claimedTask = (over: Partial<TaskFacts> = {}): TaskFacts =>
	openTask({ status: 'CLAIMED', claimantId: worker.userId, claimExpiresAt: DEADLINE, ...over });
const submittedTask = (over: Partial<TaskFacts> = {}): TaskFacts =>
	openTask({ status: 'SUBMITTED', claimantId: worker.userId, ...over });
const disputedTask = (over: Partial<TaskFacts> = {}): TaskFacts =>
	openTask({ status: 'DISPUTED', claimantId: worker.userId, ...over });
const completedTask = (over: Partial<TaskFacts> = {}): TaskFacts =>
	openTask({ status: 'COMPLETED', claimantId: worker.userId, ...over });
const cancelledTask = (over: Partial<TaskFacts> = {}): TaskFacts =>
	openTask({ status: 'CANCELLED', ...over });

const TASK_IN: Record<TaskStatus, (over?: Partial<TaskFacts>) => TaskFacts> = {
	OPEN: openTask,
	CLAIMED: claimedTask,
	SUBMITTED: submittedTask,
	DISPUTED: disputedTask,
	COMPLETED: completedTask,
	CANCELLED: cancelledTask
};

// ─── Events and expected answers ────────────────────────────────────────────────────────────────────────────

const claim = (workerVerified = false): TaskEvent => ({ type: 'claim', workerVerified });
const autoRelease = (confirmedAt: Date | null = CONFIRMED_AT): TaskEvent => ({
	type: 'auto_release',
	confirmedAt,
	autoReleaseHours: AUTO_RELEASE_HOURS
});
const reject = (maxReworkRounds = 2): TaskEvent => ({ type: 'reject', maxReworkRounds });
const resolve = (workerAmount: bigint): TaskEvent => ({ type: 'resolve', workerAmount });

const accepted = (next: TaskFacts, effects: TaskEffect[] = []): TransitionResult => ({
	ok: true,
	next,
	effects
});
const refused = (refusal: Refusal): TransitionResult => ({ ok: false, refusal });

const MONEY_EFFECTS: TaskEffect['type'][] = ['release_to_worker', 'refund_requester', 'split'];

// ════════════════════════════════════════════════════════════════════════════════════════════════════════════
// Legal transitions: the exact next facts and effects
// ════════════════════════════════════════════════════════════════════════════════════════════════════════════

describe('claim', () => {
	it('OPEN → CLAIMED: the worker holds it until now + claimHours, no money moves', () => {
		expect(transition(openTask(), claim(), worker, CLAIMED_AT)).toEqual(
			accepted(claimedTask({ claimExpiresAt: DEADLINE }))
		);
	});

	it('the deadline follows the task’s own claimHours', () => {
		const task = openTask({ claimHours: 6 });
		expect(transition(task, claim(), worker, new Date('2025-12-31T20:30:00.000Z'))).toEqual(
			accepted({
				...task,
				status: 'CLAIMED',
				claimantId: worker.userId,
				claimExpiresAt: new Date('2026-01-01T02:30:00.000Z')
			})
		);
	});

	it('keeps the rework rounds a previous worker used (they are counted per task)', () => {
		const result = transition(openTask({ reworkCount: 1 }), claim(), stranger, CLAIMED_AT);
		expect(result).toEqual(
			accepted(claimedTask({ claimantId: stranger.userId, reworkCount: 1, claimExpiresAt: DEADLINE }))
		);
	});

	describe('requireVerified', () => {
		it('refuses an unverified worker with not_verified', () => {
			expect(transition(openTask({ requireVerified: true }), claim(false), worker, CLAIMED_AT)).toEqual(
				refused('not_verified')
			);
		});

		it('lets a verified worker claim', () => {
			expect(transition(openTask({ requireVerified: true }), claim(true), worker, CLAIMED_AT)).toEqual(
				accepted(claimedTask({ requireVerified: true }))
			);
		});

		it('does not matter when the requester did not ask for it', () => {
			expect(transition(openTask(), claim(true), worker, CLAIMED_AT)).toEqual(accepted(claimedTask()));
		});

		it('is checked after the status: a taken task answers taken, a closed one not_open', () => {
			expect(transition(claimedTask({ requireVerified: true }), claim(false), stranger, CLAIMED_AT)).toEqual(
				refused('taken')
			);
			expect(
				transition(cancelledTask({ requireVerified: true }), claim(false), stranger, CLAIMED_AT)
			).toEqual(refused('not_open'));
		});
	});

	it('refuses the requester with own_task, whatever the status', () => {
		for (const status of TASK_STATUSES) {
			expect(transition(TASK_IN[status](), claim(true), requester, CLAIMED_AT), status).toEqual(
				refused('own_task')
			);
		}
	});

	it('refuses a held task with taken — even to the worker who already holds it', () => {
		for (const status of ['CLAIMED', 'SUBMITTED', 'DISPUTED'] as const) {
			for (const actor of [worker, stranger]) {
				expect(
					transition(TASK_IN[status](), claim(true), actor, CLAIMED_AT),
					`${status}/${actor.userId}`
				).toEqual(refused('taken'));
			}
		}
	});

	it('refuses a finished task with not_open', () => {
		expect(transition(completedTask(), claim(), stranger, CLAIMED_AT)).toEqual(refused('not_open'));
		expect(transition(cancelledTask(), claim(), stranger, CLAIMED_AT)).toEqual(refused('not_open'));
	});
});

describe('release', () => {
	it('CLAIMED → OPEN by the worker holding it: nobody holds it, no deadline, no request', () => {
		expect(
			transition(claimedTask({ cancelRequested: true }), { type: 'release' }, worker, BEFORE_DEADLINE)
		).toEqual(accepted(openTask()));
	});

	it('resets the rework count: the next worker gets every round', () => {
		expect(transition(claimedTask({ reworkCount: 2 }), { type: 'release' }, worker, BEFORE_DEADLINE)).toEqual(
			accepted(openTask({ reworkCount: 0 }))
		);
	});

	it('is refused once the deadline has passed (claim_lapsed): the lapse must be recorded', () => {
		expect(transition(claimedTask(), { type: 'release' }, worker, DEADLINE)).toEqual(refused('claim_lapsed'));
	});

	it('is refused after the handover (wrong_status)', () => {
		expect(transition(submittedTask(), { type: 'release' }, worker, BEFORE_DEADLINE)).toEqual(
			refused('wrong_status')
		);
	});
});

describe('lapse', () => {
	it('CLAIMED → OPEN by the system exactly at the deadline, recording the lapse against the worker', () => {
		expect(transition(claimedTask(), { type: 'lapse' }, system, DEADLINE)).toEqual(
			accepted(openTask(), [{ type: 'record_lapse', workerId: worker.userId }])
		);
	});

	it('is due any time after the deadline, and clears a waiting cancellation request', () => {
		expect(
			transition(
				claimedTask({ cancelRequested: true }),
				{ type: 'lapse' },
				system,
				plusMs(DEADLINE, 86_400_000)
			)
		).toEqual(accepted(openTask(), [{ type: 'record_lapse', workerId: worker.userId }]));
	});

	it('one millisecond before the deadline is not_due', () => {
		expect(transition(claimedTask(), { type: 'lapse' }, system, plusMs(DEADLINE, -1))).toEqual(
			refused('not_due')
		);
	});

	it('a claim without a deadline is never due', () => {
		expect(
			transition(
				claimedTask({ claimExpiresAt: null }),
				{ type: 'lapse' },
				system,
				new Date('2099-01-01T00:00:00Z')
			)
		).toEqual(refused('not_due'));
	});

	it('only the system may lapse a claim, even when it is overdue (not_system)', () => {
		for (const actor of [requester, worker, stranger, admin]) {
			expect(transition(claimedTask(), { type: 'lapse' }, actor, DEADLINE), actor.userId).toEqual(
				refused('not_system')
			);
		}
	});

	it('an actor merely called admin with the system’s id is not the system', () => {
		const impostor: Actor = { userId: SYSTEM_ACTOR.userId, isAdmin: true };
		expect(transition(claimedTask(), { type: 'lapse' }, impostor, DEADLINE)).toEqual(refused('not_system'));
	});

	it('applies only while CLAIMED (wrong_status)', () => {
		for (const status of ['OPEN', 'SUBMITTED', 'DISPUTED', 'COMPLETED', 'CANCELLED'] as const) {
			expect(transition(TASK_IN[status](), { type: 'lapse' }, system, DEADLINE), status).toEqual(
				refused('wrong_status')
			);
		}
	});
});

describe('submit', () => {
	it('CLAIMED → SUBMITTED by the worker: the claim’s clock stops', () => {
		expect(transition(claimedTask(), { type: 'submit' }, worker, BEFORE_DEADLINE)).toEqual(
			accepted(submittedTask())
		);
	});

	it('one millisecond before the deadline is still in time', () => {
		expect(transition(claimedTask(), { type: 'submit' }, worker, plusMs(DEADLINE, -1))).toEqual(
			accepted(submittedTask())
		);
	});

	it('exactly at the deadline is refused claim_lapsed, even before the lapse timer has run', () => {
		expect(transition(claimedTask(), { type: 'submit' }, worker, DEADLINE)).toEqual(refused('claim_lapsed'));
	});

	it('after the deadline is refused claim_lapsed', () => {
		expect(transition(claimedTask(), { type: 'submit' }, worker, plusMs(DEADLINE, 3_600_000))).toEqual(
			refused('claim_lapsed')
		);
	});

	it('drops a cancellation request that was still waiting for the worker', () => {
		expect(
			transition(claimedTask({ cancelRequested: true }), { type: 'submit' }, worker, BEFORE_DEADLINE)
		).toEqual(accepted(submittedTask()));
	});

	it('a rework round keeps its rework count', () => {
		const task = claimedTask({ reworkCount: 1, claimExpiresAt: REWORK_DEADLINE });
		expect(transition(task, { type: 'submit' }, worker, plusMs(REWORK_DEADLINE, -1))).toEqual(
			accepted(submittedTask({ reworkCount: 1 }))
		);
	});

	it('cannot be handed over twice (wrong_status)', () => {
		expect(transition(submittedTask(), { type: 'submit' }, worker, BEFORE_DEADLINE)).toEqual(
			refused('wrong_status')
		);
	});
});

describe('confirm and object', () => {
	it.each(['confirm', 'object'] as const)('%s: the requester’s word leaves the facts as they are', (type) => {
		const task = submittedTask({ reworkCount: 1 });
		expect(transition(task, { type }, requester, REVIEWED_AT)).toEqual(accepted(task));
	});

	it.each(['confirm', 'object'] as const)('%s applies only to a handover under review', (type) => {
		for (const status of ['OPEN', 'CLAIMED', 'DISPUTED', 'COMPLETED', 'CANCELLED'] as const) {
			expect(transition(TASK_IN[status](), { type }, requester, REVIEWED_AT), status).toEqual(
				refused('wrong_status')
			);
		}
	});
});

describe('approve', () => {
	it('SUBMITTED → COMPLETED by an admin, releasing the escrow to the worker', () => {
		expect(transition(submittedTask({ reworkCount: 1 }), { type: 'approve' }, admin, REVIEWED_AT)).toEqual(
			accepted(completedTask({ reworkCount: 1 }), [{ type: 'release_to_worker' }])
		);
	});

	it('cannot approve work that was not handed over', () => {
		expect(transition(claimedTask(), { type: 'approve' }, admin, REVIEWED_AT)).toEqual(
			refused('wrong_status')
		);
	});
});

describe('auto_release', () => {
	it('SUBMITTED → COMPLETED by the system exactly at confirmedAt + autoReleaseHours', () => {
		expect(transition(submittedTask(), autoRelease(), system, AUTO_RELEASE_DUE)).toEqual(
			accepted(completedTask(), [{ type: 'release_to_worker' }])
		);
	});

	it('is due any time after that', () => {
		expect(transition(submittedTask(), autoRelease(), system, plusMs(AUTO_RELEASE_DUE, 1))).toEqual(
			accepted(completedTask(), [{ type: 'release_to_worker' }])
		);
	});

	it('one millisecond early is not_due', () => {
		expect(transition(submittedTask(), autoRelease(), system, plusMs(AUTO_RELEASE_DUE, -1))).toEqual(
			refused('not_due')
		);
	});

	it('is never due without the requester’s confirmation', () => {
		expect(transition(submittedTask(), autoRelease(null), system, new Date('2099-01-01T00:00:00Z'))).toEqual(
			refused('not_due')
		);
	});

	it('only the system may auto-release (not_system), even for an admin', () => {
		for (const actor of [requester, worker, stranger, admin]) {
			expect(transition(submittedTask(), autoRelease(), actor, AUTO_RELEASE_DUE), actor.userId).toEqual(
				refused('not_system')
			);
		}
	});

	it('applies only while SUBMITTED (wrong_status)', () => {
		for (const status of ['OPEN', 'CLAIMED', 'DISPUTED', 'COMPLETED', 'CANCELLED'] as const) {
			expect(transition(TASK_IN[status](), autoRelease(), system, AUTO_RELEASE_DUE), status).toEqual(
				refused('wrong_status')
			);
		}
	});
});

describe('reject', () => {
	it('SUBMITTED → CLAIMED by the same worker, one more rework round and a fresh deadline from now', () => {
		expect(transition(submittedTask(), reject(2), admin, REVIEWED_AT)).toEqual(
			accepted(claimedTask({ reworkCount: 1, claimExpiresAt: REWORK_DEADLINE }))
		);
	});

	it('the last round left still goes back for rework', () => {
		expect(transition(submittedTask({ reworkCount: 1 }), reject(2), admin, REVIEWED_AT)).toEqual(
			accepted(claimedTask({ reworkCount: 2, claimExpiresAt: REWORK_DEADLINE }))
		);
	});

	it('with the rounds used up → DISPUTED, and the platform opens the dispute itself', () => {
		expect(transition(submittedTask({ reworkCount: 2 }), reject(2), admin, REVIEWED_AT)).toEqual(
			accepted(disputedTask({ reworkCount: 2 }), [{ type: 'open_dispute' }])
		);
	});

	it('with no rework allowed at all, the first rejection is a dispute', () => {
		expect(transition(submittedTask(), reject(0), admin, REVIEWED_AT)).toEqual(
			accepted(disputedTask(), [{ type: 'open_dispute' }])
		);
	});

	it('more rounds used than now allowed (the limit was lowered) is a dispute too', () => {
		expect(transition(submittedTask({ reworkCount: 3 }), reject(2), admin, REVIEWED_AT)).toEqual(
			accepted(disputedTask({ reworkCount: 3 }), [{ type: 'open_dispute' }])
		);
	});

	it('cannot reject a settled task (wrong_status)', () => {
		expect(transition(completedTask(), reject(2), admin, REVIEWED_AT)).toEqual(refused('wrong_status'));
	});
});

describe('open_dispute', () => {
	it('CLAIMED → DISPUTED by the requester: the clock stops and a waiting request is dropped', () => {
		expect(
			transition(claimedTask({ cancelRequested: true }), { type: 'open_dispute' }, requester, BEFORE_DEADLINE)
		).toEqual(accepted(disputedTask()));
	});

	it('CLAIMED → DISPUTED by the worker', () => {
		expect(transition(claimedTask(), { type: 'open_dispute' }, worker, BEFORE_DEADLINE)).toEqual(
			accepted(disputedTask())
		);
	});

	it.each([
		['requester', requester],
		['worker', worker]
	] as const)('SUBMITTED → DISPUTED by the %s', (_kind, actor) => {
		expect(
			transition(submittedTask({ reworkCount: 1 }), { type: 'open_dispute' }, actor, REVIEWED_AT)
		).toEqual(accepted(disputedTask({ reworkCount: 1 })));
	});

	it.each([
		['requester', requester],
		['worker', worker]
	] as const)('an overdue claim cannot be disputed by the %s: it lapses (claim_lapsed)', (_kind, actor) => {
		expect(transition(claimedTask(), { type: 'open_dispute' }, actor, plusMs(DEADLINE, -1))).toEqual(
			accepted(disputedTask())
		);
		expect(transition(claimedTask(), { type: 'open_dispute' }, actor, DEADLINE)).toEqual(
			refused('claim_lapsed')
		);
	});

	it('a handover stops the clock: a deadline left on a SUBMITTED task never blocks a dispute', () => {
		const stale = submittedTask({ claimExpiresAt: DEADLINE });
		expect(transition(stale, { type: 'open_dispute' }, requester, REVIEWED_AT)).toEqual(
			accepted(disputedTask())
		);
	});

	it('a claim without a deadline is never overdue (as it can never lapse)', () => {
		const undated = claimedTask({ claimExpiresAt: null });
		expect(transition(undated, { type: 'open_dispute' }, worker, REVIEWED_AT)).toEqual(
			accepted(disputedTask())
		);
		expect(transition(undated, { type: 'release' }, worker, REVIEWED_AT)).toEqual(accepted(openTask()));
		expect(transition(undated, { type: 'submit' }, worker, REVIEWED_AT)).toEqual(accepted(submittedTask()));
	});

	it('an open task has no worker to dispute with: the requester gets wrong_status, others not_participant', () => {
		expect(transition(openTask(), { type: 'open_dispute' }, requester, CLAIMED_AT)).toEqual(
			refused('wrong_status')
		);
		expect(transition(openTask(), { type: 'open_dispute' }, worker, CLAIMED_AT)).toEqual(
			refused('not_participant')
		);
	});

	it('a dispute cannot be opened twice, nor after the task is settled', () => {
		for (const status of ['DISPUTED', 'COMPLETED', 'CANCELLED'] as const) {
			expect(transition(TASK_IN[status](), { type: 'open_dispute' }, requester, REVIEWED_AT), status).toEqual(
				refused('wrong_status')
			);
		}
	});
});

describe('resolve', () => {
	it('an award of 0 → CANCELLED, the whole escrow back to the requester', () => {
		expect(transition(disputedTask(), resolve(0n), admin, REVIEWED_AT)).toEqual(
			accepted(cancelledTask({ claimantId: worker.userId }), [{ type: 'split', workerAmount: 0n }])
		);
	});

	it('the full bounty → COMPLETED', () => {
		expect(transition(disputedTask(), resolve(BOUNTY), admin, REVIEWED_AT)).toEqual(
			accepted(completedTask(), [{ type: 'split', workerAmount: BOUNTY }])
		);
	});

	it.each([1n, 4_000n, BOUNTY - 1n])('a part of it (%s) → COMPLETED, split', (amount) => {
		expect(transition(disputedTask(), resolve(amount), admin, REVIEWED_AT)).toEqual(
			accepted(completedTask(), [{ type: 'split', workerAmount: amount }])
		);
	});

	it.each([-1n, -BOUNTY, BOUNTY + 1n, BOUNTY * 2n])('an award of %s is refused bad_amount', (amount) => {
		expect(transition(disputedTask(), resolve(amount), admin, REVIEWED_AT)).toEqual(refused('bad_amount'));
	});

	it('applies only while DISPUTED, checked before the amount', () => {
		for (const status of ['OPEN', 'CLAIMED', 'SUBMITTED', 'COMPLETED', 'CANCELLED'] as const) {
			expect(transition(TASK_IN[status](), resolve(-1n), admin, REVIEWED_AT), status).toEqual(
				refused('wrong_status')
			);
		}
	});
});

describe('cancel', () => {
	it('OPEN → CANCELLED by the requester, refunding the escrow', () => {
		expect(transition(openTask(), { type: 'cancel' }, requester, CLAIMED_AT)).toEqual(
			accepted(cancelledTask(), [{ type: 'refund_requester' }])
		);
	});

	it('a CLAIMED task needs the worker’s consent (needs_consent)', () => {
		expect(transition(claimedTask(), { type: 'cancel' }, requester, BEFORE_DEADLINE)).toEqual(
			refused('needs_consent')
		);
	});

	it('not after the handover, during a dispute or once settled (wrong_status)', () => {
		for (const status of ['SUBMITTED', 'DISPUTED', 'COMPLETED', 'CANCELLED'] as const) {
			expect(transition(TASK_IN[status](), { type: 'cancel' }, requester, REVIEWED_AT), status).toEqual(
				refused('wrong_status')
			);
		}
	});
});

describe('cancellation by consent', () => {
	it('request_cancel: the requester asks; the task stays CLAIMED and the clock keeps running', () => {
		expect(transition(claimedTask(), { type: 'request_cancel' }, requester, BEFORE_DEADLINE)).toEqual(
			accepted(claimedTask({ cancelRequested: true }))
		);
	});

	it('request_cancel twice is already_requested', () => {
		expect(
			transition(
				claimedTask({ cancelRequested: true }),
				{ type: 'request_cancel' },
				requester,
				BEFORE_DEADLINE
			)
		).toEqual(refused('already_requested'));
	});

	it('request_cancel applies only while CLAIMED (an OPEN task is simply cancelled)', () => {
		for (const status of ['OPEN', 'SUBMITTED', 'DISPUTED', 'COMPLETED', 'CANCELLED'] as const) {
			expect(
				transition(TASK_IN[status](), { type: 'request_cancel' }, requester, BEFORE_DEADLINE),
				status
			).toEqual(refused('wrong_status'));
		}
	});

	it('consent_cancel: the worker agrees → CANCELLED, refunding the requester', () => {
		expect(
			transition(claimedTask({ cancelRequested: true }), { type: 'consent_cancel' }, worker, BEFORE_DEADLINE)
		).toEqual(accepted(cancelledTask({ claimantId: worker.userId }), [{ type: 'refund_requester' }]));
	});

	it('decline_cancel: the worker refuses → still CLAIMED with the same deadline, request cleared', () => {
		expect(
			transition(claimedTask({ cancelRequested: true }), { type: 'decline_cancel' }, worker, BEFORE_DEADLINE)
		).toEqual(accepted(claimedTask()));
	});

	it.each(['consent_cancel', 'decline_cancel'] as const)('%s without a request is not_requested', (type) => {
		expect(transition(claimedTask(), { type }, worker, BEFORE_DEADLINE)).toEqual(refused('not_requested'));
	});

	it('the whole flow: request, decline, request again, consent', () => {
		let task = claimedTask();
		const step = (event: TaskEvent, actor: Actor): TransitionResult => {
			const result = transition(task, event, actor, BEFORE_DEADLINE);
			if (result.ok) task = result.next;
			return result;
		};

		expect(step({ type: 'request_cancel' }, requester)).toMatchObject({ ok: true, effects: [] });
		expect(step({ type: 'cancel' }, requester)).toEqual(refused('needs_consent'));
		expect(step({ type: 'decline_cancel' }, worker)).toEqual(accepted(claimedTask()));
		expect(step({ type: 'consent_cancel' }, worker)).toEqual(refused('not_requested'));
		expect(step({ type: 'request_cancel' }, requester)).toEqual(
			accepted(claimedTask({ cancelRequested: true }))
		);
		expect(step({ type: 'consent_cancel' }, worker)).toEqual(
			accepted(cancelledTask({ claimantId: worker.userId }), [{ type: 'refund_requester' }])
		);
		expect(step({ type: 'decline_cancel' }, worker)).toEqual(refused('wrong_status'));
	});
});

describe('force_cancel', () => {
	it('OPEN → CANCELLED by an admin, refunding the requester', () => {
		expect(transition(openTask(), { type: 'force_cancel' }, admin, CLAIMED_AT)).toEqual(
			accepted(cancelledTask(), [{ type: 'refund_requester' }])
		);
	});

	it('CLAIMED → CANCELLED: the deadline and a waiting request are cleared', () => {
		expect(
			transition(claimedTask({ cancelRequested: true }), { type: 'force_cancel' }, admin, BEFORE_DEADLINE)
		).toEqual(accepted(cancelledTask({ claimantId: worker.userId }), [{ type: 'refund_requester' }]));
	});

	it('SUBMITTED → CANCELLED', () => {
		expect(
			transition(submittedTask({ reworkCount: 1 }), { type: 'force_cancel' }, admin, REVIEWED_AT)
		).toEqual(
			accepted(cancelledTask({ claimantId: worker.userId, reworkCount: 1 }), [{ type: 'refund_requester' }])
		);
	});

	it('not a DISPUTED task: that is settled by resolve (wrong_status)', () => {
		expect(transition(disputedTask(), { type: 'force_cancel' }, admin, REVIEWED_AT)).toEqual(
			refused('wrong_status')
		);
	});

	it('not a settled task (wrong_status)', () => {
		expect(transition(completedTask(), { type: 'force_cancel' }, admin, REVIEWED_AT)).toEqual(
			refused('wrong_status')
		);
		expect(transition(cancelledTask(), { type: 'force_cancel' }, admin, REVIEWED_AT)).toEqual(
			refused('wrong_status')
		);
	});
});

describe('edit', () => {
	it('the requester, while OPEN: the lifecycle facts stay as they are', () => {
		const task = openTask({ requireVerified: true, reworkCount: 1 });
		expect(transition(task, { type: 'edit' }, requester, CLAIMED_AT)).toEqual(accepted(task));
	});

	it('not once somebody holds it or it is settled (wrong_status)', () => {
		for (const status of ['CLAIMED', 'SUBMITTED', 'DISPUTED', 'COMPLETED', 'CANCELLED'] as const) {
			expect(transition(TASK_IN[status](), { type: 'edit' }, requester, CLAIMED_AT), status).toEqual(
				refused('wrong_status')
			);
		}
	});
});

// ════════════════════════════════════════════════════════════════════════════════════════════════════════════
// Who may do what: every event × every actor kind, in the states where the event applies
// ════════════════════════════════════════════════════════════════════════════════════════════════════════════

interface PermissionRow {
	event: TaskEvent;
	/** A task on which the event succeeds for an allowed actor. */
	task: TaskFacts;
	now: Date;
	allowed: ActorKind[];
	/** What everyone else is told. */
	refusal: Refusal;
}

const may = (
	event: TaskEvent,
	task: TaskFacts,
	now: Date,
	allowed: ActorKind[],
	refusal: Refusal
): PermissionRow => ({ event, task, now, allowed, refusal });

/** A claimed task whose requester asked to cancel. */
const cancelAsked = claimedTask({ cancelRequested: true });

const PERMISSIONS: PermissionRow[] = [
	// may(event, on a task where it succeeds, at, the actor kinds allowed, what everyone else is told)
	// Any user but the requester may claim an open task; admins and the platform's timers never hold tasks.
	may(claim(), openTask(), CLAIMED_AT, ['worker', 'stranger'], 'own_task'),
	may({ type: 'release' }, claimedTask(), BEFORE_DEADLINE, ['worker'], 'not_claimant'),
	may({ type: 'lapse' }, claimedTask(), DEADLINE, ['system'], 'not_system'),
	may({ type: 'submit' }, claimedTask(), BEFORE_DEADLINE, ['worker'], 'not_claimant'),
	may({ type: 'confirm' }, submittedTask(), REVIEWED_AT, ['requester'], 'not_requester'),
	may({ type: 'object' }, submittedTask(), REVIEWED_AT, ['requester'], 'not_requester'),
	may({ type: 'approve' }, submittedTask(), REVIEWED_AT, ['admin'], 'not_admin'),
	may(autoRelease(), submittedTask(), AUTO_RELEASE_DUE, ['system'], 'not_system'),
	may(reject(2), submittedTask(), REVIEWED_AT, ['admin'], 'not_admin'),
	may(reject(0), submittedTask(), REVIEWED_AT, ['admin'], 'not_admin'),
	may({ type: 'open_dispute' }, claimedTask(), BEFORE_DEADLINE, ['requester', 'worker'], 'not_participant'),
	may({ type: 'open_dispute' }, submittedTask(), REVIEWED_AT, ['requester', 'worker'], 'not_participant'),
	may(resolve(0n), disputedTask(), REVIEWED_AT, ['admin'], 'not_admin'),
	may(resolve(BOUNTY), disputedTask(), REVIEWED_AT, ['admin'], 'not_admin'),
	may({ type: 'cancel' }, openTask(), CLAIMED_AT, ['requester'], 'not_requester'),
	may({ type: 'request_cancel' }, claimedTask(), BEFORE_DEADLINE, ['requester'], 'not_requester'),
	may({ type: 'consent_cancel' }, cancelAsked, BEFORE_DEADLINE, ['worker'], 'not_claimant'),
	may({ type: 'decline_cancel' }, cancelAsked, BEFORE_DEADLINE, ['worker'], 'not_claimant'),
	may({ type: 'force_cancel' }, openTask(), CLAIMED_AT, ['admin'], 'not_admin'),
	may({ type: 'force_cancel' }, claimedTask(), BEFORE_DEADLINE, ['admin'], 'not_admin'),
	may({ type: 'force_cancel' }, submittedTask(), REVIEWED_AT, ['admin'], 'not_admin'),
	may({ type: 'edit' }, openTask(), CLAIMED_AT, ['requester'], 'not_requester')
];

describe('who may do each event', () => {
	it('the table covers every event type', () => {
		const covered = new Set(PERMISSIONS.map((row) => row.event.type));
		expect([...covered].sort()).toEqual([...Object.keys(EVENT_VARIANTS)].sort());
	});

	describe.each(PERMISSIONS)('$event.type on $task.status', ({ event, task, now, allowed, refusal }) => {
		it.each(ACTOR_KINDS)('%s', (kind) => {
			const result = transition(task, event, ACTORS[kind], now);
			const timer = event.type === 'lapse' || event.type === 'auto_release';
			if (allowed.includes(kind)) {
				expect(result.ok).toBe(true);
			} else if (kind === 'system' && !timer) {
				// The platform's timers do nothing but lapse claims and release confirmed handovers.
				expect(result).toEqual(refused('not_participant'));
			} else if (kind === 'admin' && event.type === 'claim') {
				// Admins review and settle: they never hold tasks.
				expect(result).toEqual(refused('not_participant'));
			} else {
				expect(result).toEqual(refused(refusal));
			}
		});
	});

	it('a cancellation request cannot be answered once the claim is overdue: it lapses instead', () => {
		for (const type of ['consent_cancel', 'decline_cancel'] as const) {
			expect(transition(claimedTask({ cancelRequested: true }), { type }, worker, DEADLINE)).toEqual(
				refused('claim_lapsed')
			);
		}
	});

	it('an admin who posted the task never reviews or settles it (own_review)', () => {
		const adminRequester: Actor = { userId: requester.userId, isAdmin: true };
		expect(transition(submittedTask(), { type: 'approve' }, adminRequester, REVIEWED_AT)).toEqual(
			refused('own_review')
		);
		expect(transition(submittedTask(), reject(2), adminRequester, REVIEWED_AT)).toEqual(
			refused('own_review')
		);
		expect(transition(disputedTask(), resolve(0n), adminRequester, REVIEWED_AT)).toEqual(
			refused('own_review')
		);
	});

	it('an admin who posted the task is its requester: cannot claim it, may cancel it', () => {
		const adminRequester: Actor = { userId: requester.userId, isAdmin: true };
		expect(transition(openTask(), claim(true), adminRequester, CLAIMED_AT)).toEqual(refused('own_task'));
		expect(transition(openTask(), { type: 'cancel' }, adminRequester, CLAIMED_AT)).toMatchObject({
			ok: true
		});
	});

	it('the worker a task was claimed by is no longer its claimant once it is released', () => {
		const released = transition(claimedTask(), { type: 'release' }, worker, BEFORE_DEADLINE);
		expect(released.ok).toBe(true);
		if (!released.ok) return;
		expect(transition(released.next, { type: 'submit' }, worker, BEFORE_DEADLINE)).toEqual(
			refused('not_claimant')
		);
	});
});

// ════════════════════════════════════════════════════════════════════════════════════════════════════════════
// Every event in every status, done by the actor it belongs to
// ════════════════════════════════════════════════════════════════════════════════════════════════════════════

type Outcome = 'ok' | Refusal;

interface StatusRow {
	name: string;
	event: TaskEvent;
	actor: Actor;
	now: Date;
	/** Applied to the task in every status. */
	over?: Partial<TaskFacts>;
	/** The answer in each status; a status not listed answers wrong_status. */
	outcomes: Partial<Record<TaskStatus, Outcome>>;
}

// Where the acting user is not the claimant (nobody holds an OPEN task; a CANCELLED fixture names no worker),
// the role check answers first.
const notHeld = { OPEN: 'not_claimant', CANCELLED: 'not_claimant' } as const;

const STATUS_TABLE: StatusRow[] = [
	{
		name: 'claim',
		event: claim(),
		actor: stranger,
		now: CLAIMED_AT,
		outcomes: {
			OPEN: 'ok',
			CLAIMED: 'taken',
			SUBMITTED: 'taken',
			DISPUTED: 'taken',
			COMPLETED: 'not_open',
			CANCELLED: 'not_open'
		}
	},
	{
		name: 'release',
		event: { type: 'release' },
		actor: worker,
		now: BEFORE_DEADLINE,
		outcomes: { ...notHeld, CLAIMED: 'ok' }
	},
	{ name: 'lapse', event: { type: 'lapse' }, actor: system, now: DEADLINE, outcomes: { CLAIMED: 'ok' } },
	{
		name: 'submit',
		event: { type: 'submit' },
		actor: worker,
		now: BEFORE_DEADLINE,
		outcomes: { ...notHeld, CLAIMED: 'ok' }
	},
	{
		name: 'confirm',
		event: { type: 'confirm' },
		actor: requester,
		now: REVIEWED_AT,
		outcomes: { SUBMITTED: 'ok' }
	},
	{
		name: 'object',
		event: { type: 'object' },
		actor: requester,
		now: REVIEWED_AT,
		outcomes: { SUBMITTED: 'ok' }
	},
	{
		name: 'approve',
		event: { type: 'approve' },
		actor: admin,
		now: REVIEWED_AT,
		outcomes: { SUBMITTED: 'ok' }
	},
	{
		name: 'auto_release',
		event: autoRelease(),
		actor: system,
		now: AUTO_RELEASE_DUE,
		outcomes: { SUBMITTED: 'ok' }
	},
	{ name: 'reject', event: reject(), actor: admin, now: REVIEWED_AT, outcomes: { SUBMITTED: 'ok' } },
	{
		name: 'open_dispute by the requester',
		event: { type: 'open_dispute' },
		actor: requester,
		now: BEFORE_DEADLINE,
		outcomes: { CLAIMED: 'ok', SUBMITTED: 'ok' }
	},
	{
		name: 'open_dispute by the worker',
		event: { type: 'open_dispute' },
		actor: worker,
		now: BEFORE_DEADLINE,
		outcomes: { OPEN: 'not_participant', CANCELLED: 'not_participant', CLAIMED: 'ok', SUBMITTED: 'ok' }
	},
	{ name: 'resolve', event: resolve(5_000n), actor: admin, now: REVIEWED_AT, outcomes: { DISPUTED: 'ok' } },
	{
		name: 'cancel',
		event: { type: 'cancel' },
		actor: requester,
		now: BEFORE_DEADLINE,
		outcomes: { OPEN: 'ok', CLAIMED: 'needs_consent' }
	},
	{
		name: 'request_cancel',
		event: { type: 'request_cancel' },
		actor: requester,
		now: BEFORE_DEADLINE,
		outcomes: { CLAIMED: 'ok' }
	},
	{
		name: 'consent_cancel',
		event: { type: 'consent_cancel' },
		actor: worker,
		now: BEFORE_DEADLINE,
		over: { cancelRequested: true },
		outcomes: { ...notHeld, CLAIMED: 'ok' }
	},
	{
		name: 'decline_cancel',
		event: { type: 'decline_cancel' },
		actor: worker,
		now: BEFORE_DEADLINE,
		over: { cancelRequested: true },
		outcomes: { ...notHeld, CLAIMED: 'ok' }
	},
	{
		name: 'force_cancel',
		event: { type: 'force_cancel' },
		actor: admin,
		now: BEFORE_DEADLINE,
		outcomes: { OPEN: 'ok', CLAIMED: 'ok', SUBMITTED: 'ok' }
	},
	{ name: 'edit', event: { type: 'edit' }, actor: requester, now: CLAIMED_AT, outcomes: { OPEN: 'ok' } }
];

describe('every event in every status, by the actor it belongs to', () => {
	describe.each(STATUS_TABLE)('$name', ({ event, actor, now, over, outcomes }) => {
		it.each(TASK_STATUSES)('in %s', (status) => {
			const result = transition(TASK_IN[status](over), event, actor, now);
			const expected = outcomes[status] ?? 'wrong_status';
			if (expected === 'ok') {
				expect(result.ok).toBe(true);
			} else {
				expect(result).toEqual(refused(expected));
			}
		});
	});
});

// ════════════════════════════════════════════════════════════════════════════════════════════════════════════
// Exhaustive properties: every status × every event × every actor
// ════════════════════════════════════════════════════════════════════════════════════════════════════════════

/** Every event type with the parameter values worth trying; typed so that a new event type must be added here. */
const EVENT_VARIANTS: Record<TaskEvent['type'], TaskEvent[]> = {
	claim: [claim(false), claim(true)],
	release: [{ type: 'release' }],
	lapse: [{ type: 'lapse' }],
	submit: [{ type: 'submit' }],
	confirm: [{ type: 'confirm' }],
	object: [{ type: 'object' }],
	approve: [{ type: 'approve' }],
	auto_release: [
		autoRelease(null),
		autoRelease(CONFIRMED_AT),
		{ type: 'auto_release', confirmedAt: CLAIMED_AT, autoReleaseHours: 0 }
	],
	reject: [reject(0), reject(1), reject(2), reject(5)],
	open_dispute: [{ type: 'open_dispute' }],
	resolve: [
		resolve(-1n),
		resolve(0n),
		resolve(1n),
		resolve(BOUNTY - 1n),
		resolve(BOUNTY),
		resolve(BOUNTY + 1n)
	],
	cancel: [{ type: 'cancel' }],
	request_cancel: [{ type: 'request_cancel' }],
	consent_cancel: [{ type: 'consent_cancel' }],
	decline_cancel: [{ type: 'decline_cancel' }],
	force_cancel: [{ type: 'force_cancel' }],
	edit: [{ type: 'edit' }]
};
const ALL_EVENTS: TaskEvent[] = Object.values(EVENT_VARIANTS).flat();

/** Instants around every deadline the fixtures use. */
const NOWS: Date[] = [
	CLAIMED_AT,
	plusMs(DEADLINE, -1),
	DEADLINE,
	REVIEWED_AT,
	plusMs(AUTO_RELEASE_DUE, -1),
	AUTO_RELEASE_DUE,
	new Date('2099-01-01T00:00:00.000Z')
];

/** Well-formed tasks in a status: the shapes the machine itself produces. */
const tasksIn = (status: TaskStatus): TaskFacts[] => {
	const base = TASK_IN[status]();
	const tasks = [base, { ...base, reworkCount: 2 }, { ...base, requireVerified: true }];
	if (status === 'CLAIMED') {
		tasks.push({ ...base, cancelRequested: true }, { ...base, claimExpiresAt: REWORK_DEADLINE });
	}
	// A task cancelled after a claim (consent, force_cancel, an award of 0) still names its last worker.
	if (status === 'CANCELLED') tasks.push({ ...base, claimantId: worker.userId });
	return tasks;
};

const describeCase = (task: TaskFacts, event: TaskEvent, actor: Actor, now: Date): string =>
	`${task.status} ${JSON.stringify(event, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))} by ${actor.userId} at ${now.toISOString()}`;

/** The invariants every well-formed task keeps. */
const expectWellFormed = (task: TaskFacts, label: string): void => {
	expect(TASK_STATUSES, label).toContain(task.status);
	if (isHeld(task.status)) {
		expect(task.claimantId, `${label}: a held task names its worker`).not.toBeNull();
		expect(task.claimantId, `${label}: the requester never holds their own task`).not.toBe(task.requesterId);
	}
	if (task.status === 'OPEN') expect(task.claimantId, `${label}: an open task is held by nobody`).toBeNull();
	expect(task.claimExpiresAt !== null, `${label}: a deadline runs exactly while CLAIMED`).toBe(
		task.status === 'CLAIMED'
	);
	if (task.cancelRequested) {
		expect(task.status, `${label}: a cancel request waits only while CLAIMED`).toBe('CLAIMED');
	}
	expect(task.reworkCount, label).toBeGreaterThanOrEqual(0);
};

/** Checks one transition's answer against the machine's invariants; returns it for further checks. */
const checkTransition = (task: TaskFacts, event: TaskEvent, actor: Actor, now: Date): TransitionResult => {
	const label = describeCase(task, event, actor, now);
	const before = structuredClone(task);
	let result: TransitionResult | undefined;
	expect(() => {
		result = transition(task, event, actor, now);
	}, label).not.toThrow();
	if (!result) throw new Error(`no result for ${label}`);

	expect(task, `${label}: the input is not mutated`).toEqual(before);

	if (task.status === 'COMPLETED' || task.status === 'CANCELLED') {
		expect(result.ok, `${label}: a terminal task accepts no event`).toBe(false);
	}
	if (!result.ok) return result;
	const { next, effects } = result;

	expectWellFormed(next, label);

	// What a transition never touches.
	expect(next.requesterId, label).toBe(task.requesterId);
	expect(next.bounty, label).toBe(task.bounty);
	expect(next.claimHours, label).toBe(task.claimHours);
	expect(next.requireVerified, label).toBe(task.requireVerified);
	if (task.status !== 'OPEN' && next.status === 'OPEN') {
		expect(next.reworkCount, `${label}: a reopened task gives the next worker every round`).toBe(0);
	} else {
		expect(next.reworkCount, `${label}: rework rounds are never given back`).toBeGreaterThanOrEqual(
			task.reworkCount
		);
	}

	// Never held by two people: a held task never changes hands, and only a claim gives it a worker.
	if (isHeld(task.status) && next.claimantId !== null) {
		expect(next.claimantId, `${label}: a held task does not change hands`).toBe(task.claimantId);
	}
	if (task.claimantId === null && next.claimantId !== null) {
		expect(event.type, label).toBe('claim');
		expect(next.claimantId, label).toBe(actor.userId);
	}

	// The escrow is paid out exactly once: when, and only when, the task leaves an escrow-holding state.
	const moneyMoves = effects.filter((effect) => MONEY_EFFECTS.includes(effect.type));
	const escrowLeaves = isEscrowActive(task.status) && !isEscrowActive(next.status);
	expect(moneyMoves, `${label}: money moves only as the escrow is emptied`).toHaveLength(
		escrowLeaves ? 1 : 0
	);
	if (moneyMoves[0]?.type === 'release_to_worker') {
		expect(next.status, label).toBe('COMPLETED');
	}
	if (moneyMoves[0]?.type === 'refund_requester') {
		expect(next.status, label).toBe('CANCELLED');
	}
	for (const effect of effects) {
		if (effect.type === 'record_lapse') expect(effect.workerId, label).toBe(task.claimantId);
		if (effect.type === 'open_dispute') expect(next.status, label).toBe('DISPUTED');
	}
	return result;
};

describe('exhaustively: every status × every event × every actor × a spread of instants', () => {
	it('covers every event type', () => {
		expect(new Set(ALL_EVENTS.map((event) => event.type)).size).toBe(17);
	});

	it.each(TASK_STATUSES)('from %s: never throws, keeps every invariant', (status) => {
		let combinations = 0;
		for (const task of tasksIn(status)) {
			expectWellFormed(task, `fixture ${status}`);
			for (const event of ALL_EVENTS) {
				for (const kind of ACTOR_KINDS) {
					for (const now of NOWS) {
						checkTransition(task, event, ACTORS[kind], now);
						combinations++;
					}
				}
			}
		}
		expect(combinations).toBeGreaterThan(0);
	});

	it.each(['COMPLETED', 'CANCELLED'] as const)(
		'%s is terminal: no event by anybody, ever, is accepted',
		(status) => {
			for (const task of tasksIn(status)) {
				for (const event of ALL_EVENTS) {
					for (const kind of ACTOR_KINDS) {
						for (const now of NOWS) {
							expect(
								transition(task, event, ACTORS[kind], now).ok,
								describeCase(task, event, ACTORS[kind], now)
							).toBe(false);
						}
					}
				}
			}
		}
	);

	it('any sequence of events from a fresh task keeps every invariant and pays the escrow out exactly once at the end', () => {
		const step = fc.record({
			// Every event type equally often, then one of its variants.
			event: fc
				.constantFrom(...Object.values(EVENT_VARIANTS))
				.chain((variants) => fc.constantFrom(...variants)),
			// Mostly the two parties, so that tasks get far along.
			actor: fc.oneof(
				{ arbitrary: fc.constantFrom<ActorKind>('requester', 'worker'), weight: 4 },
				{ arbitrary: fc.constantFrom<ActorKind>('stranger', 'admin', 'system'), weight: 3 }
			),
			// Time only moves forward: each step is 0–12 hours after the previous one.
			advanceMs: fc.integer({ min: 0, max: 12 * 3_600_000 })
		});
		fc.assert(
			fc.property(fc.array(step, { minLength: 10, maxLength: 60, size: 'max' }), (steps) => {
				let task = openTask();
				let now = CLAIMED_AT;
				let payouts = 0;
				for (const { event, actor, advanceMs } of steps) {
					now = plusMs(now, advanceMs);
					const result = checkTransition(task, event, ACTORS[actor], now);
					if (!result.ok) continue;
					payouts += result.effects.filter((effect) => MONEY_EFFECTS.includes(effect.type)).length;
					task = result.next;
				}
				expect(payouts).toBe(isEscrowActive(task.status) ? 0 : 1);
			}),
			{ seed: 20250301, numRuns: 500 }
		);
	});
});

// ════════════════════════════════════════════════════════════════════════════════════════════════════════════
// Helpers and constants
// ════════════════════════════════════════════════════════════════════════════════════════════════════════════

describe('TASK_STATUSES', () => {
	it('lists the six statuses, each once', () => {
		expect(TASK_STATUSES).toEqual(['OPEN', 'CLAIMED', 'SUBMITTED', 'COMPLETED', 'CANCELLED', 'DISPUTED']);
		expect(new Set(TASK_STATUSES).size).toBe(TASK_STATUSES.length);
	});
});

describe('isEscrowActive', () => {
	it.each<[TaskStatus, boolean]>([
		['OPEN', true],
		['CLAIMED', true],
		['SUBMITTED', true],
		['DISPUTED', true],
		['COMPLETED', false],
		['CANCELLED', false]
	])('%s → %s', (status, active) => {
		expect(isEscrowActive(status)).toBe(active);
	});
});

describe('isHeld', () => {
	it.each<[TaskStatus, boolean]>([
		['OPEN', false],
		['CLAIMED', true],
		['SUBMITTED', true],
		['DISPUTED', true],
		['COMPLETED', false],
		['CANCELLED', false]
	])('%s → %s', (status, held) => {
		expect(isHeld(status)).toBe(held);
	});
});

describe('SYSTEM_ACTOR', () => {
	it('is the platform, not an admin, with an id no user has', () => {
		expect(SYSTEM_ACTOR).toEqual({
			userId: '00000000-0000-0000-0000-000000000000',
			isAdmin: false,
			isSystem: true
		});
	});
});

describe('addHours', () => {
	it('adds whole hours', () => {
		expect(addHours(CLAIMED_AT, 48)).toEqual(DEADLINE);
	});

	it('adds fractions of an hour and subtracts negative hours', () => {
		expect(addHours(CLAIMED_AT, 1.5)).toEqual(new Date('2025-03-01T10:30:00.000Z'));
		expect(addHours(CLAIMED_AT, -9)).toEqual(new Date('2025-03-01T00:00:00.000Z'));
	});

	it('returns a new date and leaves its argument alone', () => {
		const from = new Date(CLAIMED_AT);
		const result = addHours(from, 0);
		expect(result).toEqual(CLAIMED_AT);
		expect(result).not.toBe(from);
		expect(from).toEqual(CLAIMED_AT);
	});
});
