// Users in the admin console: search, and suspension. A suspended user can sign in and read, but every
// state-changing call is refused with FORBIDDEN `suspended` (core/suspension.ts, checked by every
// signed-in mutation and by each queued entry of sync.push).
import { DomainError } from '$lib/domain/errors';
import type { AdminUsersInput } from '$lib/domain/schemas/admin-console';
import type { Prisma, Tx } from '../db';
import { notFound, type Actor } from '../core/actor';
import { assertAdmin } from '../access/admin';
import { audit } from '../core/audit';
import { after, literal, newestFirst, page, PAGE_SIZE } from '../core/cursor';
import { runMutation } from '../core/mutations';
import type { ServiceDeps } from '../core/context';

export async function listUsers(deps: ServiceDeps, actor: Actor, input: AdminUsersInput) {
	assertAdmin(actor);
	const terms = (input.q ?? '').split(/\s+/).filter(Boolean).slice(0, 8);
	const where: Prisma.UserWhereInput = {
		AND: [
			...terms.map((term) => ({
				OR: (['email', 'displayName'] as const).map((field) => ({
					[field]: { contains: literal(term), mode: 'insensitive' as const }
				}))
			})),
			after(input.cursor)
		]
	};
	const rows = await deps.db.user.findMany({
		where,
		orderBy: newestFirst,
		take: PAGE_SIZE + 1,
		select: {
			id: true,
			email: true,
			displayName: true,
			kind: true,
			isAdmin: true,
			createdAt: true,
			verifiedAt: true,
			suspendedAt: true,
			suspendedReason: true,
			accounts: {
				where: { kind: 'WALLET', currency: deps.config.currency },
				select: { balance: true }
			}
		}
	});
	const { items, nextCursor } = page(rows);
	return {
		currency: deps.config.currency,
		items: items.map(({ accounts, kind, ...user }) => ({
			...user,
			kind: kind === 'ORGANISATION' ? ('organisation' as const) : ('person' as const),
			verified: user.verifiedAt !== null,
			suspended: user.suspendedAt !== null,
			walletBalance: accounts[0]?.balance ?? 0n
		})),
		nextCursor
	};
}

/** Locks the user's row (suspension and unsuspension of one user serialise) and returns its state. */
async function lockUser(tx: Tx, userId: string) {
	const locked = await tx.$queryRaw<
		{ id: string }[]
	>`SELECT "id" FROM "User" WHERE "id" = ${userId}::uuid FOR UPDATE`;
	if (locked.length === 0) throw notFound('This user');
	return tx.user.findUniqueOrThrow({
		where: { id: userId },
		select: { id: true, suspendedAt: true, suspendedReason: true }
	});
}

export async function suspendUser(
	deps: ServiceDeps,
	actor: Actor,
	input: { mutationId?: string | undefined; userId: string; reason: string }
) {
	assertAdmin(actor);
	return runMutation(deps.db, { userId: actor.userId, name: 'admin.suspendUser', input }, async (tx) => {
		if (input.userId === actor.userId) {
			throw new DomainError('FORBIDDEN', 'cannot_suspend_self', 'You cannot suspend your own account.');
		}
		const before = await lockUser(tx, input.userId);
		if (before.suspendedAt) {
			throw new DomainError('CONFLICT', 'already_suspended', 'This account is already suspended.');
		}
		const updated = await tx.user.update({
			where: { id: input.userId },
			data: { suspendedAt: new Date(), suspendedReason: input.reason },
			select: { id: true, suspendedAt: true, suspendedReason: true }
		});
		await audit(tx, actor, {
			action: 'admin.suspendUser',
			targetType: 'user',
			targetId: input.userId,
			before: { suspendedAt: null, suspendedReason: null },
			after: { suspendedAt: updated.suspendedAt, suspendedReason: updated.suspendedReason }
		});
		return { userId: updated.id, suspended: true as const, suspendedAt: updated.suspendedAt! };
	});
}

export async function unsuspendUser(
	deps: ServiceDeps,
	actor: Actor,
	input: { mutationId?: string | undefined; userId: string }
) {
	assertAdmin(actor);
	return runMutation(deps.db, { userId: actor.userId, name: 'admin.unsuspendUser', input }, async (tx) => {
		const before = await lockUser(tx, input.userId);
		if (!before.suspendedAt) {
			throw new DomainError('CONFLICT', 'not_suspended', 'This account is not suspended.');
		}
		await tx.user.update({
			where: { id: input.userId },
			data: { suspendedAt: null, suspendedReason: null }
		});
		await audit(tx, actor, {
			action: 'admin.unsuspendUser',
			targetType: 'user',
			targetId: input.userId,
			before: { suspendedAt: before.suspendedAt, suspendedReason: before.suspendedReason },
			after: { suspendedAt: null, suspendedReason: null }
		});
		return { userId: input.userId, suspended: false as const };
	});
}
