// Handovers: the worker delivers (report + files), the requester says whether it is right, the platform
// reviews. Approval releases the escrow (the state machine's release_to_worker effect); rejection sends the task back to the same worker
// for rework, or, once the rework rounds are used up, to a dispute the platform settles.
import { DomainError } from '$lib/domain/errors';
import { addHours } from '$lib/domain/task-state';
import type { SubmitHandoverInput } from '$lib/domain/schemas/handover';
import type { Tx } from '../db';
import { notFound, type Actor } from '../core/actor';
import { assertAdmin } from '../access/admin';
import { audit } from '../core/audit';
import { assertOwnsFiles } from '../access/files';
import { runMutation } from '../core/mutations';
import { notify } from '../notifications/notify';
import { markApproved } from './approval';
import { getSettings } from '../core/settings';
import { applyEvent, decide, lockTask, taskCommand } from '../tasks/lifecycle';
import type { ServiceDeps } from '../core/context';

export async function submitHandover(deps: ServiceDeps, actor: Actor, input: SubmitHandoverInput) {
	return taskCommand(deps, actor, 'handover.submit', input, async (tx, task) => {
		await applyEvent(tx, task, { type: 'submit' }, actor);
		const fileIds = await assertOwnsFiles(
			tx,
			actor.userId,
			input.fileIds,
			'A handover can only include files you uploaded.'
		);
		const handover = await tx.handover.create({
			data: {
				taskId: task.id,
				workerId: actor.userId,
				report: input.report,
				files: { create: fileIds.map((fileId, position) => ({ fileId, position })) }
			},
			select: { id: true, taskId: true, status: true, createdAt: true }
		});
		await notify(tx, {
			userId: task.requesterId,
			kind: 'handed_over',
			taskId: task.id,
			data: { title: task.title }
		});
		return handover;
	});
}

/**
 * Submitted handovers waiting for the platform, oldest first (a disputed task's waits for the dispute), with the requester's word on each; those
 * waiting longer than the review SLA are flagged `overdue`.
 */
export async function reviewQueue(deps: ServiceDeps, actor: Actor, now: Date = new Date()) {
	assertAdmin(actor);
	const { reviewSlaHours } = await getSettings(deps.db, deps.config);
	const items = await deps.db.handover.findMany({
		where: { status: 'PENDING', task: { status: 'SUBMITTED' } },
		orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
		take: 100,
		select: {
			id: true,
			taskId: true,
			report: true,
			createdAt: true,
			requesterVerdict: true,
			requesterReason: true,
			requesterAt: true,
			task: {
				select: { title: true, bounty: true, currency: true, commissionBps: true, reworkCount: true }
			},
			worker: { select: { id: true, displayName: true } },
			files: {
				orderBy: { position: 'asc' },
				select: { file: { select: { id: true, name: true, mimeType: true, size: true } } }
			}
		}
	});
	return {
		reviewSlaHours,
		items: items.map((h) => ({
			...h,
			files: h.files.map((f) => f.file),
			overdue: addHours(h.createdAt, reviewSlaHours) < now
		}))
	};
}

async function lockPendingHandover(tx: Tx, handoverId: string) {
	const handover = await tx.handover.findUnique({ where: { id: handoverId } });
	if (!handover) throw notFound('This handover');
	const task = await lockTask(tx, handover.taskId);
	// Re-read under the task's lock: a concurrent review may have decided it meanwhile.
	const current = await tx.handover.findUniqueOrThrow({ where: { id: handoverId } });
	if (current.status !== 'PENDING') {
		throw new DomainError(
			'CONFLICT',
			'handover_already_reviewed',
			'This handover has already been reviewed.'
		);
	}
	return { handover: current, task };
}

export async function approve(
	deps: ServiceDeps,
	actor: Actor,
	input: { handoverId: string; mutationId?: string | undefined }
) {
	assertAdmin(actor);
	return runMutation(deps.db, { userId: actor.userId, name: 'admin.approve', input }, async (tx) => {
		const { handover, task } = await lockPendingHandover(tx, input.handoverId);
		const now = new Date();
		const { payout = 0n, fee = 0n } = await applyEvent(tx, task, { type: 'approve' }, actor, { now });
		await markApproved(tx, task, handover, actor.userId, now, payout);
		await audit(tx, actor, {
			action: 'admin.approve',
			targetType: 'handover',
			targetId: handover.id,
			before: { status: handover.status, taskId: task.id, taskStatus: task.status },
			after: { status: 'APPROVED', taskId: task.id, taskStatus: 'COMPLETED', payout, fee }
		});
		return { handoverId: handover.id, taskId: task.id, status: 'APPROVED' as const, payout, fee };
	});
}

