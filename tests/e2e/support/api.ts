// A tRPC client for the running app over real HTTP, with a one-cookie jar like a browser's.
import { createTRPCClient, httpBatchLink, httpLink, isNonJsonSerializable, splitLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '$lib/server/router';

export function apiClient(baseUrl: string) {
	const jar = new Map<string, string>();
	const fetchWithCookies: typeof fetch = async (input, init) => {
		const headers = new Headers(init?.headers);
		if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
		headers.set('origin', baseUrl);
		const response = await fetch(input, { ...init, headers });
		for (const line of response.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const [name, ...value] = (pair ?? '').split('=');
			if (name) jar.set(name.trim(), value.join('='));
		}
		return response;
	};
	const url = `${baseUrl}/api/trpc`;
	const client = createTRPCClient<AppRouter>({
		links: [
			splitLink({
				// As the app's own client (src/lib/client/trpc.ts): the server's batch limits.
				condition: (op) =>
					isNonJsonSerializable(op.input) || (op.type === 'mutation' && op.path.startsWith('auth.')),
				true: httpLink({ url, transformer: superjson, fetch: fetchWithCookies }),
				false: httpBatchLink({ url, transformer: superjson, fetch: fetchWithCookies, maxItems: 10 })
			})
		]
	});
	return { client, jar };
}
