// The browser's API client. JSON calls are batched into one request; FormData (upload chunks) cannot be
// batched and goes alone through httpLink. superjson on both ends keeps bigint amounts and Dates intact.
import { createTRPCClient, httpBatchLink, httpLink, isNonJsonSerializable, splitLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '$lib/server/trpc/router';

const url = '/api/trpc';

export const trpc = createTRPCClient<AppRouter>({
	links: [
		splitLink({
			condition: (op) => isNonJsonSerializable(op.input),
			true: httpLink({ url, transformer: superjson }),
			false: httpBatchLink({ url, transformer: superjson })
		})
	]
});
