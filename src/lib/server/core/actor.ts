// Who is calling a service: the signed-in user as the API presents them, and as the rules see them.
import { DomainError } from '$lib/domain/errors';
import type { Actor } from '$lib/domain/task-state';

export type { Actor };

/** The signed-in user as every page and procedure receives them (made by auth/users.ts `presentUser`). */
export interface PublicUser {
	id: string;
	email: string;
	displayName: string;
	kind: 'person' | 'organisation';
	isAdmin: boolean;
	/** An admin suspended the account: it can read, but every change is refused (`suspended`). */
	suspended: boolean;
	/** The admin's reason, shown to the user. */
	suspendedReason: string | null;
}

export const actorOf = (user: Pick<PublicUser, 'id' | 'isAdmin'>): Actor => ({
	userId: user.id,
	isAdmin: user.isAdmin
});

export const notFound = (what: string) => new DomainError('NOT_FOUND', 'not_found', `${what} was not found.`);
