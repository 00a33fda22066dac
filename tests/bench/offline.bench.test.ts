// npm run bench — figures, not pass/fail thresholds (speed targets live here, never in timed tests):
// the JavaScript a phone downloads to show the feed and a task page (gzip, first load; target ≤ 80 KB).
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { freshDatabase, type TestDatabase } from '../support/database';
import { apiClient } from '../e2e/support/api';
import { launchBrowser } from '../e2e/support/browser';
import { startApp, type RunningApp } from '../e2e/support/server';

let database: TestDatabase;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
	database = await freshDatabase();
	app = await startApp({
		databaseUrl: database.url,
		env: { ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin password 1' }
	});
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await app?.stop();
	await database?.drop();
});

async function setUp(tasks: number) {
	const requester = apiClient(app.baseUrl);
	const admin = apiClient(app.baseUrl);
	const owner = await requester.client.auth.register.mutate({
		email: `r-${randomUUID()}@example.com`,
		password: 'a long password',
		displayName: 'R',
		kind: 'person'
	});
	await admin.client.auth.login.mutate({ email: 'admin@example.com', password: 'admin password 1' });
	await admin.client.admin.recordDeposit.mutate({
		userId: owner.id,
		amount: 10_000_000n,
		reference: `b-${randomUUID()}`
	});
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
	const worker = apiClient(app.baseUrl);
	await worker.client.auth.register.mutate({
		email: `w-${randomUUID()}@example.com`,
		password: 'a long password',
		displayName: 'W',
		kind: 'person'
	});
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
