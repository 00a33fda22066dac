// The worker's feed: open tasks, newest first, filtered by words and category. All state is in the URL
// (q, category, cursor), so the form works without JavaScript and a result page can be shared.
import { redirect } from '@sveltejs/kit';
import { TASK_CATEGORIES, type TaskCategory } from '$lib/domain/schemas/task';
import { callerFor, errorKeyOf } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

const isCategory = (value: string): value is TaskCategory =>
	(TASK_CATEGORIES as readonly string[]).includes(value);

export const load: PageServerLoad = async (event) => {
	const params = event.url.searchParams;
	const q = (params.get('q') ?? '').trim().slice(0, 100);
	const categoryParam = params.get('category') ?? '';
	const category = isCategory(categoryParam) ? categoryParam : undefined;
	const cursor = params.get('cursor') || undefined;
	try {
		const page = await callerFor(event).task.feed({ q: q || undefined, category, cursor });
		return {
			q,
			category: category ?? '',
			cursor: cursor ?? null,
			items: page.items,
			nextCursor: page.nextCursor,
			// Sent as data: importing the schema module in the browser would bring zod into the feed's bundle.
			categories: TASK_CATEGORIES
		};
	} catch (error) {
		const key = errorKeyOf(error);
		if (cursor && (key === 'bad_cursor' || key === 'invalid_input')) {
			// A damaged or outdated link: show the first page of the same search instead.
			const first = new URLSearchParams(params);
			first.delete('cursor');
			redirect(303, first.size ? `/?${first}` : '/');
		}
		throw error;
	}
};
