// Disputes: either party of a claimed or handed-over task (or the platform itself, when the rework rounds
// run out) asks the platform to decide; the task is DISPUTED and its claim's clock stops. An admin then
// divides the escrow: the worker's part less commission to the worker, the commission to the platform, the
// rest back to the requester, all in one transaction under the task's lock, and the task ends.
import { DomainError } from '$lib/domain/errors';
import { disputeSplit } from '$lib/domain/disputes';
import type { OpenDisputeInput, ResolveDisputeInput } from '$lib/domain/schemas/dispute';
import { transition } from '$lib/domain/task-state';
import type { Db, Tx } from '../db';
import type { TaskStatus } from '../db/generated/enums';
import { assertOwnsFiles } from '../access/files';
import { notFound, requireAdmin, type Actor } from '../core/actor';
import { audit } from '../core/audit';
import { disputeSummarySelect, openerOf, presentDispute } from './view';
import { escrowAccount, systemAccount, transfer, walletAccount } from '../money/ledger';
import { runMutation } from '../core/mutations';
import { notify } from '../notifications/notify';
import { applyEvent, facts, lockTask, refusalError, type Deps } from '../tasks/lifecycle';

/**
 * Writes a dispute row for a task that has just become DISPUTED (under its lock). `openedById` null is the
 * platform itself (the rework rounds ran out); the partial unique index keeps one open dispute per task.
 */
export async function recordDispute(
	tx: Tx,
	dispute: {
		taskId: string;
		openedById: string | null;
		statement: string;
		statusBefore: TaskStatus;
		fileIds?: string[];
	}
) {
	return tx.dispute.create({
		data: {
			taskId: dispute.taskId,
			openedById: dispute.openedById,
			statement: dispute.statement,
			statusBefore: dispute.statusBefore,
			files: { create: (dispute.fileIds ?? []).map((fileId, position) => ({ fileId, position })) }
		},
		select: { id: true, taskId: true, status: true, statusBefore: true, createdAt: true }
	});
}

export async function openDispute(deps: Deps, actor: Actor, input: OpenDisputeInput) {
	return runMutation(deps.db, { userId: actor.userId, name: 'dispute.open', input }, async (tx) => {
		const task = await lockTask(tx, input.taskId);
		const allowed = transition(facts(task), { type: 'open_dispute' }, actor);
		if (!allowed.ok) {
			if (allowed.refusal === 'wrong_status' && task.status === 'DISPUTED') {
				throw new DomainError(
					'CONFLICT',
					'dispute_already_open',
					'A dispute about this task is already open; the platform will decide it.'
				);
			}
			throw refusalError(allowed.refusal);
		}
		const fileIds = await assertOwnsFiles(
			tx,
			actor.userId,
			input.fileIds,
			'A dispute can only include files you uploaded.'
		);
		await applyEvent(tx, task, { type: 'open_dispute' }, actor);
		const dispute = await recordDispute(tx, {
			taskId: task.id,
			openedById: actor.userId,
			statement: input.statement,
			statusBefore: task.status,
			fileIds
		});
		const openedBy = openerOf(actor.userId, task.requesterId);
		const parties = [task.requesterId, task.claimantId].filter((id): id is string => id !== null);
		await notify(
			tx,
			...parties.map((userId) => ({
				userId,
				kind: 'disputed' as const,
				taskId: task.id,
				data: { disputeId: dispute.id, openedBy, title: task.title }
			}))
		);
		return dispute;
	});
}

/** The task's disputes, newest first, for its requester, its worker and admins. */
export async function disputesForTask(db: Db, actor: Actor, taskId: string) {
	const task = await db.task.findUnique({
		where: { id: taskId },
		select: { requesterId: true, claimantId: true }
	});
	if (!task) throw notFound('This task');
	const participant = actor.isAdmin || actor.userId === task.requesterId || actor.userId === task.claimantId;
	if (!participant) {
		throw new DomainError(
			'FORBIDDEN',
			'task_not_participant',
			'Only the requester or the worker holding this task can see its disputes.'
		);
	}
	const rows = await db.dispute.findMany({
		where: { taskId },
		orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
		select: disputeSummarySelect
	});
	return { items: rows.map(presentDispute) };
}

const party = { select: { id: true, displayName: true } } as const;

