import { requireUser } from '$lib/server/guards';
import { callerFor } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	return { tasks: await callerFor(event).task.mine() };
};
