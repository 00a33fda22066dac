// The people a browser test needs, set up through the API (the slice test covers the sign-in pages):
// the admin from the app's environment, a requester with money, a signed-in phone.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiClient } from './api';

export const ADMIN = { email: 'admin@example.com', password: 'admin password 1' };
/** Environment for startApp that creates ADMIN. */
export const ADMIN_ENV = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };

export type Api = ReturnType<typeof apiClient>;

/** A newly registered user and their API client (its cookie jar holds the session). */
export async function registered(
	baseUrl: string,
	displayName: string,
	kind: 'person' | 'organisation' = 'person'
) {
	const api = apiClient(baseUrl);
	const user = await api.client.auth.register.mutate({
		email: `${displayName.toLowerCase().replace(/\W+/g, '-')}-${randomUUID()}@example.com`,
		password: 'a long password',
		displayName,
		kind
	});
	return { ...api, user };
}

/** A requester whose wallet the admin has credited with `amount` fen. */
export async function fundedRequester(
	baseUrl: string,
	amount: bigint,
	kind: 'person' | 'organisation' = 'person'
) {
	const requester = await registered(baseUrl, 'Requester', kind);
	const admin = apiClient(baseUrl);
	await admin.client.auth.login.mutate(ADMIN);
	await admin.client.admin.recordDeposit.mutate({
		userId: requester.user.id,
		amount,
		reference: randomUUID()
	});
	return requester;
}

/** A browser context (a phone unless told otherwise) signed in with the API client's session. */
export async function signedInContext(
	browser: Browser,
	baseUrl: string,
	api: Api,
	viewport = { width: 390, height: 844 }
): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport, locale: 'en-US' });
	const domain = new URL(baseUrl).hostname;
	await context.addCookies([...api.jar].map(([name, value]) => ({ name, value, domain, path: '/' })));
	return context;
}