/** Open disputes oldest first (the longest waiting on top), or resolved ones newest first. */
export async function listDisputes(db: Db, actor: Actor, input: { status: 'OPEN' | 'RESOLVED' }) {
	requireAdmin(actor);
	const resolved = input.status === 'RESOLVED';
	const rows = await db.dispute.findMany({
		where: { status: input.status },
		orderBy: resolved ? [{ resolvedAt: 'desc' }, { id: 'desc' }] : [{ createdAt: 'asc' }, { id: 'asc' }],
		take: 100,
		select: {
			...disputeSummarySelect,
			openedBy: party,
			resolvedBy: party,
			task: {
				select: {
					id: true,
					title: true,
					bounty: true,
					currency: true,
					commissionBps: true,
					status: true,
					reworkCount: true,
					requesterId: true,
					requester: party,
					claimant: party,
					handovers: {
						orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
						select: {
							id: true,
							status: true,
							report: true,
							reviewReason: true,
							requesterVerdict: true,
							requesterReason: true,
							createdAt: true,
							reviewedAt: true,
							_count: { select: { files: true } }
						}
					}
				}
			}
		}
	});
	return {
		items: rows.map((row) => {
			const { openedBy: opener, resolvedBy, task } = row;
			const { requester, claimant, handovers, requesterId: _requesterId, ...taskFields } = task;
			return {
				...presentDispute(row),
				opener,
				resolvedBy,
				task: taskFields,
				requester,
				worker: claimant,
				handovers: handovers.map(({ _count, ...h }) => ({ ...h, fileCount: _count.files }))
			};
		})
	};
}

export async function resolveDispute(deps: Deps, actor: Actor, input: ResolveDisputeInput) {
	requireAdmin(actor);
	return runMutation(deps.db, { userId: actor.userId, name: 'admin.resolveDispute', input }, async (tx) => {
		const found = await tx.dispute.findUnique({ where: { id: input.disputeId }, select: { taskId: true } });
		if (!found) throw notFound('This dispute');
		const task = await lockTask(tx, found.taskId);
		// Re-read under the task's lock: a concurrent decision may have settled it meanwhile.
		const dispute = await tx.dispute.findUniqueOrThrow({ where: { id: input.disputeId } });
		if (dispute.status !== 'OPEN') {
			throw new DomainError(
				'CONFLICT',
				'dispute_already_resolved',
				'This dispute has already been resolved.'
			);
		}
		const escrow = await escrowAccount(tx, task.id);
		await applyEvent(tx, task, { type: 'resolve', workerAmount: input.workerAmount }, actor);
		if (!task.claimantId) throw new Error(`Disputed task ${task.id} has no worker.`);
		// Invariant 2: a disputed task's escrow holds its whole bounty. Anything else is a bug to stop on.
		if (escrow.balance !== task.bounty) {
			throw new Error(`Escrow of task ${task.id} holds ${escrow.balance}, not its bounty ${task.bounty}.`);
		}
		const split = disputeSplit(task.bounty, input.workerAmount, task.commissionBps);
		const legs = [
			{
				leg: 'worker',
				code: 'RELEASE',
				amount: split.workerNet,
				to: () => walletAccount(tx, task.claimantId!, task.currency)
			},
			{
				leg: 'refund',
				code: 'REFUND',
				amount: split.requesterAmount,
				to: () => walletAccount(tx, task.requesterId, task.currency)
			},
			// The platform's revenue last, as in every payout (payout.ts, withdrawals.ts): it is one row that
			// all of them lock, so taking it before a wallet would deadlock against an approval paying that
			// wallet (which holds the wallet and waits for the revenue row).
			{
				leg: 'fee',
				code: 'COMMISSION',
				amount: split.fee,
				to: () => systemAccount(tx, 'PLATFORM_REVENUE', task.currency)
			}
		] as const;
		for (const { leg, code, amount, to } of legs) {
			if (amount === 0n) continue;
			await transfer(tx, {
				key: `dispute:${dispute.id}:${leg}`,
				code,
				amount,
				currency: task.currency,
				from: escrow,
				to: await to(),
				taskId: task.id
			});
		}
		const resolvedAt = new Date();
		await tx.dispute.update({
			where: { id: dispute.id },
			data: {
				status: 'RESOLVED',
				workerAmount: split.workerAmount,
				requesterAmount: split.requesterAmount,
				fee: split.fee,
				reason: input.reason,
				resolvedById: actor.userId,
				resolvedAt
			}
		});
		const taskStatus = split.workerAmount > 0n ? ('COMPLETED' as const) : ('CANCELLED' as const);
		const data = {
			disputeId: dispute.id,
			title: task.title,
			workerAmount: split.workerAmount,
			workerNet: split.workerNet,
			fee: split.fee,
			requesterAmount: split.requesterAmount,
			currency: task.currency
		};
		await notify(
			tx,
			{ userId: task.requesterId, kind: 'resolved', taskId: task.id, data },
			{ userId: task.claimantId, kind: 'resolved', taskId: task.id, data },
			...(split.workerNet > 0n
				? [
						{
							userId: task.claimantId,
							kind: 'paid' as const,
							taskId: task.id,
							data: { amount: split.workerNet, currency: task.currency, title: task.title }
						}
					]
				: [])
		);
		await audit(tx, actor, {
			action: 'admin.resolveDispute',
			targetType: 'dispute',
			targetId: dispute.id,
			before: { status: 'OPEN', taskId: task.id, taskStatus: task.status, escrow: escrow.balance },
			after: { status: 'RESOLVED', taskStatus, ...split, reason: input.reason, escrow: 0n }
		});
		return {
			disputeId: dispute.id,
			taskId: task.id,
			status: 'RESOLVED' as const,
			taskStatus,
			...split
		};
	});
}
