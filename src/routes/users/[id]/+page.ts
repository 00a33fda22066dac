// A user's public profile: who they are and their record as a worker and as a requester.
import { error } from '@sveltejs/kit';
import { apiFor, keyOf, pageError } from '$lib/client/load-api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params }) => {
	try {
		return { profile: await apiFor(fetch).user.profile.query({ userId: params.id }) };
	} catch (cause) {
		const key = keyOf(cause);
		if (key === 'not_found' || key === 'invalid_input') {
			error(404, { message: 'This user was not found.', key: 'not_found' });
		}
		pageError(cause);
	}
};
