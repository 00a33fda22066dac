// Cancelling a task: the requester cancels an open one; a claimed one only with its worker's consent
// (request → consent or decline). A cancellation refunds the whole escrow (the state machine's refund_requester effect).
import { type Actor } from '../core/actor';
import { notify } from '../notifications/notify';
import { applyEvent, taskCommand } from './lifecycle';
import type { ServiceDeps } from '../core/context';

type TaskInput = { taskId: string; mutationId?: string | undefined };

/**
 * The requester cancels an open task; the whole escrow goes back to their wallet. A claimed task is
 * refused (`task_needs_consent`): ask the worker with requestCancel.
 */
export async function cancel(deps: ServiceDeps, actor: Actor, input: TaskInput) {
	return taskCommand(deps, actor, 'task.cancel', input, async (tx, task) => {
		await applyEvent(tx, task, { type: 'cancel' }, actor);
		return { id: task.id, status: 'CANCELLED' as const };
	});
}

/** The requester asks the worker holding the task to agree to cancel it. */
export async function requestCancel(deps: ServiceDeps, actor: Actor, input: TaskInput) {
	return taskCommand(deps, actor, 'task.requestCancel', input, async (tx, task) => {
		const now = new Date();
		await applyEvent(tx, task, { type: 'request_cancel' }, actor, { now });
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
export async function consentCancel(deps: ServiceDeps, actor: Actor, input: TaskInput) {
	return taskCommand(deps, actor, 'task.consentCancel', input, async (tx, task) => {
		await applyEvent(tx, task, { type: 'consent_cancel' }, actor);
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
export async function declineCancel(deps: ServiceDeps, actor: Actor, input: TaskInput) {
	return taskCommand(deps, actor, 'task.declineCancel', input, async (tx, task) => {
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
