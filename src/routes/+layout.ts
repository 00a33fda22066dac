// Who is signed in, and whether the platform runs on test money, asked of the API (one request) so that
// the layout also loads in an app opened offline (then from what this device remembers). A universal
// load: no server-only data, so the app shell can boot anywhere.
import { browser } from '$app/environment';
import { apiFor, isUnreachable } from '$lib/client/load-api';
import {
	rememberedTestMoney,
	rememberedUser,
	rememberTestMoney,
	rememberUser
} from '$lib/client/remembered-user';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ fetch }) => {
	try {
		const api = apiFor(fetch);
		const [user, platform] = await Promise.all([api.auth.me.query(), api.platform.info.query()]);
		if (browser) {
			rememberUser(user);
			rememberTestMoney(platform.testMoney);
		}
		return { user, testMoney: platform.testMoney, offline: false };
	} catch (error) {
		if (browser && isUnreachable(error)) {
			return { user: rememberedUser(), testMoney: rememberedTestMoney(), offline: true };
		}
		throw error;
	}
};
