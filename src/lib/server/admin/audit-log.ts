// Reading the audit log (audit.ts writes it) and the admin console's overview: what waits for an admin.
import type { Db, Prisma } from '../db';
import { type Actor } from '../core/actor';
import { assertAdmin } from '../access/admin';
import { after, newestFirst, page, PAGE_SIZE } from '../core/cursor';

export async function auditLog(
	db: Db,
	actor: Actor,
	input: {
		cursor?: string | undefined;
		actorId?: string | undefined;
		targetType?: string | undefined;
		targetId?: string | undefined;
	}
) {
	assertAdmin(actor);
	const where: Prisma.AuditEntryWhereInput = {
		...(input.actorId ? { actorId: input.actorId } : {}),
		...(input.targetType ? { targetType: input.targetType } : {}),
		...(input.targetId ? { targetId: input.targetId } : {}),
		...after(input.cursor)
	};
	const rows = await db.auditEntry.findMany({
		where,
		orderBy: newestFirst,
		take: PAGE_SIZE + 1,
		select: {
			id: true,
			action: true,
			targetType: true,
			targetId: true,
			before: true,
			after: true,
			createdAt: true,
			actor: { select: { id: true, displayName: true, email: true } }
		}
	});
	return page(rows);
}

/** Counts of what waits for an admin, one per queue the schema has. */
export async function overview(db: Db, actor: Actor) {
	assertAdmin(actor);
	const [
		pendingReviews,
		openDisputes,
		pendingWithdrawals,
		pendingDeposits,
		pendingVerifications,
		suspendedUsers
	] = await Promise.all([
		db.handover.count({ where: { status: 'PENDING' } }),
		db.dispute.count({ where: { status: 'OPEN' } }),
		db.withdrawal.count({ where: { status: 'REQUESTED' } }),
		db.deposit.count({ where: { status: 'PENDING' } }),
		db.verification.count({ where: { status: 'PENDING' } }),
		db.user.count({ where: { suspendedAt: { not: null } } })
	]);
	return {
		pendingReviews,
		openDisputes,
		pendingWithdrawals,
		pendingDeposits,
		pendingVerifications,
		suspendedUsers
	};
}
