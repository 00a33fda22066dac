// The feed's URL state: which search, which page. Kept out of the component so it stays plain functions.
import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

export function feedHref(search: { q: string; category: string; cursor?: string | null }): ResolvedPathname {
	const params = new URLSearchParams();
	if (search.q) params.set('q', search.q);
	if (search.category) params.set('category', search.category);
	if (search.cursor) params.set('cursor', search.cursor);
	return params.size ? resolve(`/?${params}`) : resolve('/');
}

/** Items of several pages in order, each once (a task can move between pages while one reads). */
export function uniqueById<T extends { id: string }>(items: T[]): T[] {
	const seen = new Set<string>();
	return items.filter((item) => !seen.has(item.id) && !!seen.add(item.id));
}
