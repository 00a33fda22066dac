import { requireAdminPage } from '$lib/server/access/pages';
import { callerFor } from '$lib/server/caller';
import type { PageServerLoad } from './$types';

const FILTERS = ['PENDING', 'VERIFIED', 'REFUSED', 'ALL'] as const;
type Filter = (typeof FILTERS)[number];

export const load: PageServerLoad = async (event) => {
	requireAdminPage(event);
	const asked = event.url.searchParams.get('status') ?? 'PENDING';
	const filter: Filter = (FILTERS as readonly string[]).includes(asked) ? (asked as Filter) : 'PENDING';
	const list = await callerFor(event).admin.verifications(filter === 'ALL' ? {} : { status: filter });
	return { items: list.items, filter };
};
