// The model of the marketplace-against-its-model test: what must have happened, kept by hand, and the
// rules a task action follows written out again independently of src/lib/domain/task-state.ts (the model
// is the oracle; reusing the code under test would make it agree with any bug).
import { splitCommission } from '$lib/domain/money';
import type { TaskStatus } from '$lib/domain/task-state';

export const USERS = 4;
export const COMMISSION_BPS = 1250; // 12.5 %: commission rounding matters
export const MAX_ACTIVE_CLAIMS = 2;
export const MAX_REWORK_ROUNDS = 1;
export const WITHDRAWAL_MIN = 500n;
export const WITHDRAWAL_FEE = 150n;
export const AUTO_RELEASE_HOURS = 72;

export interface ModelTask {
	id: string;
	requester: number;
	bounty: bigint;
	title: string;
	status: TaskStatus;
	/** The worker who claimed it: kept when the task ends, cleared when it opens again. */
	claimant: number | null;
	reworkCount: number;
	cancelRequested: boolean;
	/** The requester's word on the handover under review. */
	verdict: 'CONFIRMED' | 'OBJECTED' | null;
}

export interface Model {
	available: bigint[];
	/** What each user asked to withdraw that is not paid out or refused yet. */
	withdrawing: bigint[];
	/** The platform's revenue: commissions and withdrawal fees. */
	revenue: bigint;
	tasks: ModelTask[];
	withdrawals: { id: string; user: number; amount: bigint }[];
}

export const isHeld = (status: TaskStatus) =>
	status === 'CLAIMED' || status === 'SUBMITTED' || status === 'DISPUTED';

const isLive = (status: TaskStatus) => status === 'OPEN' || isHeld(status);

/** Money each user has in escrow: the bounties of their tasks that have not ended. */
export const heldOf = (model: Model, user: number) =>
	model.tasks.filter((t) => t.requester === user && isLive(t.status)).reduce((sum, t) => sum + t.bounty, 0n);

export const claimsOf = (model: Model, user: number) =>
	model.tasks.filter((t) => t.claimant === user && isHeld(t.status)).length;

export type TaskAct =
	| 'claim'
	| 'release'
	| 'submit'
	| 'cancel'
	| 'requestCancel'
	| 'consentCancel'
	| 'declineCancel'
	| 'confirm'
	| 'object'
	| 'openDispute'
	| 'edit'
	| 'raise';

/** Who an action is meant for: the requester or the worker holding the task. */
export const ROLE: Record<TaskAct, 'requester' | 'worker'> = {
	claim: 'worker',
	release: 'worker',
	submit: 'worker',
	cancel: 'requester',
	requestCancel: 'requester',
	consentCancel: 'worker',
	declineCancel: 'worker',
	confirm: 'requester',
	object: 'requester',
	openDispute: 'worker',
	edit: 'requester',
	raise: 'requester'
};

/** What the server must answer: the change to make to the model, or the refusal's key. */
export type Outcome = { ok: true; apply: () => void } | { ok: false; key: string };

const refused = (key: string): Outcome => ({ ok: false, key });
const done = (apply: () => void): Outcome => ({ ok: true, apply });

function reopen(task: ModelTask) {
	Object.assign(task, { status: 'OPEN', claimant: null, reworkCount: 0, cancelRequested: false });
}

export function refund(model: Model, task: ModelTask) {
	model.available[task.requester]! += task.bounty;
	Object.assign(task, { status: 'CANCELLED', cancelRequested: false });
}

/** The escrow goes to the worker less the commission, the commission to the platform. */
export function payOut(model: Model, task: ModelTask) {
	const { fee, payout } = splitCommission(task.bounty, COMMISSION_BPS);
	model.available[task.claimant!]! += payout;
	model.revenue += fee;
	task.status = 'COMPLETED';
}

/**
 * The rules of a requester's or worker's action on a task, in the order the server checks them. Claim
 * refusals are answers (`reason`), the others errors keyed `task_<refusal>` or by their own key.
 */
export function decideAct(
	model: Model,
	task: ModelTask,
	act: TaskAct,
	user: number,
	extra: { bounty?: bigint; title?: string } = {}
): Outcome {
	const requester = user === task.requester;
	const claimant = task.claimant === user;
	switch (act) {
		case 'claim':
			if (isHeld(task.status) && claimant) return done(() => {}); // a replay by the holder
			if (requester) return refused('own_task');
			if (isHeld(task.status)) return refused('taken');
			if (task.status !== 'OPEN') return refused('not_open');
			if (claimsOf(model, user) >= MAX_ACTIVE_CLAIMS) return refused('too_many_claims');
			return done(() =>
				Object.assign(task, { status: 'CLAIMED', claimant: user, reworkCount: 0, cancelRequested: false })
			);
		case 'release':
			if (!claimant) return refused('task_not_claimant');
			if (task.status !== 'CLAIMED') return refused('task_wrong_status');
			return done(() => reopen(task));
		case 'submit':
			if (!claimant) return refused('task_not_claimant');
			if (task.status !== 'CLAIMED') return refused('task_wrong_status');
			return done(() => Object.assign(task, { status: 'SUBMITTED', cancelRequested: false, verdict: null }));
		case 'cancel':
			if (!requester) return refused('task_not_requester');
			if (task.status === 'CLAIMED') return refused('task_needs_consent');
			if (task.status !== 'OPEN') return refused('task_wrong_status');
			return done(() => refund(model, task));
		case 'requestCancel':
			if (!requester) return refused('task_not_requester');
			if (task.status !== 'CLAIMED') return refused('task_wrong_status');
			if (task.cancelRequested) return refused('task_already_requested');
			return done(() => (task.cancelRequested = true));
		case 'consentCancel':
		case 'declineCancel':
			if (!claimant) return refused('task_not_claimant');
			if (task.status !== 'CLAIMED') return refused('task_wrong_status');
			if (!task.cancelRequested) return refused('task_not_requested');
			return act === 'consentCancel'
				? done(() => refund(model, task))
				: done(() => (task.cancelRequested = false));
		case 'confirm':
		case 'object':
			if (!requester) return refused('task_not_requester');
			if (task.status !== 'SUBMITTED') return refused('task_wrong_status');
			return done(() => (task.verdict = act === 'confirm' ? 'CONFIRMED' : 'OBJECTED'));
		case 'openDispute':
			if (!requester && !claimant) return refused('task_not_participant');
			if (task.status === 'DISPUTED') return refused('dispute_already_open');
			if (task.status !== 'CLAIMED' && task.status !== 'SUBMITTED') return refused('task_wrong_status');
			return done(() => Object.assign(task, { status: 'DISPUTED', cancelRequested: false }));
		case 'edit':
			if (!requester) return refused('task_not_requester');
			if (task.status !== 'OPEN') return refused('task_wrong_status');
			return done(() => (task.title = extra.title!));
		case 'raise': {
			if (!requester) return refused('task_not_requester');
			if (task.status !== 'OPEN') return refused('task_wrong_status');
			const bounty = extra.bounty!;
			if (bounty <= task.bounty) return refused('bounty_not_raised');
			if (model.available[user]! < bounty - task.bounty) return refused('insufficient_funds');
			return done(() => {
				model.available[user]! -= bounty - task.bounty;
				task.bounty = bounty;
			});
		}
	}
}
