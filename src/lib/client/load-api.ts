// The API as page loads see it: through SvelteKit's `fetch`, so a load runs the same on the server (an
// in-process call with the visitor's cookies, inlined into the page for hydration) and in the browser.
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '$lib/server/trpc/router';

export function apiFor(fetch: typeof globalThis.fetch) {
	return createTRPCClient<AppRouter>({
		links: [httpBatchLink({ url: '/api/trpc', transformer: superjson, fetch })]
	});
}

/** True when a call got no answer at all (no network, or the server could not be reached). */
export function isUnreachable(error: unknown): boolean {
	return !(error as { data?: unknown } | null)?.data;
}

/** The stable key of an API error ('not_found', 'bad_cursor', …), if the server gave one. */
export function keyOf(error: unknown): string | null {
	return (error as { data?: { key?: string | null } } | null)?.data?.key ?? null;
}
