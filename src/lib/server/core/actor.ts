// Who is calling a service: the signed-in user as the rules see them.
import { DomainError } from '$lib/domain/errors';
import type { Actor } from '$lib/domain/task-state';

export type { Actor };

export function requireAdmin(actor: Actor): void {
	if (!actor.isAdmin) throw new DomainError('FORBIDDEN', 'admin_only', 'Only platform admins may do this.');
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', 'not_found', `${what} was not found.`);
