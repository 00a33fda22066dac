// Live updates in a real browser: a requester has their task page open; a worker claims through the API;
// without a reload the page shows the task as taken, the bell counts the notification and a polite toast
// says it; the notification centre lists it. The stream closes offline and catches up when the network
// returns. Signed-out visitors never open it, and an open stream does not hold up the server's shutdown.
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ENV, fundedRequester, registered, signedInContext, type Api } from './support/actors';
import { useWorld } from './support/world';

let sql: pg.Client;
const soon = { timeout: 10_000 };

const world = useWorld({ env: ADMIN_ENV });
beforeAll(async () => {
	sql = new pg.Client({ connectionString: world.database.url });
	await sql.connect();
});
afterAll(async () => {
	await sql?.end();
});

async function open(context: BrowserContext, path: string): Promise<Page> {
	const page = await context.newPage();
	page.on('pageerror', (error) => world.pageErrors.push(`${page.url()}: ${error.message}`));
	await page.goto(`${world.app.baseUrl}${path}`);
	return page;
}

/** Notifies like the services do: an INSERT, announced by the trigger at commit. */
async function notify(userId: string, kind: string, taskId: string | null, data: object = {}) {
	await sql.query(
		'INSERT INTO "Notification" ("id", "userId", "kind", "taskId", "data") VALUES ($1, $2, $3, $4, $5)',
		[randomUUID(), userId, kind, taskId, JSON.stringify(data)]
	);
}

describe('a requester watching their task', () => {
	let requester: Api & { user: { id: string } };
	let context: BrowserContext;
	let page: Page;
	let taskId = '';
	const title = `Water the plants ${randomUUID().slice(0, 6)}`;

	beforeAll(async () => {
		requester = await fundedRequester(world.app.baseUrl, 10_000n);
		taskId = (
			await requester.client.task.publish.mutate({
				title,
				description: 'Twice a week while I am away.',
				category: 'household',
				address: '12 Garden Lane',
				bounty: 6_000n
			})
		).id;
		// Funding told the requester about the deposit: start with nothing unread.
		await requester.client.notification.markRead.mutate({});
		context = await signedInContext(world.browser, world.app.baseUrl, requester);
		world.adopt(context);
	});

	it('sees a claim made elsewhere within seconds, without a reload: badge, bell and toast', async () => {
		// The stream that watches this task is open once its response headers arrive.
		const watching = context.waitForEvent(
			'response',
			(r) => r.url().includes('/api/events') && r.url().includes(taskId) && r.status() === 200
		);
		page = await open(context, `/tasks/${taskId}`);
		await page.getByRole('heading', { level: 1, name: title }).waitFor();
		expect(await page.getByText('Open', { exact: true }).isVisible()).toBe(true);
		await watching;
		await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
		await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

		const worker = await registered(world.app.baseUrl, 'Quick Worker');
		expect(await worker.client.task.claim.mutate({ taskId })).toEqual({ status: 'claimed' });

		await expect.poll(() => page.getByText('Taken', { exact: true }).isVisible(), soon).toBe(true);
		expect(await page.getByText('Quick Worker').isVisible()).toBe(true);
		expect(await page.getByRole('button', { name: 'Cancel task' }).count()).toBe(0);
		await expect
			.poll(() => page.getByRole('link', { name: 'Notifications, 1 unread' }).isVisible(), soon)
			.toBe(true);
		await expect
			.poll(() => page.getByRole('status').allInnerTexts(), soon)
			.toContainEqual(expect.stringContaining(`A worker claimed “${title}”.`));
		// The same document all along.
		expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
	});

	it('finds it in the notification centre, opens the task from there and marks all read', async () => {
		await page.getByRole('link', { name: 'Notifications, 1 unread' }).click();
		await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
		const item = page.getByRole('listitem').filter({ hasText: `A worker claimed “${title}”.` });
		await item.waitFor();
		expect(await item.getByText('Unread', { exact: true }).isVisible()).toBe(true);
		expect(await page.getByText('Unread: 1').isVisible()).toBe(true);
		expect(await item.getByRole('link', { name: 'Open the task' }).getAttribute('href')).toBe(
			`/tasks/${taskId}`
		);

		await page.getByRole('button', { name: 'Mark all as read' }).click();
		await expect
			.poll(() => page.getByRole('status').allInnerTexts(), soon)
			.toContainEqual('All notifications are marked as read.');
		expect(await item.getByText('Unread', { exact: true }).count()).toBe(0);
		expect(await page.getByRole('link', { name: 'Notifications', exact: true }).isVisible()).toBe(true);
		expect(await requester.client.notification.unreadCount.query()).toBe(0);
	});

	it('closes the stream offline and catches up on what it missed when the network returns', async () => {
		const attempts: string[] = [];
		const count = (request: { url(): string }) => {
			if (request.url().includes('/api/events')) attempts.push(request.url());
		};
		await context.setOffline(true);
		context.on('request', count);
		await notify(requester.user.id, 'paid', taskId, { amount: '5400', currency: 'CNY' });
		// Longer than the stream's retry hint (5 s): a browser left to itself would have tried again by now,
		// and a stream left open would have delivered the notification.
		await page.waitForTimeout(6_000);
		context.off('request', count);
		expect(attempts).toEqual([]);
		expect(await page.getByRole('link', { name: 'Notifications', exact: true }).isVisible()).toBe(true);

		await context.setOffline(false);
		await expect
			.poll(() => page.getByRole('link', { name: 'Notifications, 1 unread' }).isVisible(), soon)
			.toBe(true);
		await expect
			.poll(() => page.getByRole('status').allInnerTexts(), soon)
			.toContainEqual(expect.stringMatching(/^\D*54\.00 was paid into your wallet for “.+”\./));
		// The notification centre that was open adds it to its list as it arrives.
		await page.getByRole('listitem').filter({ hasText: 'was paid into your wallet' }).waitFor();
	});

	it('left no script errors', () => {
		expect(world.pageErrors).toEqual([]);
	});
});

