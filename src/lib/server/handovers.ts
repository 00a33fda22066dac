// Handovers: the worker delivers (report + files), the platform reviews. Approval releases the escrow:
// the worker gets bounty − commission, the platform the commission; rejection sends the task back to the
// same worker for rework.
import { DomainError } from '$lib/domain/errors';
import { splitCommission } from '$lib/domain/money';
import type { SubmitHandoverInput } from '$lib/domain/schemas/handover';
import type { Db, Tx } from './db';
import { notFound, requireAdmin, type Actor } from './actor';
import { escrowAccount, systemAccount, transfer, walletAccount } from './ledger';
import { runMutation } from './mutations';
import { getSettings } from './settings';
import { applyEvent, lockTask, type Deps } from './tasks';

export async function submitHandover(deps: Deps, actor: Actor, input: SubmitHandoverInput) {
	return runMutation(
		deps.db,
		{ userId: actor.userId, name: 'handover.submit', mutationId: input.mutationId },
		async (tx) => {
			const task = await lockTask(tx, input.taskId);
			await applyEvent(tx, task, { type: 'submit' }, actor);
			const fileIds = [...new Set(input.fileIds)];
			const owned = await tx.storedFile.count({ where: { id: { in: fileIds }, ownerId: actor.userId } });
			if (owned !== fileIds.length) {
				throw new DomainError(
					'FORBIDDEN',
					'files_not_yours',
					'A handover can only include files you uploaded.'
				);
			}
			const handover = await tx.handover.create({
				data: {
					taskId: task.id,
					workerId: actor.userId,
					report: input.report,
					files: { create: fileIds.map((fileId, position) => ({ fileId, position })) }
				},
				select: { id: true, taskId: true, status: true, createdAt: true }
			});
			return handover;
		}
	);
}

/** Submitted handovers waiting for the platform, oldest first (a disputed task's waits for the dispute). */
export async function reviewQueue(db: Db, actor: Actor) {
	requireAdmin(actor);
	const items = await db.handover.findMany({
		where: { status: 'PENDING', task: { status: 'SUBMITTED' } },
		orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
		take: 100,
		select: {
			id: true,
			taskId: true,
			report: true,
			createdAt: true,
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
	return { items: items.map((h) => ({ ...h, files: h.files.map((f) => f.file) })) };
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
	deps: Deps,
	actor: Actor,
	input: { handoverId: string; mutationId?: string | undefined }
) {
	requireAdmin(actor);
	return runMutation(
		deps.db,
		{ userId: actor.userId, name: 'admin.approve', mutationId: input.mutationId },
		async (tx) => {
			const { handover, task } = await lockPendingHandover(tx, input.handoverId);
			await applyEvent(tx, task, { type: 'approve' }, actor);
			await tx.handover.update({
				where: { id: handover.id },
				data: { status: 'APPROVED', reviewerId: actor.userId, reviewedAt: new Date() }
			});
			const escrow = await escrowAccount(tx, task.id);
			const { fee, payout } = splitCommission(escrow.balance, task.commissionBps);
			if (payout > 0n) {
				await transfer(tx, {
					key: `release:${task.id}`,
					code: 'RELEASE',
					amount: payout,
					currency: task.currency,
					from: escrow,
					to: await walletAccount(tx, handover.workerId, task.currency),
					taskId: task.id
				});
			}
			if (fee > 0n) {
				await transfer(tx, {
					key: `commission:${task.id}`,
					code: 'COMMISSION',
					amount: fee,
					currency: task.currency,
					from: escrow,
					to: await systemAccount(tx, 'PLATFORM_REVENUE', task.currency),
					taskId: task.id
				});
			}
			return { handoverId: handover.id, taskId: task.id, status: 'APPROVED' as const, payout, fee };
		}
	);
}

export async function reject(
	deps: Deps,
	actor: Actor,
	input: { handoverId: string; reason: string; mutationId?: string | undefined }
) {
	requireAdmin(actor);
	return runMutation(
		deps.db,
		{ userId: actor.userId, name: 'admin.reject', mutationId: input.mutationId },
		async (tx) => {
			const { handover, task } = await lockPendingHandover(tx, input.handoverId);
			const { maxReworkRounds } = await getSettings(tx, deps.config);
			await applyEvent(tx, task, { type: 'reject', maxReworkRounds }, actor);
			await tx.handover.update({
				where: { id: handover.id },
				data: {
					status: 'REJECTED',
					reviewerId: actor.userId,
					reviewedAt: new Date(),
					reviewReason: input.reason
				}
			});
			return { handoverId: handover.id, taskId: task.id, status: 'REJECTED' as const };
		}
	);
}
