// The installable app: the web app manifest in both languages and its icons, the service worker taking
// control, the app shell answering page loads offline, and an update applied only when the user asks.
import { randomUUID } from 'node:crypto';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from './support/api';
import { startApp } from './support/server';
import { useWorld } from './support/world';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN = { email: 'admin@example.com', password: 'admin password 1' };

const world = useWorld({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
	const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
	expect([...bytes.subarray(0, 8)]).toEqual(signature);
	expect(new TextDecoder().decode(bytes.subarray(12, 16))).toBe('IHDR');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	return { width: view.getUint32(16), height: view.getUint32(20) };
}

interface Manifest {
	name: string;
	short_name: string;
	lang: string;
	start_url: string;
	scope: string;
	display: string;
	theme_color: string;
	background_color: string;
	icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

async function manifest(headers: Record<string, string>, query = ''): Promise<Manifest> {
	const response = await fetch(`${world.app.baseUrl}/manifest.webmanifest${query}`, { headers });
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
	return JSON.parse(await response.text()) as Manifest;
}

describe('web app manifest', () => {
	const common = {
		start_url: '/',
		scope: '/',
		display: 'standalone',
		theme_color: '#0f766e',
		background_color: '#ffffff'
	};

	it('answers in Chinese for a Chinese browser and in English otherwise', async () => {
		expect(await manifest({ 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' })).toMatchObject({
			...common,
			name: '接单 · 任务悬赏',
			short_name: '接单',
			lang: 'zh-CN'
		});
		expect(await manifest({ 'accept-language': 'zh-TW' })).toMatchObject({ lang: 'zh-CN' });
		expect(await manifest({ 'accept-language': 'en-US,en;q=0.9' })).toMatchObject({
			...common,
			name: 'Jiedan · task bounties',
			short_name: 'Jiedan',
			lang: 'en'
		});
		expect(await manifest({})).toMatchObject({ lang: 'en' });
	});

	it("follows the language the user chose (cookie), and the page's link (?lang=) above all", async () => {
		const chosen = { 'accept-language': 'en', cookie: 'PARAGLIDE_LOCALE=zh-CN' };
		expect(await manifest(chosen)).toMatchObject({ lang: 'zh-CN', short_name: '接单' });
		expect(await manifest(chosen, '?lang=en')).toMatchObject({ lang: 'en', short_name: 'Jiedan' });
	});

	it('lists 192 and 512 icons and a maskable 512, all real PNGs of those sizes', async () => {
		const { icons } = await manifest({});
		expect(icons.filter((icon) => icon.purpose === 'maskable').map((icon) => icon.sizes)).toEqual([
			'512x512'
		]);
		expect(icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
		for (const icon of [...icons, { src: '/apple-touch-icon-180x180.png', sizes: '180x180' }]) {
			const response = await fetch(new URL(icon.src, world.app.baseUrl));
			expect(response.status, icon.src).toBe(200);
			expect(response.headers.get('content-type'), icon.src).toBe('image/png');
			const { width, height } = pngSize(new Uint8Array(await response.arrayBuffer()));
			expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
		}
		const favicon = await fetch(`${world.app.baseUrl}/favicon.ico`);
		expect(favicon.status).toBe(200);
	});
});

/** Opens `path` and waits until the service worker is active and controls the page. */
async function controlledPage(context: BrowserContext, path = '/'): Promise<Page> {
	const page = await context.newPage();
	await page.goto(world.app.baseUrl + path);
	const state = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state);
	expect(['activating', 'activated']).toContain(state);
	await page.reload();
	expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
	return page;
}

describe('service worker', () => {
	let context: BrowserContext;
	let taskId: string;

	beforeAll(async () => {
		// A real task to open offline.
		const admin = apiClient(world.app.baseUrl);
		await admin.client.auth.login.mutate(ADMIN);
		const requester = apiClient(world.app.baseUrl);
		const user = await requester.client.auth.register.mutate({
			email: `${randomUUID()}@example.com`,
			password: 'a long password',
			displayName: 'Requester',
			kind: 'person'
		});
		await admin.client.admin.recordDeposit.mutate({
			userId: user.id,
			amount: 50_000n,
			reference: randomUUID()
		});
		const task = await requester.client.task.publish.mutate({
			mutationId: randomUUID(),
			title: 'Fix a dripping tap',
			description: 'Kitchen tap, needs a new washer.',
			category: 'household',
			address: '1 Example Road',
			bounty: 12_000n
		});
		taskId = task.id;
		context = await world.browser.newContext({ locale: 'en-US' });
	});
	afterAll(() => context?.close());

	it('registers, controls the page after a reload, and precaches the shell and every chunk', async () => {
		const page = await controlledPage(context);
		const precached = await page.evaluate(async () => {
			const names = await caches.keys();
			const name = names.find((n) => n.startsWith('workbox-precache'));
			if (!name) return { names, urls: [] };
			const cache = await caches.open(name);
			return { names, urls: (await cache.keys()).map((request) => new URL(request.url).pathname) };
		});
		expect(precached.urls).toContain('/shell');
		expect(precached.urls).toContain('/manifest.webmanifest');
		expect(precached.urls.filter((url) => url.startsWith('/_app/immutable/nodes/')).length).toBeGreaterThan(
			5
		);
		// The storage line of the controls.
		await expect
			.poll(() => page.locator('footer').textContent(), { timeout: 10_000 })
			.toMatch(/Offline storage: \d+\.\d MB used/);
		// Chromium itself finds the app installable from the linked manifest (a test's browser context is
		// off the record, which alone would stop an installation).
		const cdp = await context.newCDPSession(page);
		const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
			installabilityErrors: { errorId: string }[];
		};
		expect(installabilityErrors.map((error) => error.errorId)).toEqual(['in-incognito']);
		const { url, errors } = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[] };
		expect(url).toBe(`${world.app.baseUrl}/manifest.webmanifest?lang=en`);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('speaks Chinese to a Chinese browser: manifest link, page language, storage line', async () => {
		const zh = await world.browser.newContext({ locale: 'zh-CN' });
		try {
			const page = await zh.newPage();
			await page.goto(`${world.app.baseUrl}/`);
			await expect
				.poll(() => page.locator('link[rel="manifest"]').getAttribute('href'))
				.toBe('/manifest.webmanifest?lang=zh-CN');
			await expect
				.poll(() => page.locator('footer').textContent(), { timeout: 10_000 })
				.toMatch(/离线存储：已用 \d+\.\d MB（/);
			expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
		} finally {
			await zh.close();
		}
	});

	it('offline, shows the app (not the browser error page) for a reload and for a deep link', async () => {
		const page = await controlledPage(context, `/tasks/${taskId}`);
		await expect.poll(() => page.getByRole('heading', { name: 'Fix a dripping tap' }).count()).toBe(1);
		await context.setOffline(true);
		try {
			await page.goto(`${world.app.baseUrl}/`);
			await page.reload();
			await expect.poll(() => page.locator('header.site-header').isVisible()).toBe(true);
			await expect.poll(() => page.getByRole('navigation').first().isVisible()).toBe(true);

			const response = await page.goto(`${world.app.baseUrl}/tasks/${taskId}`);
			expect(response?.status()).toBe(200);
			expect(response?.fromServiceWorker()).toBe(true);
			expect(page.url()).toBe(`${world.app.baseUrl}/tasks/${taskId}`);
			await expect.poll(() => page.locator('header.site-header').isVisible()).toBe(true);
			await expect.poll(() => page.getByRole('link', { name: 'Tasks' }).first().isVisible()).toBe(true);
			expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
		} finally {
			await context.setOffline(false);
			await page.close();
		}
	});
});

describe('update', () => {
	const copy = join(ROOT, '.svelte-kit', 'e2e-pwa-update-build');
	afterAll(() => rm(copy, { recursive: true, force: true }));

	it('offers a new version, never reloads by itself, and reloads into it when the user asks, keeping a draft', async () => {
		const context = await world.browser.newContext({ locale: 'en-US' });
		try {
			// A requester in the middle of writing a task when the update arrives.
			const requester = apiClient(world.app.baseUrl);
			await requester.client.auth.register.mutate({
				email: `${randomUUID()}@example.com`,
				password: 'a long password',
				displayName: 'Drafting requester',
				kind: 'person'
			});
			const host = new URL(world.app.baseUrl).hostname;
			await context.addCookies(
				[...requester.jar].map(([name, value]) => ({ name, value, domain: host, path: '/' }))
			);
			const page = await controlledPage(context, '/post');
			await page.getByLabel('Title').fill('Half-written: repaint the stairwell');
			await page.getByLabel('Description').fill('Two floors, light grey.');
			// The same app with a changed service worker, served on the same origin.
			await rm(copy, { recursive: true, force: true });
			await cp(join(ROOT, 'build'), copy, { recursive: true });
			const worker = join(copy, 'client', 'service-worker.js');
			await writeFile(worker, `${await readFile(worker, 'utf8')}\n;self.jiedanE2eVersion = 2;\n`);
			await rm(`${worker}.br`, { force: true });
			await rm(`${worker}.gz`, { force: true });
			const port = Number(new URL(world.app.baseUrl).port);
			await world.app.stop();
			world.replaceApp(
				await startApp({
					databaseUrl: world.database.url,
					env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
					buildDir: copy,
					port
				})
			);

			await page.evaluate(() => {
				(window as unknown as { notReloaded: boolean }).notReloaded = true;
			});
			await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
			const prompt = page.getByRole('status').filter({ hasText: 'A new version of Jiedan is ready.' });
			await expect.poll(() => prompt.isVisible(), { timeout: 20_000 }).toBe(true);
			// Waiting, not activated, and the page stays as it is.
			await new Promise((done) => setTimeout(done, 1_500));
			expect(
				await page.evaluate(async () => {
					const registration = await navigator.serviceWorker.getRegistration();
					return {
						waiting: !!registration?.waiting,
						notReloaded: (window as unknown as { notReloaded?: boolean }).notReloaded
					};
				})
			).toEqual({ waiting: true, notReloaded: true });

			const reloaded = page.waitForEvent('load', { timeout: 20_000 });
			await prompt.getByRole('button', { name: 'Update now' }).click();
			await reloaded;
			expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
				undefined
			);
			expect(
				await page.evaluate(async () => {
					const registration = await navigator.serviceWorker.getRegistration();
					return { waiting: !!registration?.waiting, controlled: !!navigator.serviceWorker.controller };
				})
			).toEqual({ waiting: false, controlled: true });
			// The draft is back in the form after the update's reload.
			await expect
				.poll(() => page.getByLabel('Title').inputValue())
				.toBe('Half-written: repaint the stairwell');
			expect(await page.getByLabel('Description').inputValue()).toBe('Two floors, light grey.');
			const versions = await Promise.all(
				context
					.serviceWorkers()
					.map((sw) => sw.evaluate(() => (self as unknown as { jiedanE2eVersion?: number }).jiedanE2eVersion))
			);
			expect(versions).toContain(2);
		} finally {
			await context.close();
		}
	});
});
