// The language switcher without JavaScript: remember the choice in Paraglide's cookie and go back. With
// JavaScript the layout calls setLocale instead, which writes the same cookie.
import { redirect } from '@sveltejs/kit';
import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime.js';
import { safeNext } from '$lib/ui/next';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = await request.formData();
	const locale = form.get('locale');
	if (typeof locale === 'string' && isLocale(locale)) {
		cookies.set(cookieName, locale, {
			path: '/',
			maxAge: cookieMaxAge,
			httpOnly: false,
			sameSite: 'lax',
			secure: url.protocol === 'https:'
		});
	}
	const back = form.get('redirectTo');
	redirect(303, safeNext(typeof back === 'string' ? back : null, url.origin));
};
