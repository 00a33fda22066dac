import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { RequestHandler } from './$types';
import { contextFor } from '$lib/server/trpc/caller';
import { appRouter } from '$lib/server/trpc/router';

const handler: RequestHandler = (event) =>
	fetchRequestHandler({
		endpoint: '/api/trpc',
		req: event.request,
		router: appRouter,
		createContext: () => contextFor(event),
		onError({ error, path }) {
			if (error.code === 'INTERNAL_SERVER_ERROR') {
				console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
			}
		}
	});

export const GET = handler;
export const POST = handler;
