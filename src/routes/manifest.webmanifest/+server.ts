// The web app manifest in the language of the request (see manifestLocale).
import { cookieName } from '$lib/paraglide/runtime.js';
import { manifestLocale, webManifest } from '$lib/pwa/manifest';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, cookies, request }) => {
	const lang = url.searchParams.get('lang');
	const locale = manifestLocale(lang, cookies.get(cookieName), request.headers.get('accept-language'));
	return new Response(JSON.stringify(webManifest(locale)), {
		headers: {
			'Content-Type': 'application/manifest+json; charset=utf-8',
			'Cache-Control': 'no-cache',
			// Without ?lang= the answer depends on these.
			...(lang ? {} : { Vary: 'Cookie, Accept-Language' })
		}
	});
};
