// Tasks in the admin console: every task in any status, and the admin's force-cancel, which ends an open,
// claimed or handed-over task and returns the whole escrow to the requester. Disputed tasks are settled
// by resolving the dispute instead (an award of 0 refunds the requester).
import type { AdminTasksInput } from '$lib/domain/schemas/admin-console';
import type { Prisma } from '../db';
import { type Actor } from '../core/actor';
import { assertAdmin } from '../access/admin';
import { audit } from '../core/audit';
import { after, literal, newestFirst, page, PAGE_SIZE } from '../core/cursor';
import { escrowAccount } from '../money/ledger';
import { notify } from '../notifications/notify';
import { applyEvent, taskCommand } from '../tasks/lifecycle';
import type { ServiceDeps } from '../core/context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const person = { select: { id: true, displayName: true, email: true } } as const;

/** Tasks newest first. Each search term must appear in the title, address or a party's name or email; a task id finds that task. */
export async function listTasks(deps: ServiceDeps, actor: Actor, input: AdminTasksInput) {
	assertAdmin(actor);
	const q = (input.q ?? '').trim();
	const terms = q.split(/\s+/).filter(Boolean).slice(0, 8);
	const contains = (term: string) => ({ contains: literal(term), mode: 'insensitive' as const });
	const where: Prisma.TaskWhereInput = {
		...(input.status ? { status: input.status } : {}),
		AND: [
			...(UUID.test(q)
				? [{ id: q.toLowerCase() }]
				: terms.map((term) => ({
						OR: [
							{ title: contains(term) },
							{ address: contains(term) },
							{ requester: { OR: [{ displayName: contains(term) }, { email: contains(term) }] } },
							{ claimant: { OR: [{ displayName: contains(term) }, { email: contains(term) }] } }
						]
					}))),
			after(input.cursor)
		]
	};
	const rows = await deps.db.task.findMany({
		where,
		orderBy: newestFirst,
		take: PAGE_SIZE + 1,
		select: {
			id: true,
			title: true,
			status: true,
			bounty: true,
			currency: true,
			commissionBps: true,
			createdAt: true,
			claimedAt: true,
			claimExpiresAt: true,
			reworkCount: true,
			requester: person,
			claimant: person,
			escrow: { select: { balance: true } }
		}
	});
	const { items, nextCursor } = page(rows);
	return {
		items: items.map(({ escrow, ...task }) => ({ ...task, escrowBalance: escrow?.balance ?? 0n })),
		nextCursor
	};
}

/**
 * Cancels a task whatever its requester and worker say (fraud, a rule broken, an impossible task): the
 * state machine's `force_cancel`, the whole escrow back to the requester, both parties told why. A
 * handover waiting for review is closed as rejected with the same reason, so the review queue drops it.
 */
export async function forceCancel(
	deps: ServiceDeps,
	actor: Actor,
	input: { mutationId?: string | undefined; taskId: string; reason: string }
) {
	assertAdmin(actor);
	return taskCommand(deps, actor, 'admin.forceCancel', input, async (tx, task) => {
		const escrow = await escrowAccount(tx, task.id);
		const before = { status: task.status, claimantId: task.claimantId, escrow: escrow.balance };
		const now = new Date();
		// The refund_requester effect returns the whole escrow.
		const { refunded = 0n } = await applyEvent(tx, task, { type: 'force_cancel' }, actor, { now });
		const closed = await tx.handover.updateMany({
			where: { taskId: task.id, status: 'PENDING' },
			data: { status: 'REJECTED', reviewerId: actor.userId, reviewReason: input.reason, reviewedAt: now }
		});
		const data = { reason: input.reason, by: 'admin', refunded };
		await notify(
			tx,
			{ userId: task.requesterId, kind: 'cancelled', taskId: task.id, data },
			...(task.claimantId
				? [{ userId: task.claimantId, kind: 'cancelled' as const, taskId: task.id, data }]
				: [])
		);
		await audit(tx, actor, {
			action: 'admin.forceCancel',
			targetType: 'task',
			targetId: task.id,
			before,
			after: {
				status: 'CANCELLED',
				claimantId: task.claimantId,
				escrow: 0n,
				refunded,
				handoversClosed: closed.count,
				reason: input.reason
			}
		});
		return { id: task.id, status: 'CANCELLED' as const, refunded };
	});
}
