// Calls the API from SvelteKit server code (loads, form actions) with the same context the HTTP endpoint
// builds, so pages and /api/trpc share one set of rules. `contextFor` is exported for that endpoint too.
import { error as httpError, type RequestEvent } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { isDomainError } from '$lib/domain/errors';
import { cookieIsSecure, DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE } from '$lib/server/auth/sessions';
import { getRuntime } from '$lib/server/runtime';
import type { Context } from '$lib/server/core/context';
import { createCaller } from '$lib/server/router';

export function contextFor(event: RequestEvent): Context {
	const runtime = getRuntime();
	return {
		...runtime,
		user: event.locals.user,
		sessionId: event.locals.sessionId,
		clientAddress: event.getClientAddress(),
		deviceToken: event.cookies.get(DEVICE_COOKIE) ?? null,
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
			},
			setDevice(token) {
				event.cookies.set(DEVICE_COOKIE, token, {
					path: '/',
					httpOnly: true,
					sameSite: 'lax',
					maxAge: DEVICE_COOKIE_MAX_AGE,
					secure: cookieIsSecure(event.url)
				});
			}
		}
	};
}

export function callerFor(event: RequestEvent) {
	return createCaller(contextFor(event));
}

/**
 * The stable key of an error a server-side call raised ('insufficient_funds', 'invalid_input', …), the
 * same key HTTP clients receive in `data.key`; null for errors the rules did not name.
 */
export function errorKeyOf(error: unknown): string | null {
	const cause = error instanceof TRPCError ? error.cause : error;
	if (isDomainError(cause)) return cause.key;
	if (error instanceof TRPCError) {
		if (error.code === 'BAD_REQUEST') return 'invalid_input';
		if (error.code === 'UNAUTHORIZED') return 'unauthorized';
		if (error.code === 'FORBIDDEN') return 'forbidden';
		if (error.code === 'NOT_FOUND') return 'not_found';
	}
	return null;
}

/** The HTTP status of an error a server-side call raised (500 for anything unexpected). */
export function errorStatusOf(error: unknown): number {
	return error instanceof TRPCError ? getHTTPStatusCodeFromError(error) : 500;
}

/**
 * For a page's server load: an API refusal of what the URL asked (a bad cursor, a filter out of range)
 * becomes an error page with the same status and key, not a 500. Anything unexpected is thrown on.
 */
export function pageError(error: unknown): never {
	const status = errorStatusOf(error);
	if ((status >= 400 && status < 500) || status === 503) {
		httpError(status, { message: (error as Error).message, key: errorKeyOf(error) });
	}
	throw error;
}
