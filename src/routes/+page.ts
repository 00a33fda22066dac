// The worker's feed: open tasks filtered by words, category, bounty, time window and place, in the order
// chosen. All state is in the URL (see ./feed.ts), so the form works without JavaScript and a filtered
// feed can be shared. Offline, the same search runs over the tasks this device synced.
import { redirect } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { TASK_CATEGORIES } from '$lib/domain/constants';
import { apiFor, isUnreachable, keyOf, pageError } from '$lib/client/load-api';
import type { PageLoad } from './$types';
import { parseSearch } from './feed';

export const load: PageLoad = async ({ fetch, url }) => {
	const params = url.searchParams;
	const { form, query, problems } = parseSearch(params);
	const cursor = params.get('cursor') || undefined;
	const search = { form, problems, cursor: cursor ?? null, categories: TASK_CATEGORIES };
	try {
		const page = await apiFor(fetch).task.feed.query({ ...query, cursor });
		return { ...search, items: page.items, nextCursor: page.nextCursor, offline: null };
	} catch (error) {
		if (browser && isUnreachable(error)) {
			const { offlineFeed } = await import('$lib/client/offline');
			const cached = await offlineFeed(query);
			return { ...search, items: cached.items, nextCursor: null, offline: { lastSyncAt: cached.lastSyncAt } };
		}
		const key = keyOf(error);
		if (cursor && (key === 'bad_cursor' || key === 'invalid_input')) {
			// A damaged or outdated link: show the first page of the same search instead.
			const first = new URLSearchParams(params);
			first.delete('cursor');
			redirect(303, first.size ? `/?${first}` : '/');
		}
		pageError(error);
	}
};
