import { requireAdmin } from '$lib/server/guards';
import { callerFor } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const status = event.url.searchParams.get('status') === 'resolved' ? 'RESOLVED' : 'OPEN';
	const { items } = await callerFor(event).admin.disputes({ status });
	return { items, status };
};
