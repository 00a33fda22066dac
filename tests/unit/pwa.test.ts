// The installable app's pure parts: applying an update only after the app's pre-reload work, which
// requests the service worker treats specially, and the manifest's language.
import { describe, expect, it } from 'vitest';
import { applyUpdate, reloadSafely } from '$lib/client/pwa';
import { onBeforeReload, runBeforeReload } from '$lib/client/lifecycle';
import { manifestLocale, webManifest } from '$lib/pwa/manifest';
import { NOT_PAGES, isAuthChange } from '$lib/pwa/sw-routes';

const later = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('before a reload', () => {
	it('runBeforeReload resolves only after every hook has finished, even when one fails', async () => {
		const done: string[] = [];
		const off = [
			onBeforeReload(async () => {
				await later(30);
				done.push('outbox flushed');
			}),
			onBeforeReload(() => {
				done.push('draft saved');
			}),
			onBeforeReload(async () => {
				await later(10);
				throw new Error('a broken hook');
			})
		];
		await runBeforeReload();
		expect(done.sort()).toEqual(['draft saved', 'outbox flushed']);
		off.forEach((unregister) => unregister());
	});

	it('applyUpdate activates the new version only after the hooks completed', async () => {
		const events: string[] = [];
		const off = onBeforeReload(async () => {
			events.push('hook started');
			await later(25);
			events.push('hook finished');
		});
		await applyUpdate(async () => {
			events.push('activate');
		});
		expect(events).toEqual(['hook started', 'hook finished', 'activate']);
		off();
	});

	it('reloadSafely reloads only after the hooks completed', async () => {
		const events: string[] = [];
		const off = onBeforeReload(async () => {
			await later(15);
			events.push('hook finished');
		});
		await reloadSafely(() => events.push('reload'));
		expect(events).toEqual(['hook finished', 'reload']);
		off();
	});

	it('an unregistered hook no longer delays anything', async () => {
		let ran = false;
		const off = onBeforeReload(() => {
			ran = true;
		});
		off();
		await applyUpdate(async () => {});
		expect(ran).toBe(false);
	});
});

describe('service worker routing', () => {
	const origin = 'https://jiedan.example';
	const at = (path: string) => new URL(path, origin);

	it.each([
		['POST', '/logout', true],
		['POST', '/api/trpc/auth.login', true],
		['POST', '/api/trpc/auth.register', true],
		['POST', '/api/trpc/task.claim,auth.logout?batch=1', true],
		['POST', '/api/trpc/task.claim%2Cauth.logout?batch=1', true],
		['POST', '/api/trpc/auth.me', false],
		['POST', '/api/trpc/task.claim', false],
		['POST', '/api/trpc/%E0%A4%A', false],
		['GET', '/logout', false],
		['GET', '/api/trpc/auth.login', false]
	])('%s %s signs someone in or out: %s', (method, path, expected) => {
		expect(isAuthChange(method, at(path), origin)).toBe(expected);
	});

	it('ignores other origins', () => {
		expect(isAuthChange('POST', new URL('/logout', 'https://elsewhere.example'), origin)).toBe(false);
	});

	it.each([
		['/api/trpc/task.feed', false],
		['/files/abc', false],
		['/manifest.webmanifest', false],
		['/wallet/statement.csv', false],
		['/wallet', true],
		['/', true],
		['/tasks/123', true],
		['/filesystem', true]
	])('navigating to %s gets the app shell: %s', (path, page) => {
		expect(NOT_PAGES.some((pattern) => pattern.test(path))).toBe(!page);
	});
});

describe('web app manifest language', () => {
	it.each([
		[null, undefined, 'zh-CN,zh;q=0.9', 'zh-CN'],
		[null, undefined, 'zh', 'zh-CN'],
		[null, undefined, 'zh-TW,en;q=0.5', 'zh-CN'],
		[null, undefined, 'en-GB,zh;q=0.8', 'en'],
		[null, undefined, 'en;q=0.4,zh-CN;q=0.8', 'zh-CN'],
		[null, undefined, 'fr,zh;q=0.5', 'zh-CN'],
		[null, undefined, 'fr', 'en'],
		[null, undefined, null, 'en'],
		[null, 'zh-CN', 'en', 'zh-CN'],
		[null, 'klingon', 'zh', 'zh-CN'],
		['en', 'zh-CN', 'zh', 'en'],
		['de', undefined, 'zh', 'zh-CN']
	])('lang=%s cookie=%s Accept-Language=%s → %s', (lang, cookie, accept, expected) => {
		expect(manifestLocale(lang, cookie, accept)).toBe(expected);
	});

	it('names the app in each language with the same icons', () => {
		const zh = webManifest('zh-CN');
		const en = webManifest('en');
		expect([zh.name, zh.short_name, zh.lang]).toEqual(['接单 · 任务悬赏', '接单', 'zh-CN']);
		expect([en.name, en.short_name, en.lang]).toEqual(['Jiedan · task bounties', 'Jiedan', 'en']);
		expect(zh.icons).toEqual(en.icons);
		expect(en.icons.filter((icon) => icon.purpose === 'maskable')).toHaveLength(1);
	});
});
