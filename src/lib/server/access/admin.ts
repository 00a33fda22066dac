// The service-side admin check: every admin service starts with it, so a procedure mounted in the wrong
// router still cannot act for a non-admin. (Pages have their own guard: access/pages.ts.)
import { DomainError } from '$lib/domain/errors';
import type { Actor } from '../core/actor';

export function assertAdmin(actor: Actor): void {
	if (!actor.isAdmin) throw new DomainError('FORBIDDEN', 'admin_only', 'Only platform admins may do this.');
}
