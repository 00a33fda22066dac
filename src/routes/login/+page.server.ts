import { redirect } from '@sveltejs/kit';
import { safeNext } from '$lib/ui/next';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next'), url.origin));
};
