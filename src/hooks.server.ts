import type { Handle, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { cookieIsSecure } from '$lib/server/auth/sessions';
import { presentUser } from '$lib/server/auth/users';
import { getRuntime, startRuntime } from '$lib/server/runtime';

export const init: ServerInit = async () => {
	// Prerendering the app shell at build time needs no database (and must not start one).
	if (building) return;
	await startRuntime();
};

/** Puts the signed-in user (if any) on locals, renewing the session cookie when lucia extends it. */
const session: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.sessionId = null;
	if (building) return resolve(event); // prerendering: nobody is signed in, and there is no runtime
	const { auth } = getRuntime();
	const token = event.cookies.get(auth.sessionCookieName) ?? null;
	if (token) {
		const { session, user } = await auth.validateSession(token);
		if (session && user) {
			event.locals.user = presentUser(user);
			event.locals.sessionId = session.id;
			if (session.fresh) {
				const cookie = auth.createSessionCookie(session.id);
				event.cookies.set(cookie.name, cookie.value, {
					...cookie.attributes,
					path: '/',
					secure: cookieIsSecure(event.url)
				});
			}
		} else {
			event.cookies.delete(auth.sessionCookieName, { path: '/', secure: cookieIsSecure(event.url) });
		}
	}
	return resolve(event);
};

/**
 * CSRF protection for the API. Browsers send Origin with every POST; a mutation from another origin, or
 * one with a content type an HTML form can send without CORS (text/plain, urlencoded), is refused.
 * Requests without Origin come from non-browser clients, which carry no ambient cookies to abuse.
 */
const apiCsrf: Handle = async ({ event, resolve }) => {
	if (event.url.pathname.startsWith('/api/') && event.request.method === 'POST') {
		const origin = event.request.headers.get('origin');
		if (origin !== null && origin !== event.url.origin) {
			return new Response('Cross-origin requests are not accepted.', { status: 403 });
		}
		const type = (event.request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
		if (type !== 'application/json' && type !== 'multipart/form-data') {
			return new Response('Send application/json or multipart/form-data.', { status: 415 });
		}
	}
	return resolve(event);
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

/**
 * Headers every answer carries (the Content-Security-Policy itself comes from kit.csp in svelte.config.js):
 * no framing, no MIME sniffing, referrers cut to the origin elsewhere, camera and location for this site
 * only, and HSTS once the public origin is https.
 */
const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'referrer-policy': 'strict-origin-when-cross-origin',
	'permissions-policy':
		'camera=(self), geolocation=(self), microphone=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()',
	'cross-origin-opener-policy': 'same-origin'
};
const HSTS = 'max-age=31536000; includeSubDomains';

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const wanted = Object.entries({
		...SECURITY_HEADERS,
		...(!building && getRuntime().config.httpsOnly ? { 'strict-transport-security': HSTS } : {})
	}).filter(([name]) => !response.headers.has(name));
	try {
		for (const [name, value] of wanted) response.headers.set(name, value);
		return response;
	} catch {
		// A response with immutable headers (one passed through from fetch): copy it.
		const headers = new Headers(response.headers);
		for (const [name, value] of wanted) headers.set(name, value);
		return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
	}
};

export const handle = sequence(securityHeaders, apiCsrf, session, i18n);
