// The worker's feed: open tasks, newest first, filtered by words and category. All state is in the URL
// (q, category, cursor), so the form works without JavaScript and a result page can be shared. Offline,
// the same search runs over the tasks this device synced.
import { redirect } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { isTaskCategory, TASK_CATEGORIES } from '$lib/domain/constants';
import { apiFor, isUnreachable, keyOf } from '$lib/client/load-api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
	const params = url.searchParams;
	const q = (params.get('q') ?? '').trim().slice(0, 100);
	const categoryParam = params.get('category') ?? '';
	const category = isTaskCategory(categoryParam) ? categoryParam : undefined;
	const cursor = params.get('cursor') || undefined;
	const search = { q, category: category ?? '', cursor: cursor ?? null, categories: TASK_CATEGORIES };
	try {
		const page = await apiFor(fetch).task.feed.query({ q: q || undefined, category, cursor });
		return { ...search, items: page.items, nextCursor: page.nextCursor, offline: null };
	} catch (error) {
		if (browser && isUnreachable(error)) {
			const { offlineFeed } = await import('$lib/client/offline');
			const cached = await offlineFeed(search);
			return { ...search, items: cached.items, nextCursor: null, offline: { lastSyncAt: cached.lastSyncAt } };
		}
		const key = keyOf(error);
		if (cursor && (key === 'bad_cursor' || key === 'invalid_input')) {
			// A damaged or outdated link: show the first page of the same search instead.
			const first = new URLSearchParams(params);
			first.delete('cursor');
			redirect(303, first.size ? `/?${first}` : '/');
		}
		throw error;
	}
};
