import { requireAdmin } from '$lib/server/guards';
import { callerFor } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const queue = await callerFor(event).admin.reviewQueue();
	return { items: queue.items, reviewSlaHours: queue.reviewSlaHours };
};
