// My tasks as requester and as worker. Offline, the ones this device synced (its own are always synced).
import { redirect } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { apiFor, isUnreachable, keyOf, pageError } from '$lib/client/load-api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, parent, url }) => {
	const { user } = await parent();
	if (!user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	try {
		return { tasks: await apiFor(fetch).task.mine.query(), offline: null };
	} catch (error) {
		if (browser && isUnreachable(error)) {
			const { offlineMine } = await import('$lib/client/offline');
			const { tasks } = await offlineMine();
			// Lapsed claims are not kept on the device.
			return { tasks: { ...tasks, lapsed: [] }, offline: true };
		}
		if (keyOf(error) === 'unauthorized') redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
		pageError(error);
	}
};
