import { requireAdminPage } from '$lib/server/access/pages';
import { callerFor } from '$lib/server/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdminPage(event);
	const queue = await callerFor(event).admin.reviewQueue();
	return { items: queue.items, reviewSlaHours: queue.reviewSlaHours };
};
