// A worker hands over three photos with no connection; they upload when the phone is back online. The
// connection is cut again half-way and restored: the upload finishes with at most one chunk sent twice per
// file. Sending the whole outbox again afterwards changes nothing.
import type { BrowserContext } from 'playwright-core';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { CHUNK_SIZE } from '$lib/domain/constants';
import { ADMIN_ENV, fundedRequester, registered, signedInContext } from './support/actors';
import { noisePng } from '../support/png';
import { useWorld } from './support/world';

let context: BrowserContext;

const world = useWorld({ env: ADMIN_ENV });
afterAll(async () => {
	await context?.close();
});

it('three photos made offline upload after reconnect, survive a cut, and replays change nothing', async () => {
	const requester = await fundedRequester(world.app.baseUrl, 5_000n);
	const task = await requester.client.task.publish.mutate({
		title: 'Photograph the meter room',
		description: 'Three clear photos.',
		category: 'engineering',
		address: 'Rural road 7',
		bounty: 5_000n
	});
	const worker = await registered(world.app.baseUrl, 'Worker');
	await worker.client.task.claim.mutate({ taskId: task.id });

	context = await signedInContext(world.browser, world.app.baseUrl, worker);
	const page = await context.newPage();
	await page.goto(`${world.app.baseUrl}/tasks/${task.id}`);
	await expect.poll(() => page.getByText(/^Synced /).isVisible(), { timeout: 15_000 }).toBe(true);

	// Offline: write the report, pick three photos, hand over. Everything stays on the phone.
	await context.setOffline(true);
	await page.getByLabel('Report').fill('Meter room photographed from three sides.');
	await page
		.getByLabel('Files', { exact: true })
		.setInputFiles(
			[1, 2, 3].map((n) => ({ name: `side-${n}.png`, mimeType: 'image/png', buffer: noisePng(900, 700) }))
		);
	await page.getByRole('button', { name: 'Hand over' }).click();
	await expect.poll(() => page.getByText(/It will upload when you are back online/).isVisible()).toBe(true);
	expect((await requester.client.task.get.query({ id: task.id })).status).toBe('CLAIMED');

	// A slow link, so the cut lands in the middle of the uploads.
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: 100,
		downloadThroughput: 400_000,
		uploadThroughput: 400_000
	});
	await context.setOffline(false);
	const db = new pg.Client({ connectionString: world.database.url });
	await db.connect();
	try {
		await expect
			.poll(
				async () => (await db.query(`SELECT coalesce(sum("offset"), 0)::int AS n FROM "Upload"`)).rows[0].n,
				{
					timeout: 30_000,
					interval: 100
				}
			)
			.toBeGreaterThan(CHUNK_SIZE);
		await context.setOffline(true);
		// The cut really is half-way: some bytes are on the server, not all files are.
		const atCut = await db.query(
			`SELECT count(*) FILTER (WHERE status = 'COMPLETE')::int AS done FROM "Upload"`
		);
		expect(atCut.rows[0].done).toBeLessThan(3);
		await page.waitForTimeout(1_500);
		await context.setOffline(false);

		await expect
			.poll(
				() =>
					page
						.getByText(/Handed over|waiting for review|submitted/i)
						.first()
						.isVisible(),
				{ timeout: 60_000 }
			)
			.toBe(true);
		const status = await requester.client.task.get.query({ id: task.id });
		expect(status.status).toBe('SUBMITTED');
		expect(status.private?.handovers[0]?.files).toHaveLength(3);

		const uploads = await db.query(`SELECT size, "bytesReceived"::bigint AS received, status FROM "Upload"`);
		expect(uploads.rows).toHaveLength(3);
		for (const upload of uploads.rows) {
			expect(upload.status).toBe('COMPLETE');
			const resent = Number(upload.received) - upload.size;
			expect(resent).toBeGreaterThanOrEqual(0);
			expect(resent).toBeLessThanOrEqual(CHUNK_SIZE);
		}
		// The photos were downscaled to JPEG on the phone before upload.
		const files = await db.query(`SELECT "mimeType" FROM "StoredFile"`);
		expect(files.rows.map((r) => r.mimeType)).toEqual(['image/jpeg', 'image/jpeg', 'image/jpeg']);

		// Replaying the whole outbox twice changes nothing.
		const outbox = await page.evaluate(
			() =>
				new Promise<{ id: string; name: string; args: Record<string, unknown>; createdAt: string }[]>(
					(resolve) => {
						const open = indexedDB.open('jiedan');
						open.onsuccess = () => {
							const request = open.result.transaction('outbox').objectStore('outbox').getAll();
							request.onsuccess = () => resolve(request.result);
						};
					}
				)
		);
		expect(outbox.map((e) => e.name)).toEqual(['handover.submit']);
		const counts = async () =>
			(
				await db.query(
					`SELECT (SELECT count(*) FROM "Handover")::int AS h, (SELECT count(*) FROM "Transfer")::int AS t`
				)
			).rows[0];
		const before = await counts();
		for (let i = 0; i < 2; i++) {
			const { args } = outbox[0]!;
			const { fileIdsReady: _ready, ...sent } = args;
			const replay = await worker.client.sync.push.mutate({
				mutations: outbox.map((e) => ({
					id: e.id,
					name: 'handover.submit' as const,
					args: sent,
					createdAt: new Date(e.createdAt)
				}))
			});
			expect(replay.results.map((r) => r.status)).toEqual(['applied']);
		}
		expect(await counts()).toEqual(before);
	} finally {
		await db.end();
	}
});
