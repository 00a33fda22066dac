import { json, type Handle, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { cookieIsSecure } from '$lib/server/auth/sessions';
import { presentUser } from '$lib/server/auth/users';
import { RETRY_AFTER_SECONDS } from '$lib/server/db/health';
import { getRuntime, startRuntime } from '$lib/server/runtime';

export const init: ServerInit = async () => {
	// Prerendering the app shell at build time needs no database (and must not start one).
	if (building) return;
	try {
		await startRuntime();
	} catch (error) {
		// What stops a start (a bad setting, a folder PostgreSQL cannot reach) says what to do: no stack.
		console.error(`Jiedan cannot start.\n${(error as Error).message}`);
		process.exit(1);
	}
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

/** What anyone gets while the database is restarting: 503 with a hint when to come back, never a 500. */
function unavailable(event: RequestEvent): Response {
	const headers = { 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' };
	if (event.url.pathname.startsWith('/api/')) {
		const message = 'The service is restarting. Try again in a few seconds.';
		const data = { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, key: 'unavailable' };
		return json({ error: { message, code: -32603, data } }, { status: 503, headers });
	}
	return new Response(UNAVAILABLE_PAGE, {
		status: 503,
		headers: { ...headers, 'content-type': 'text/html; charset=utf-8' }
	});
}

const UNAVAILABLE_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>接单 Jiedan</title><h1>接单 Jiedan</h1><p>服务正在重启，请几秒后刷新页面。</p><p lang="en">The service is restarting. Reload the page in a few seconds.</p></html>`;

/**
 * While the database does not answer (the embedded server restarting, an external one unreachable), every
 * dynamic request is answered 503 at once instead of waiting for a query to fail; a request that fails on
 * the way because the database just went away is answered the same.
 */
const databaseGuard: Handle = async ({ event, resolve }) => {
	if (building) return resolve(event);
	const { health } = getRuntime();
	if (health.isDown) return unavailable(event);
	try {
		const response = await resolve(event);
		return response.status >= 500 && health.isDown ? unavailable(event) : response;
	} catch (error) {
		if (health.report(error)) return unavailable(event);
		throw error;
	}
};

export const handle = sequence(securityHeaders, databaseGuard, apiCsrf, session, i18n);
