// Who may open a page (the page-side guards; services check for themselves with access/admin.ts):
// signed-out visitors go to the sign-in page and come back afterwards; admin pages answer 403 to
// everyone else.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { PublicUser } from '../core/actor';

export function requireUserPage(event: Pick<RequestEvent, 'locals' | 'url'>): PublicUser {
	const user = event.locals.user;
	if (!user) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/login?next=${encodeURIComponent(next)}`);
	}
	return user;
}

export function requireAdminPage(event: Pick<RequestEvent, 'locals' | 'url'>): PublicUser {
	const user = requireUserPage(event);
	if (!user.isAdmin) error(403, { message: 'Only platform admins may open this page.', key: 'admin_only' });
	return user;
}
