// The set-up every browser test shares: a fresh database, the built app on it, Chromium, and pages whose
// uncaught errors are collected (a failure even when the page looks right). Everything is torn down after
// the file's tests, contexts first. Call useWorld at the top of a test file.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database';
import { signedInContext, type Api } from './actors';
import { launchBrowser } from './browser';
import { startApp, type RunningApp } from './server';

export interface WorldOptions {
	/** The app's environment (ADMIN_ENV for most). */
	env?: Record<string, string>;
	/** Start Chromium too (default true). */
	browser?: boolean;
	/** The default timeout of every page's waits. */
	timeout?: number;
	/** Count console errors as page errors too (default false: some pages log expected 401s). */
	consoleErrors?: boolean;
}

export interface World {
	readonly database: TestDatabase;
	readonly app: RunningApp;
	readonly browser: Browser;
	/** Uncaught exceptions (and console errors, if asked) of every tracked page. */
	readonly pageErrors: string[];
	/** Closes the context with the others at the end, sets its timeout and opens a watched page. */
	track(context: BrowserContext): Promise<Page>;
	/** A page in a context signed in with the API client's session (a phone unless told otherwise). */
	signedInPage(api: Api, viewport?: { width: number; height: number }): Promise<Page>;
	/** Collects a page's errors (for pages opened outside track). */
	watch(page: Page): Page;
	/** A test that restarted the app (a new build on the same port) hands the new one over for teardown. */
	replaceApp(next: RunningApp): void;
	/** Closes the context with the others at the end (for contexts a test opens pages in itself). */
	adopt(context: BrowserContext): BrowserContext;
}

export function useWorld(options: WorldOptions = {}): World {
	let database: TestDatabase | undefined;
	let app: RunningApp | undefined;
	let browser: Browser | undefined;
	const contexts: BrowserContext[] = [];
	const pageErrors: string[] = [];
	const ready = <T>(value: T | undefined, what: string): T => {
		if (value === undefined) throw new Error(`${what} is not started (used outside a test?).`);
		return value;
	};

	beforeAll(async () => {
		database = await freshDatabase();
		app = await startApp({ databaseUrl: database.url, env: options.env ?? {} });
		if (options.browser !== false) browser = await launchBrowser();
	});
	afterAll(async () => {
		for (const context of contexts) await context.close().catch(() => {});
		await browser?.close();
		await app?.stop();
		await database?.drop();
	});

	const world: World = {
		get database() {
			return ready(database, 'The database');
		},
		get app() {
			return ready(app, 'The app');
		},
		get browser() {
			return ready(browser, 'The browser');
		},
		pageErrors,
		watch(page) {
			page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
			if (options.consoleErrors) {
				page.on('console', (message) => {
					if (message.type() === 'error') pageErrors.push(`${page.url()}: console: ${message.text()}`);
				});
			}
			return page;
		},
		replaceApp(next) {
			app = next;
		},
		adopt(context) {
			if (options.timeout) context.setDefaultTimeout(options.timeout);
			contexts.push(context);
			return context;
		},
		async track(context) {
			return world.watch(await world.adopt(context).newPage());
		},
		async signedInPage(api, viewport) {
			return world.track(await signedInContext(world.browser, world.app.baseUrl, api, viewport));
		}
	};
	return world;
}
