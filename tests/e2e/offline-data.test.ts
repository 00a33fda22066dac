// What a worker and a requester keep on their device: the synced feed and their own tasks open offline
// after a reload, and a half-written task survives closing the tab.
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ADMIN_ENV, fundedRequester, registered, signedInContext, type Api } from './support/actors';
import { useWorld } from './support/world';

const world = useWorld({ env: ADMIN_ENV });

/** A signed-in phone, closed with the others at the end. */
async function phoneOf(api: Api): Promise<BrowserContext> {
	const context = await signedInContext(world.browser, world.app.baseUrl, api);
	world.adopt(context);
	return context;
}

/** Opens a page and waits until the service worker controls it, as after a first visit. */
async function controlledPage(context: BrowserContext, path: string): Promise<Page> {
	const page = await context.newPage();
	await page.goto(world.app.baseUrl + path);
	await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state);
	await page.reload();
	await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
	return page;
}

it('offline, a reload shows the app shell with the synced feed and the worker’s own tasks', async () => {
	const requester = await fundedRequester(world.app.baseUrl, 10_000n);
	const titles = ['Unblock the drain', 'Tutor algebra for an hour', 'Carry a sofa upstairs'];
	const ids = [];
	for (const title of titles) {
		const task = await requester.client.task.publish.mutate({
			title,
			description: 'Details.',
			category: 'household',
			address: 'Somewhere',
			bounty: 1_000n
		});
		ids.push(task.id);
	}
	const worker = await registered(world.app.baseUrl, 'Worker');
	await worker.client.task.claim.mutate({ taskId: ids[2]! });

	const context = await phoneOf(worker);
	const page = await controlledPage(context, '/');
	await expect.poll(() => page.getByText(/^Synced /).isVisible(), { timeout: 15_000 }).toBe(true);

	await context.setOffline(true);
	try {
		await page.reload();
		await expect
			.poll(() => page.getByText(/You are offline. These are the tasks saved/).isVisible())
			.toBe(true);
		for (const title of titles.slice(0, 2)) {
			await expect.poll(() => page.getByRole('link', { name: title }).isVisible()).toBe(true);
		}
		// The claimed task is not in the open feed, but it is under "My work", and its page opens.
		expect(await page.getByRole('link', { name: titles[2] }).count()).toBe(0);
		await page.getByRole('link', { name: 'My work' }).click();
		await expect
			.poll(() => page.getByText(/These are your tasks as this device saved them/).isVisible())
			.toBe(true);
		await page.getByRole('link', { name: titles[2] }).click();
		await expect.poll(() => page.getByRole('heading', { name: titles[2] }).isVisible()).toBe(true);
		await expect.poll(() => page.getByText(/This is the copy saved on this device/).isVisible()).toBe(true);
	} finally {
		await context.setOffline(false);
	}
});

it('a half-written task survives closing the tab and opening the page again', async () => {
	const requester = await registered(world.app.baseUrl, 'Drafter', 'organisation');
	const context = await phoneOf(requester);
	const first = await context.newPage();
	await first.goto(`${world.app.baseUrl}/post`);
	await expect.poll(() => first.getByRole('button', { name: 'Post a task' }).isEnabled()).toBe(true);
	await first.getByLabel('Title').fill('Survey the roof after the storm');
	await first.getByLabel('Description').fill('Look for loose tiles; photos of each side.');
	await first.getByLabel('Bounty (¥)').fill('350');
	await first.close();

	const second = await context.newPage();
	await second.goto(`${world.app.baseUrl}/post`);
	await expect.poll(() => second.getByLabel('Title').inputValue()).toBe('Survey the roof after the storm');
	expect(await second.getByLabel('Description').inputValue()).toBe(
		'Look for loose tiles; photos of each side.'
	);
	expect(await second.getByLabel('Bounty (¥)').inputValue()).toBe('350');
});
