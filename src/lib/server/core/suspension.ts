// Suspension: an admin's word that an account may read but change nothing. Checked by every signed-in
// mutation (core/trpc.ts) and by each queued entry of sync.push; admins suspend and lift it in
// admin/users.ts.
import { DomainError } from '$lib/domain/errors';
import type { Db, Tx } from '../db';

export const suspendedError = (reason: string | null) =>
	new DomainError(
		'FORBIDDEN',
		'suspended',
		`Your account is suspended${reason ? ` (${reason})` : ''}: you can read, but not change anything.`
	);

/** Throws FORBIDDEN `suspended` when the user is suspended. Read from the database, so it holds at once. */
export async function assertNotSuspended(db: Pick<Db, 'user'> | Pick<Tx, 'user'>, userId: string) {
	const user = await db.user.findUnique({
		where: { id: userId },
		select: { suspendedAt: true, suspendedReason: true }
	});
	if (user?.suspendedAt) throw suspendedError(user.suspendedReason);
}
