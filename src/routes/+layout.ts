// Who is signed in, asked of the API so that the layout also loads in an app opened offline (then from
// what this device remembers). A universal load: no server-only data, so the app shell can boot anywhere.
import { browser } from '$app/environment';
import { apiFor, isUnreachable } from '$lib/client/load-api';
import { rememberedUser, rememberUser } from '$lib/client/remembered-user';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ fetch }) => {
	try {
		const user = await apiFor(fetch).auth.me.query();
		if (browser) rememberUser(user);
		return { user, offline: false };
	} catch (error) {
		if (browser && isUnreachable(error)) return { user: rememberedUser(), offline: true };
		throw error;
	}
};
