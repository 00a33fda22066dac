// The only path by which a task's money moves: the state machine (domain/task-state) names the effects of
// an accepted event, and this file carries each one out in the caller's transaction, under the task's lock.
// Every transfer key that empties an escrow is written here and nowhere else: `release:` and `commission:`
// (a payout), `refund:` (a cancellation), `dispute:<id>:worker|refund|fee` (a dispute's split). A new
// effect type does not compile until the switch below handles it.
import { disputeSplit, type DisputeSplit } from '$lib/domain/disputes';
import { splitCommission } from '$lib/domain/money';
import { addHours, type TaskEffect } from '$lib/domain/task-state';
import type { Task, Tx } from '../db';
import { recordDispute } from '../disputes/record';
import { escrowAccount, systemAccount, transfer, walletAccount, type AccountRef } from '../money/ledger';

/** What some effects need beyond the task itself. */
export interface EffectContext {
	/** The open dispute a `split` settles (its id names the split's transfers). */
	dispute?: { id: string };
	/** The platform's statement for a dispute it opens itself (`open_dispute`). */
	statement?: string;
}

/** What the effects did, for the caller's answer, audit entry and notifications. */
export interface EffectOutcome {
	payout?: bigint;
	fee?: bigint;
	refunded?: bigint;
	split?: DisputeSplit;
	disputeId?: string;
}

/** `task` is the row as it was locked, before the event: its claimant is the worker to pay. */
export async function applyEffects(
	tx: Tx,
	task: Task,
	effects: TaskEffect[],
	context: EffectContext = {}
): Promise<EffectOutcome> {
	const outcome: EffectOutcome = {};
	for (const effect of effects) {
		switch (effect.type) {
			case 'release_to_worker':
				Object.assign(outcome, await releaseToWorker(tx, task));
				break;
			case 'refund_requester':
				outcome.refunded = await refundRequester(tx, task);
				break;
			case 'split':
				if (!context.dispute) throw new Error(`A split of task ${task.id} needs its dispute.`);
				outcome.split = await splitEscrow(tx, task, context.dispute.id, effect.workerAmount);
				break;
			case 'record_lapse':
				await recordLapse(tx, task, effect.workerId);
				break;
			case 'open_dispute': {
				if (!context.statement) throw new Error(`The platform's dispute on ${task.id} needs a statement.`);
				const dispute = await recordDispute(tx, {
					taskId: task.id,
					openedById: null,
					statement: context.statement,
					statusBefore: task.status
				});
				outcome.disputeId = dispute.id;
				break;
			}
			default:
				effect satisfies never;
				throw new Error(`Unknown task effect ${JSON.stringify(effect)}.`);
		}
	}
	return outcome;
}

function workerOf(task: Task): string {
	if (!task.claimantId) throw new Error(`Task ${task.id} has no worker to pay.`);
	return task.claimantId;
}

type Leg = {
	/** The transfer's key: it names the event, so the leg can never be paid twice. */
	key: string;
	code: 'RELEASE' | 'REFUND' | 'COMMISSION';
	amount: bigint;
	to: () => Promise<AccountRef>;
};

/**
 * Moves the escrow out in `legs`, in order; legs of 0 move nothing. The platform's revenue goes last in
 * every payout: it is one row that all of them lock, so taking it before a wallet would deadlock against
 * another payout holding that wallet.
 */
async function payOut(tx: Tx, task: Task, escrow: AccountRef, legs: Leg[]) {
	for (const { key, code, amount, to } of legs) {
		if (amount === 0n) continue;
		await transfer(tx, {
			key,
			code,
			amount,
			currency: task.currency,
			from: escrow,
			to: await to(),
			taskId: task.id
		});
	}
}

const revenue = (tx: Tx, task: Task) => () => systemAccount(tx, 'PLATFORM_REVENUE', task.currency);
const walletOf = (tx: Tx, task: Task, userId: string) => () => walletAccount(tx, userId, task.currency);

/** The escrow to the worker (bounty − commission) and the platform (commission), once per task. */
async function releaseToWorker(tx: Tx, task: Task) {
	const escrow = await escrowAccount(tx, task.id);
	const { fee, payout } = splitCommission(escrow.balance, task.commissionBps);
	const legs: Leg[] = [
		{ key: `release:${task.id}`, code: 'RELEASE', amount: payout, to: walletOf(tx, task, workerOf(task)) },
		{ key: `commission:${task.id}`, code: 'COMMISSION', amount: fee, to: revenue(tx, task) }
	];
	await payOut(tx, task, escrow, legs);
	return { payout, fee };
}

/** The whole escrow back to the requester's wallet; returns how much that was. */
async function refundRequester(tx: Tx, task: Task): Promise<bigint> {
	const escrow = await escrowAccount(tx, task.id);
	const to = walletOf(tx, task, task.requesterId);
	await payOut(tx, task, escrow, [{ key: `refund:${task.id}`, code: 'REFUND', amount: escrow.balance, to }]);
	return escrow.balance;
}

/** A dispute's decision: the worker's part less commission, the rest back to the requester, the fee. */
async function splitEscrow(tx: Tx, task: Task, disputeId: string, workerAmount: bigint) {
	const escrow = await escrowAccount(tx, task.id);
	// Invariant: a disputed task's escrow holds its whole bounty. Anything else is a bug to stop on.
	if (escrow.balance !== task.bounty) {
		throw new Error(`Escrow of task ${task.id} holds ${escrow.balance}, not its bounty ${task.bounty}.`);
	}
	const split = disputeSplit(task.bounty, workerAmount, task.commissionBps);
	const key = (leg: 'worker' | 'refund' | 'fee') => `dispute:${disputeId}:${leg}`;
	const legs: Leg[] = [
		{ key: key('worker'), code: 'RELEASE', amount: split.workerNet, to: walletOf(tx, task, workerOf(task)) },
		{
			key: key('refund'),
			code: 'REFUND',
			amount: split.requesterAmount,
			to: walletOf(tx, task, task.requesterId)
		},
		{ key: key('fee'), code: 'COMMISSION', amount: split.fee, to: revenue(tx, task) }
	];
	await payOut(tx, task, escrow, legs);
	return split;
}

/** A claim that ran out counts against its worker (trust); once per claim. */
async function recordLapse(tx: Tx, task: Task, workerId: string) {
	if (!task.claimExpiresAt) throw new Error(`Lapsed task ${task.id} had no deadline.`);
	await tx.claimLapse.createMany({
		data: [
			{
				taskId: task.id,
				workerId,
				// Set by every claim; the fallback only guards rows written before claimedAt existed.
				claimedAt: task.claimedAt ?? addHours(task.claimExpiresAt, -task.claimHours),
				expiredAt: task.claimExpiresAt
			}
		],
		skipDuplicates: true
	});
}
