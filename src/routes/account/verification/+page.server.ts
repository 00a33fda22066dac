import { requireUserPage } from '$lib/server/access/pages';
import { callerFor } from '$lib/server/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUserPage(event);
	const caller = callerFor(event);
	const [mine, limits] = await Promise.all([caller.verification.mine(), caller.upload.limits()]);
	return { mine, limits, kind: user.kind };
};
