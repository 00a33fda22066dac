// The notification centre: the signed-in user's notifications, newest first. Offline, an empty list and
// a note (notifications are not kept on the device).
import { redirect } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { apiFor, isUnreachable, keyOf, pageError } from '$lib/client/load-api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, parent, url }) => {
	const { user } = await parent();
	const login = `/login?next=${encodeURIComponent(url.pathname)}`;
	if (!user) redirect(303, login);
	try {
		const api = apiFor(fetch);
		const [page, unread] = await Promise.all([
			api.notification.list.query({ limit: 20 }),
			api.notification.unreadCount.query()
		]);
		return { ...page, unread, offline: false };
	} catch (error) {
		if (browser && isUnreachable(error)) return { items: [], nextCursor: null, unread: null, offline: true };
		if (keyOf(error) === 'unauthorized') redirect(303, login);
		pageError(error);
	}
};
