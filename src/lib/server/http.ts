// The API over HTTP (/api/trpc): tRPC's fetch adapter with the limits a public endpoint needs. A batch
// carries at most MAX_BATCH_SIZE calls, so one request cannot hide hundreds of them, and sign-in, sign-up
// and sign-out never ride in a batch (the throttle counts requests it can see; see auth/throttle.ts).
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { RETRY_AFTER_SECONDS } from './db/health';
import type { Context } from './core/context';
import { appRouter } from './router';

export const API_ENDPOINT = '/api/trpc';
export const MAX_BATCH_SIZE = 10;

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
const unbatchable = (path: string) => path.startsWith('auth.') && procedures[path]?._def.type === 'mutation';

function refusal(message: string): Response {
	const body = {
		error: { message, code: -32600, data: { code: 'BAD_REQUEST', httpStatus: 400, key: 'not_batchable' } }
	};
	return new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/json' } });
}

export function handleApiRequest(request: Request, createContext: () => Context): Promise<Response> {
	const url = new URL(request.url);
	const paths = decodeURIComponent(url.pathname.slice(API_ENDPOINT.length + 1)).split(',');
	if (url.searchParams.has('batch') && paths.length > 1 && paths.some(unbatchable)) {
		return Promise.resolve(refusal('Sign-in, sign-up and sign-out cannot be batched; send each alone.'));
	}
	return fetchRequestHandler({
		endpoint: API_ENDPOINT,
		req: request,
		router: appRouter,
		maxBatchSize: MAX_BATCH_SIZE,
		createContext,
		// The database is restarting: tell clients when to come back.
		responseMeta: ({ errors }) =>
			errors.some((error) => error.code === 'SERVICE_UNAVAILABLE')
				? { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } }
				: {},
		onError({ error, path }) {
			if (error.code === 'INTERNAL_SERVER_ERROR') {
				console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
			}
		}
	});
}
