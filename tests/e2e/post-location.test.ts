// A requester posting on a phone at the place of the work fills the coordinates with one tap, so workers
// can find the task by distance.
import type { BrowserContext } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { ADMIN_ENV, fundedRequester } from './support/actors';
import { useWorld } from './support/world';

const HERE = { lat: 31.230416, lng: 121.473701 }; // People's Square, Shanghai

let context: BrowserContext;

const world = useWorld({ env: ADMIN_ENV });
afterAll(async () => {
	await context?.close();
});

it('“Use my location” fills the coordinates, and the task is found near there', async () => {
	const requester = await fundedRequester(world.app.baseUrl, 50_000n);
	context = await world.browser.newContext({
		viewport: { width: 390, height: 844 },
		locale: 'en-US',
		geolocation: { latitude: HERE.lat, longitude: HERE.lng },
		permissions: ['geolocation']
	});
	const domain = new URL(world.app.baseUrl).hostname;
	await context.addCookies([...requester.jar].map(([name, value]) => ({ name, value, domain, path: '/' })));
	const page = await context.newPage();
	await page.goto(`${world.app.baseUrl}/post`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });

	await page.getByRole('button', { name: 'Use my location (where the work is)' }).click();
	await expect.poll(() => page.getByLabel('Latitude').inputValue()).toBe('31.23042');
	expect(await page.getByLabel('Longitude').inputValue()).toBe('121.47370');

	await page.getByLabel('Title', { exact: true }).fill('Fix a bicycle chain');
	await page.getByLabel('Description', { exact: true }).fill('The chain slipped off; bring a tool.');
	await page.getByLabel('Category').selectOption({ label: 'Errand' });
	await page.getByLabel('Address', { exact: true }).fill('People’s Square, Shanghai');
	await page.getByLabel('Bounty (¥)').fill('30');
	await page.getByRole('button', { name: 'Post a task' }).click();
	await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
	const taskId = new URL(page.url()).pathname.split('/').at(-1)!;

	const near = await requester.client.task.feed.query({
		near: { lat: HERE.lat, lng: HERE.lng, radiusKm: 0.1 },
		sort: 'nearest'
	});
	expect(near.items.map((item) => item.id)).toEqual([taskId]);
	expect(near.items[0]!.distanceKm).toBeLessThan(0.01);
});
