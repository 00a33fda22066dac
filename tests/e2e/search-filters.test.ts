// The feed's filter panel in a real browser: a worker on a phone narrows the feed by words, category and
// bounty range, sorts by bounty, then searches near where they are (the browser's geolocation) within a
// radius and sorts by distance. Exactly the expected tasks appear, in order, and the URL carries the
// search, so a reload shows the same feed.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EARTH_RADIUS_KM } from '$lib/domain/feed';
import { ADMIN_ENV, fundedRequester } from './support/actors';
import { useWorld } from './support/world';

const HERE = { lat: 31.2304, lng: 121.4737 };
/** A point `km` due north of HERE. */
const north = (km: number) => ({ lat: HERE.lat + (km / EARTH_RADIUS_KM) * (180 / Math.PI), lng: HERE.lng });

let context: BrowserContext;
let page: Page;

const world = useWorld({ env: ADMIN_ENV, timeout: 10_000 });
beforeAll(async () => {
	const requester = await fundedRequester(world.app.baseUrl, 10_000_000n);
	const tasks = [
		{ title: '修理洗衣机 Repair the washing machine', category: 'household', bounty: 30_000n, ...north(1) },
		{ title: '洗衣机维修 Washing machine service', category: 'household', bounty: 15_000n, ...north(3) },
		{ title: '洗衣机清洗 Clean the washing machine', category: 'household', bounty: 8_000n, ...north(2) },
		{ title: '洗衣机搬运 Carry a washing machine', category: 'errand', bounty: 25_000n, ...north(1) },
		{ title: '空调维修 Repair the air conditioner', category: 'household', bounty: 20_000n, ...north(1) },
		{ title: '洗衣机安装 Install a washing machine', category: 'household', bounty: 50_000n, ...north(1) },
		{ title: '远处的洗衣机 A washing machine far away', category: 'household', bounty: 12_000n, ...north(20) }
	] as const;
	for (const task of tasks) {
		await requester.client.task.publish.mutate({
			...task,
			description: 'Details.',
			address: '上海市浦东新区'
		});
	}
	context = await world.browser.newContext({
		baseURL: world.app.baseUrl,
		viewport: { width: 390, height: 844 },
		isMobile: true,
		hasTouch: true,
		locale: 'en-US',
		geolocation: { latitude: HERE.lat, longitude: HERE.lng },
		permissions: ['geolocation']
	});
	context.setDefaultTimeout(10_000);
	page = await context.newPage();
});
afterAll(async () => {
	await context?.close();
});

const shown = () => page.locator('.feed').getByRole('heading').allInnerTexts();
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });

it('narrows by words, category and bounty range, sorted by bounty', async () => {
	await page.goto('/');
	await poll(shown).toHaveLength(7);
	await page.getByLabel('Search tasks').fill('洗衣机');
	await page.getByLabel('Category').selectOption('household');
	await page.getByText('More filters').click();
	await page.getByLabel('From', { exact: true }).fill('100');
	await page.getByLabel('Up to', { exact: true }).fill('400');
	await page.getByLabel('Sort by').selectOption('bounty');
	await page.getByRole('button', { name: 'Search', exact: true }).click();

	await poll(shown).toEqual([
		'修理洗衣机 Repair the washing machine',
		'洗衣机维修 Washing machine service',
		'远处的洗衣机 A washing machine far away'
	]);
	const params = new URL(page.url()).searchParams;
	expect(Object.fromEntries(params)).toEqual({
		q: '洗衣机',
		category: 'household',
		min: '100',
		max: '400',
		sort: 'bounty'
	});
});

it('then keeps to tasks within the radius around the phone, nearest first, and survives a reload', async () => {
	// The panel stays open while filters beyond words and category are on.
	await page.getByRole('button', { name: 'Use my location' }).click();
	await poll(() => page.getByText('Location set: 31.23040, 121.47370').isVisible()).toBe(true);
	await page.getByLabel('Within').selectOption('5');
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	await poll(shown).toEqual(['修理洗衣机 Repair the washing machine', '洗衣机维修 Washing machine service']);

	await page.getByLabel('Sort by').selectOption('nearest');
	await page.getByLabel('Within').selectOption('50');
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	await poll(shown).toEqual([
		'修理洗衣机 Repair the washing machine',
		'洗衣机维修 Washing machine service',
		'远处的洗衣机 A washing machine far away'
	]);
	const distances = await page
		.locator('.feed')
		.getByText(/km away$/)
		.allInnerTexts();
	expect(distances).toEqual(['1 km away', '3 km away', '20 km away']);

	await page.reload();
	await poll(shown).toEqual([
		'修理洗衣机 Repair the washing machine',
		'洗衣机维修 Washing machine service',
		'远处的洗衣机 A washing machine far away'
	]);
	expect(new URL(page.url()).searchParams.get('sort')).toBe('nearest');
	expect(await page.getByLabel('Sort by').inputValue()).toBe('nearest');
});
