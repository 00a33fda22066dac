import { requireUserPage } from '$lib/server/access/pages';
import { callerFor } from '$lib/server/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireUserPage(event);
	return { wallet: await callerFor(event).wallet.get() };
};
