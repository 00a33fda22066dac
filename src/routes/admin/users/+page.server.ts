import { requireAdminPage } from '$lib/server/access/pages';
import { callerFor, pageError } from '$lib/server/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireAdminPage(event);
	const q = event.url.searchParams.get('q')?.trim() || undefined;
	const cursor = event.url.searchParams.get('cursor') || undefined;
	const users = await callerFor(event).admin.users({ q, cursor }).catch(pageError);
	return { ...users, q: q ?? '', paged: !!cursor, meId: me.id };
};
