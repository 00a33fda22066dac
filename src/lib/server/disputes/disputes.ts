// Disputes: either party of a claimed or handed-over task (or the platform itself, when the rework rounds
// run out) asks the platform to decide; the task is DISPUTED and its claim's clock stops. An admin then
// divides the escrow: the worker's part less commission to the worker, the commission to the platform, the
// rest back to the requester, all in one transaction under the task's lock, and the task ends.
import { DomainError } from '$lib/domain/errors';
import type { OpenDisputeInput, ResolveDisputeInput } from '$lib/domain/schemas/dispute';
import { transition } from '$lib/domain/task-state';
import type { Db } from '../db';
import { assertOwnsFiles } from '../access/files';
import { assertParticipant } from '../access/tasks';
import { notFound, type Actor } from '../core/actor';
import { assertAdmin } from '../access/admin';
import { audit } from '../core/audit';
import { disputeSummarySelect, openerOf, presentDispute } from './view';
import { escrowAccount } from '../money/ledger';
import { runMutation } from '../core/mutations';
import { notify } from '../notifications/notify';
import { applyEvent, commit, facts, lockTask, refusalError, taskCommand } from '../tasks/lifecycle';
import { recordDispute } from './record';
import type { ServiceDeps } from '../core/context';

export async function openDispute(deps: ServiceDeps, actor: Actor, input: OpenDisputeInput) {
	return taskCommand(deps, actor, 'dispute.open', input, async (tx, task) => {
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
		await commit(tx, task, allowed);
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
		select: { status: true, requesterId: true, claimantId: true }
	});
	if (!task) throw notFound('This task');
	assertParticipant(task, actor, 'disputes');
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
	assertAdmin(actor);
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

export async function resolveDispute(deps: ServiceDeps, actor: Actor, input: ResolveDisputeInput) {
	assertAdmin(actor);
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
		const event = { type: 'resolve', workerAmount: input.workerAmount } as const;
		// The split effect divides the escrow under transfer keys that name this dispute.
		const { split } = await applyEvent(tx, task, event, actor, { dispute });
		if (!split || !task.claimantId) throw new Error(`Dispute ${dispute.id} was settled without a split.`);
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
