// The API as page loads see it: through SvelteKit's `fetch`, so a load runs the same on the server (an
// in-process call with the visitor's cookies, inlined into the page for hydration) and in the browser.
import { error as httpError } from '@sveltejs/kit';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '$lib/server/router';

export function apiFor(fetch: typeof globalThis.fetch) {
	return createTRPCClient<AppRouter>({
		links: [httpBatchLink({ url: '/api/trpc', transformer: superjson, fetch, maxItems: 10 })]
	});
}

/**
 * True when a call got no answer at all (no network, or the server could not be reached), or the server
 * said it cannot answer now (503: its database is restarting): either way the device's copy is best.
 */
export function isUnreachable(error: unknown): boolean {
	const data = (error as { data?: { httpStatus?: number } } | null)?.data;
	return !data || data.httpStatus === 503;
}

/** The stable key of an API error ('not_found', 'bad_cursor', …), if the server gave one. */
export function keyOf(error: unknown): string | null {
	return (error as { data?: { key?: string | null } } | null)?.data?.key ?? null;
}

/**
 * For a page's load: an API refusal of what the URL asked (a bad cursor, a filter out of range) becomes
 * an error page with the same status and key, not a 500. Anything else is thrown on.
 */
export function pageError(error: unknown): never {
	const data = (error as { data?: { httpStatus?: number; key?: string | null } } | null)?.data;
	const status = data?.httpStatus ?? 500;
	if ((status >= 400 && status < 500) || status === 503) {
		httpError(status, { message: (error as Error).message, key: data?.key ?? null });
	}
	throw error;
}
