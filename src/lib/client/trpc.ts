// The browser's API client. JSON calls are batched into one request, at most 10 at a time (the server's
// limit, trpc/http.ts); FormData (upload chunks) cannot be batched, and sign-in, sign-up and sign-out must
// not be: those go alone through httpLink. superjson on both ends keeps bigint amounts and Dates intact.
import { createTRPCClient, httpBatchLink, httpLink, isNonJsonSerializable, splitLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '$lib/server/router';

const url = '/api/trpc';

export const trpc = createTRPCClient<AppRouter>({
	links: [
		splitLink({
			condition: (op) =>
				isNonJsonSerializable(op.input) || (op.type === 'mutation' && op.path.startsWith('auth.')),
			true: httpLink({ url, transformer: superjson }),
			false: httpBatchLink({ url, transformer: superjson, maxItems: 10 })
		})
	]
});
