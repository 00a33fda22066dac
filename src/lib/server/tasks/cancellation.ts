// Cancelling a task: the requester cancels an open one; a claimed one only with its worker's consent
// (request → consent or decline). A cancellation refunds the whole escrow.
import { type Actor } from '../core/actor';
import type { Tx } from '../db';
import { escrowAccount, transfer, walletAccount } from '../money/ledger';
import { runMutation } from '../core/mutations';
import { notify } from '../notifications/notify';
import { applyEvent, lockTask, type Deps } from './lifecycle';

/** The whole escrow back to the requester's wallet (once per task: the transfer's key names it). */
async function refundEscrow(tx: Tx, task: { id: string; requesterId: string; currency: string }) {
	const escrow = await escrowAccount(tx, task.id);
	if (escrow.balance === 0n) return;
	await transfer(tx, {
		key: `refund:${task.id}`,
		code: 'REFUND',
		amount: escrow.balance,
		currency: task.currency,
		from: escrow,
		to: await walletAccount(tx, task.requesterId, task.currency),
		taskId: task.id
	});
}

type TaskInput = { taskId: string; mutationId?: string | undefined };

/**
 * The requester cancels an open task; the whole escrow goes back to their wallet. A claimed task is
 * refused (`task_needs_consent`): ask the worker with requestCancel.
 */
export async function cancel(deps: Deps, actor: Actor, input: TaskInput) {
	return runMutation(deps.db, { userId: actor.userId, name: 'task.cancel', input }, async (tx) => {
		const task = await lockTask(tx, input.taskId);
		await applyEvent(tx, task, { type: 'cancel' }, actor);
		await refundEscrow(tx, task);
		return { id: task.id, status: 'CANCELLED' as const };
	});
}

/** The requester asks the worker holding the task to agree to cancel it. */
export async function requestCancel(deps: Deps, actor: Actor, input: TaskInput) {
	return runMutation(deps.db, { userId: actor.userId, name: 'task.requestCancel', input }, async (tx) => {
		const task = await lockTask(tx, input.taskId);
		const now = new Date();
		await applyEvent(tx, task, { type: 'request_cancel' }, actor, {}, now);
		if (task.claimantId) {
			await notify(tx, {
				userId: task.claimantId,
				kind: 'cancel_requested',
				taskId: task.id,
				data: { title: task.title }
			});
		}
		return { id: task.id, status: task.status, cancelRequestedAt: now };
	});
}

/** The worker agrees to the requester's cancellation: the task is cancelled, the escrow refunded in full. */
export async function consentCancel(deps: Deps, actor: Actor, input: TaskInput) {
	return runMutation(deps.db, { userId: actor.userId, name: 'task.consentCancel', input }, async (tx) => {
		const task = await lockTask(tx, input.taskId);
		await applyEvent(tx, task, { type: 'consent_cancel' }, actor);
		await refundEscrow(tx, task);
		await notify(tx, {
			userId: task.requesterId,
			kind: 'cancelled',
			taskId: task.id,
			data: { title: task.title, refund: task.bounty, currency: task.currency }
		});
		return { id: task.id, status: 'CANCELLED' as const };
	});
}

/** The worker keeps the task: the cancellation request is withdrawn and the claim runs on. */
export async function declineCancel(deps: Deps, actor: Actor, input: TaskInput) {
	return runMutation(deps.db, { userId: actor.userId, name: 'task.declineCancel', input }, async (tx) => {
		const task = await lockTask(tx, input.taskId);
		await applyEvent(tx, task, { type: 'decline_cancel' }, actor);
		await notify(tx, {
			userId: task.requesterId,
			kind: 'cancel_declined',
			taskId: task.id,
			data: { title: task.title }
		});
		return { id: task.id, status: task.status, cancelRequestedAt: null };
	});
}