/**
 * Sends a handover back. With rework rounds left the task returns to its worker with a fresh deadline;
 * when they are used up the platform opens a dispute on it, the reason as its statement.
 */
export async function reject(
	deps: ServiceDeps,
	actor: Actor,
	input: { handoverId: string; reason: string; mutationId?: string | undefined }
) {
	assertAdmin(actor);
	return runMutation(deps.db, { userId: actor.userId, name: 'admin.reject', input }, async (tx) => {
		const { handover, task } = await lockPendingHandover(tx, input.handoverId);
		const { maxReworkRounds } = await getSettings(tx, deps.config);
		const now = new Date();
		const event = { type: 'reject', maxReworkRounds } as const;
		// Out of rework rounds, the platform opens a dispute itself, the reason as its statement.
		const result = await applyEvent(tx, task, event, actor, { now, statement: input.reason });
		await tx.handover.update({
			where: { id: handover.id },
			data: { status: 'REJECTED', reviewerId: actor.userId, reviewedAt: now, reviewReason: input.reason }
		});
		const data = { title: task.title, reason: input.reason };
		await notify(tx, { userId: handover.workerId, kind: 'rejected', taskId: task.id, data });
		const disputeId = result.disputeId ?? null;
		if (disputeId) {
			await notify(
				tx,
				{ userId: handover.workerId, kind: 'disputed', taskId: task.id, data },
				{ userId: task.requesterId, kind: 'disputed', taskId: task.id, data }
			);
		}
		const taskStatus = result.next.status;
		await audit(tx, actor, {
			action: 'admin.reject',
			targetType: 'handover',
			targetId: handover.id,
			before: { status: handover.status, taskId: task.id, taskStatus: task.status },
			after: { status: 'REJECTED', taskId: task.id, taskStatus, reason: input.reason, disputeId }
		});
		return { handoverId: handover.id, taskId: task.id, status: 'REJECTED' as const, taskStatus, disputeId };
	});
}

type Verdict = 'CONFIRMED' | 'OBJECTED';

/**
 * The requester's word on the handover under review: confirmed (it may be paid out automatically if the
 * platform does not review it in time) or objected to, with a reason. Saying the same again changes
 * nothing; changing one's mind replaces the verdict.
 */
async function giveVerdict(
	deps: ServiceDeps,
	actor: Actor,
	input: { taskId: string; mutationId?: string | undefined; reason?: string },
	verdict: Verdict
) {
	const name = verdict === 'CONFIRMED' ? 'handover.confirm' : 'handover.object';
	return taskCommand(deps, actor, name, input, async (tx, task) => {
		// The verdict changes no task column: the state machine only says who may give it, and when.
		decide(task, { type: verdict === 'CONFIRMED' ? 'confirm' : 'object' }, actor);
		const handover = await tx.handover.findFirst({
			where: { taskId: task.id, status: 'PENDING' },
			orderBy: { createdAt: 'desc' }
		});
		if (!handover) throw notFound('A handover under review');
		const reason = verdict === 'OBJECTED' ? (input.reason ?? null) : null;
		const unchanged = handover.requesterVerdict === verdict && handover.requesterReason === reason;
		const requesterAt = unchanged && handover.requesterAt ? handover.requesterAt : new Date();
		if (!unchanged) {
			await tx.handover.update({
				where: { id: handover.id },
				data: { requesterVerdict: verdict, requesterReason: reason, requesterAt }
			});
			await notify(tx, {
				userId: handover.workerId,
				kind: verdict === 'CONFIRMED' ? 'confirmed' : 'objected',
				taskId: task.id,
				data: { title: task.title, ...(reason ? { reason } : {}) }
			});
		}
		return { handoverId: handover.id, taskId: task.id, verdict, reason, requesterAt };
	});
}

export const confirmHandover = (
	deps: ServiceDeps,
	actor: Actor,
	input: { taskId: string; mutationId?: string | undefined }
) => giveVerdict(deps, actor, input, 'CONFIRMED');

export const objectToHandover = (
	deps: ServiceDeps,
	actor: Actor,
	input: { taskId: string; reason: string; mutationId?: string | undefined }
) => giveVerdict(deps, actor, input, 'OBJECTED');