describe('the event stream', () => {
	it('is for signed-in users only, checks what it is asked for, and is never opened when signed out', async () => {
		expect((await fetch(`${world.app.baseUrl}/api/events`)).status).toBe(401);

		const user = await registered(world.app.baseUrl, 'Curious');
		const cookie = [...user.jar].map(([k, v]) => `${k}=${v}`).join('; ');
		const tooMany = Array.from({ length: 51 }, () => randomUUID()).join(',');
		for (const tasks of [tooMany, 'not-an-id']) {
			const response = await fetch(`${world.app.baseUrl}/api/events?tasks=${tasks}`, { headers: { cookie } });
			expect(response.status).toBe(400);
		}
		const ok = await fetch(`${world.app.baseUrl}/api/events`, { headers: { cookie } });
		expect(ok.status).toBe(200);
		expect(ok.headers.get('content-type')).toMatch(/^text\/event-stream/);
		await ok.body?.cancel();

		const visitor = await world.browser.newContext();
		world.adopt(visitor);
		const requests: string[] = [];
		visitor.on('request', (request) => requests.push(request.url()));
		const page = await open(visitor, '/');
		await page.getByRole('heading', { level: 1, name: 'Open tasks' }).waitFor();
		await page.waitForLoadState('networkidle');
		expect(requests.filter((url) => url.includes('/api/events'))).toEqual([]);
		expect(await page.getByRole('link', { name: /^Notifications/ }).count()).toBe(0);
	});

	it('does not hold up the server’s shutdown while pages are listening', async () => {
		const user = await registered(world.app.baseUrl, 'Listener');
		const context = await signedInContext(world.browser, world.app.baseUrl, user);
		world.adopt(context);
		const streaming = context.waitForEvent('response', (r) => r.url().includes('/api/events'));
		await open(context, '/');
		await streaming;
		const started = Date.now();
		await world.app.stop();
		expect(Date.now() - started).toBeLessThan(5_000);
	});
});
