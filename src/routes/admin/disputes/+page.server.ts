import { requireAdminPage } from '$lib/server/access/pages';
import { callerFor } from '$lib/server/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdminPage(event);
	const status = event.url.searchParams.get('status') === 'resolved' ? 'RESOLVED' : 'OPEN';
	const { items } = await callerFor(event).admin.disputes({ status });
	return { items, status };
};
