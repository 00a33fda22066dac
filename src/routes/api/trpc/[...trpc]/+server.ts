import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { RequestHandler } from './$types';
import { cookieIsSecure } from '$lib/server/auth/sessions';
import { getRuntime } from '$lib/server/runtime';
import { appRouter } from '$lib/server/trpc/router';

const handler: RequestHandler = (event) => {
	const runtime = getRuntime();
	return fetchRequestHandler({
		endpoint: '/api/trpc',
		req: event.request,
		router: appRouter,
		createContext: () => ({
			...runtime,
			user: event.locals.user,
			sessionId: event.locals.sessionId,
			clientAddress: event.getClientAddress(),
			cookies: {
				set(token, expiresAt) {
					const cookie = runtime.auth.createSessionCookie(token);
					event.cookies.set(cookie.name, cookie.value, {
						...cookie.attributes,
						path: '/',
						expires: expiresAt,
						secure: cookieIsSecure(event.url)
					});
				},
				clear() {
					event.cookies.delete(runtime.auth.sessionCookieName, {
						path: '/',
						secure: cookieIsSecure(event.url)
					});
				}
			}
		}),
		onError({ error, path }) {
			if (error.code === 'INTERNAL_SERVER_ERROR')
				console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
		}
	});
};

export const GET = handler;
export const POST = handler;
