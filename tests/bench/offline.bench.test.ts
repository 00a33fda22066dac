// npm run bench — figures, not pass/fail thresholds (speed targets live here, never in timed tests):
// - the JavaScript a phone downloads to show the feed and a task page (gzip, first load; target ≤ 80 KB);
// - how long a phone's outbox (20 claims and a handover with 3 photos, all made offline) takes to reach the
//   server over Slow 3G, against the least the link allows for what was actually sent.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import pg from 'pg';
import { freshDatabase, type TestDatabase } from '../support/database';
import { ADMIN_ENV, fundedRequester, registered, signedInContext } from '../e2e/support/actors';
import { launchBrowser } from '../e2e/support/browser';
import { noisePng } from '../support/png';
import { startApp, type RunningApp } from '../e2e/support/server';

let database: TestDatabase;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
	database = await freshDatabase();
	app = await startApp({
		databaseUrl: database.url,
		// The flush bench has one worker claim 20 tasks: lift the per-worker limit for it.
		env: { ...ADMIN_ENV, MAX_ACTIVE_CLAIMS: '50' }
	});
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await app?.stop();
	await database?.drop();
});

async function setUp(tasks: number) {
	const requester = await fundedRequester(app.baseUrl, 10_000_000n);
	const ids = [];
	for (let i = 0; i < tasks; i++) {
		ids.push(
			(
				await requester.client.task.publish.mutate({
					title: `Bench task ${i}`,
					description: 'x',
					category: 'errand',
					address: 'Here',
					bounty: 1_000n
				})
			).id
		);
	}
	const worker = await registered(app.baseUrl, 'Worker');
	return { ids, worker };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

it('first-load JavaScript of the worker pages', async () => {
	const { ids } = await setUp(1);
	const results: Record<string, number> = {};
	for (const path of ['/', `/tasks/${ids[0]}`]) {
		const context = await browser.newContext();
		const page = await context.newPage();
		const scripts: Promise<Buffer>[] = [];
		page.on('response', (response) => {
			if (response.request().resourceType() === 'script') scripts.push(response.body());
		});
		await page.goto(`${app.baseUrl}${path}`, { waitUntil: 'networkidle' });
		const bodies = await Promise.all(scripts);
		results[path === '/' ? 'feed' : 'task'] = bodies.reduce(
			(n, body) => n + gzipSync(body, { level: 9 }).length,
			0
		);
		await context.close();
	}
	console.log(
		`first-load JS (gzip): feed ${kib(results.feed!)}, task page ${kib(results.task!)} (target ≤ 80 KiB)`
	);
	expect(results.feed).toBeGreaterThan(0);
});

// Chrome DevTools' "Slow 3G" preset.
const SLOW_3G = { latencyMs: 2_000, bytesPerSecond: 50_000 };
/** The API calls the sync engine makes, one after another, while it flushes and pulls. */
const SYNC_CALLS = /^(sync|upload)\./;

it('Slow 3G flush of an offline outbox: 20 claims and a handover with 3 photos', async () => {
	const { ids, worker } = await setUp(21);
	const [handoverTask, ...claimTasks] = ids as [string, ...string[]];
	await worker.client.task.claim.mutate({ taskId: handoverTask });

	const context = await signedInContext(browser, app.baseUrl, worker);
	const db = new pg.Client({ connectionString: database.url });
	await db.connect();
	try {
		const synced = (page: Page) =>
			expect.poll(() => page.getByText(/^Synced /).isVisible(), { timeout: 15_000 }).toBe(true);
		// The task to hand over is open in one tab since the worker was last online; the feed is in another.
		const taskTab = await context.newPage();
		await taskTab.goto(`${app.baseUrl}/tasks/${handoverTask}`);
		await synced(taskTab);
		const feed = await context.newPage();
		await feed.goto(`${app.baseUrl}/`);
		await synced(feed);

		// The network of each tab is set through one DevTools session of its own. (context.setOffline speaks
		// through Playwright's session: with two sessions the last one sets navigator.onLine, while a request
		// passes only if neither says offline, so the 'online' event would come before the link is up.)
		const network = async (page: Page) => {
			const cdp = await context.newCDPSession(page);
			await cdp.send('Network.enable');
			return (conditions: { offline: boolean; latencyMs: number; bytesPerSecond: number }) =>
				cdp.send('Network.emulateNetworkConditions', {
					offline: conditions.offline,
					latency: conditions.latencyMs,
					downloadThroughput: conditions.bytesPerSecond,
					uploadThroughput: conditions.bytesPerSecond
				});
		};
		const OFFLINE = { offline: true, latencyMs: 0, bytesPerSecond: -1 };
		const taskTabNetwork = await network(taskTab);
		await taskTabNetwork(OFFLINE);
		const feedNetwork = await network(feed);
		await feedNetwork(OFFLINE);

		// Offline: claim the 20 other tasks from the feed, one after another, by client-side navigation.
		for (const id of claimTasks) {
			await feed.locator(`a[href="/tasks/${id}"]`).click();
			await feed.waitForURL(`**/tasks/${id}`);
			const claim = feed.getByRole('button', { name: 'Claim' });
			await expect
				.poll(() => claim.isEnabled({ timeout: 1_000 }).catch(() => false), { timeout: 15_000 })
				.toBe(true);
			await claim.click();
			await expect.poll(() => feed.getByText(/saved on this phone and will be sent/).isVisible()).toBe(true);
			await feed.getByRole('link', { name: /Back to tasks/ }).click();
			await feed.waitForURL(`${app.baseUrl}/`);
		}
		await expect.poll(() => feed.getByText('20 action(s) waiting to be sent').isVisible()).toBe(true);
		await feed.close();

		// Then the handover: a report and three photos (downscaled to JPEG on the phone).
		await taskTab.bringToFront();
		await taskTab.getByLabel('Report').fill('Done, three photos attached.');
		await taskTab
			.getByLabel('Files', { exact: true })
			.setInputFiles(
				[1, 2, 3].map((n) => ({ name: `photo-${n}.png`, mimeType: 'image/png', buffer: noisePng(900, 700) }))
			);
		await taskTab.getByRole('button', { name: 'Hand over' }).click();
		await expect
			.poll(() => taskTab.getByText(/It will upload when you are back online/).isVisible())
			.toBe(true);
		await expect
			.poll(() => taskTab.getByText('21 action(s) waiting to be sent').isVisible(), { timeout: 15_000 })
			.toBe(true);
		const before = await db.query(`SELECT count(*)::int AS n FROM "Mutation"`);

		// Back online over Slow 3G, in one step: time until the phone's outbox is empty and the server has it all.
		const requests: { request: Request; start: number; end?: number }[] = [];
		taskTab.on('request', (request) => {
			if (new URL(request.url()).pathname.startsWith('/api/trpc')) {
				requests.push({ request, start: performance.now() });
			}
		});
		const ended = (request: Request) => {
			const entry = requests.find((r) => r.request === request);
			if (entry) entry.end = performance.now();
		};
		taskTab.on('requestfinished', ended);
		taskTab.on('requestfailed', ended);
		const start = performance.now();
		await taskTabNetwork({ offline: false, ...SLOW_3G });
		const serverDone = async () => {
			const row = (
				await db.query(
					`SELECT count(*) FILTER (WHERE status = 'CLAIMED' AND id <> $2)::int AS claimed,
						count(*) FILTER (WHERE status = 'SUBMITTED' AND id = $2)::int AS submitted
					FROM "Task" WHERE id = ANY($1::uuid[])`,
					[ids, handoverTask]
				)
			).rows[0];
			return row.claimed === claimTasks.length && row.submitted === 1;
		};
		let elapsed = 0;
		await expect
			.poll(
				async () => {
					const phoneDone =
						(await taskTab.getByText(/waiting to be sent/).count()) === 0 &&
						(await taskTab.getByText(/^Synced /).isVisible());
					const done = phoneDone && (await serverDone());
					if (done) elapsed = (performance.now() - start) / 1000;
					return done;
				},
				{ timeout: 150_000, interval: 100 }
			)
			.toBe(true);

		// What the flush sent, and the least time Slow 3G needs for it: each call of the sync engine waits for
		// the one before, so each costs a full latency, and every byte crosses the link at 50 kB/s.
		const procedures = (r: { request: Request }) =>
			new URL(r.request.url()).pathname.slice('/api/trpc/'.length).split(',');
		const flush = requests.filter((r) => r.start - start < elapsed * 1000);
		const syncCalls = flush.filter((r) => procedures(r).every((p) => SYNC_CALLS.test(p)));
		// Bodies only (headers would only raise the bound). The browser does not report a multipart body's
		// size, so the chunks count as the bytes the server received for the uploads.
		const sizes = await Promise.all(syncCalls.map((r) => r.request.sizes()));
		const bodies = syncCalls.map((r, i) =>
			Math.max(sizes[i]!.requestBodySize, r.request.postDataBuffer()?.length ?? 0)
		);
		const received = Number(
			(await db.query(`SELECT coalesce(sum("bytesReceived"), 0)::bigint AS n FROM "Upload"`)).rows[0].n
		);
		const chunkBodies = syncCalls.reduce(
			(n, r, i) => n + (procedures(r).includes('upload.chunk') ? bodies[i]! : 0),
			0
		);
		const up = bodies.reduce((n, b) => n + b, 0) - chunkBodies + Math.max(chunkBodies, received);
		const down = sizes.reduce((n, s) => n + s.responseBodySize, 0);
		const bound = syncCalls.length * (SLOW_3G.latencyMs / 1000) + (up + down) / SLOW_3G.bytesPerSecond;
		const photos = (await db.query(`SELECT sum(size)::int AS bytes, count(*)::int AS n FROM "StoredFile"`))
			.rows[0];
		const count = (pattern: RegExp) => syncCalls.filter((r) => procedures(r).some((p) => pattern.test(p)));
		const others = flush.filter((r) => !syncCalls.includes(r)).flatMap(procedures);
		console.log(
			`Slow 3G flush of 20 claims + ${photos.n} photos (${(photos.bytes / 1024 / 1024).toFixed(2)} MiB): ` +
				`${elapsed.toFixed(1)} s; lower bound ${bound.toFixed(1)} s (${syncCalls.length} round trips × ` +
				`${SLOW_3G.latencyMs / 1000} s + ${((up + down) / 1e6).toFixed(2)} MB / 50 kB/s); ` +
				`ratio ${(elapsed / bound).toFixed(2)}`
		);
		console.log(
			`  calls: ${count(/^sync\.push$/).length} push, ${count(/^upload\.begin$/).length} upload.begin, ` +
				`${count(/^upload\.chunk$/).length} upload.chunk, ${count(/^upload\.status$/).length} upload.status, ` +
				`${count(/^sync\.pull$/).length} pull; up ${kib(up)}, down ${kib(down)}; ` +
				`alongside (page loads): ${others.length ? others.join(', ') : 'none'}`
		);
		for (const r of flush) {
			console.log(
				`    ${((r.start - start) / 1000).toFixed(1)}–${r.end ? ((r.end - start) / 1000).toFixed(1) : '?'} s ${procedures(r).join(',')}`
			);
		}

		const after = await db.query(`SELECT count(*)::int AS n FROM "Mutation"`);
		expect(after.rows[0].n - before.rows[0].n).toBe(21);
		expect(photos.n).toBe(3);
		expect(elapsed / bound).toBeGreaterThanOrEqual(1);
	} finally {
		await db.end();
		await context.close();
	}
});
