// A claim that runs out: a worker claims in Chromium and sees the deadline; the deadline passes (moved into
// the past in SQL) and the sweep runs through the app's own pg-boss queue (sent now from a second pg-boss
// client on the same database, instead of waiting for the minute's cron); the worker's page then says the
// claim ran out and the task is open again, and another worker claims it.
import type { Page } from 'playwright-core';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { expect, it } from 'vitest';
import { JOBS_SCHEMA, SWEEP_QUEUE } from '$lib/server/jobs/names';
import { ADMIN_ENV, fundedRequester, registered } from './support/actors';
import { useWorld } from './support/world';

const TIMEOUT = 15_000;

const world = useWorld({ env: ADMIN_ENV, timeout: TIMEOUT });

async function phone(name: string): Promise<Page> {
	return world.signedInPage(await registered(world.app.baseUrl, name));
}

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
	const client = new pg.Client({ connectionString: world.database.url });
	await client.connect();
	try {
		return (await client.query<T>(text, values)).rows;
	} finally {
		await client.end();
	}
}

async function claimOn(page: Page, taskId: string) {
	await page.goto(`${world.app.baseUrl}/tasks/${taskId}`);
	const claim = page.getByRole('button', { name: 'Claim', exact: true });
	await expect.poll(() => claim.isEnabled(), { timeout: TIMEOUT }).toBe(true);
	await claim.click();
	await expect
		.poll(() => page.getByText('This task is now yours.').isVisible(), { timeout: TIMEOUT })
		.toBe(true);
}

it('a lapsed claim returns the task to the feed, the worker is told, another worker claims it', async () => {
	const requester = await fundedRequester(world.app.baseUrl, 10_000n);
	const task = await requester.client.task.publish.mutate({
		title: 'Water the plants on the balcony',
		description: 'Twice, morning and evening.',
		category: 'household',
		address: 'Room 1203, Building 4',
		bounty: 5_000n,
		claimHours: 2
	});

	// The worker claims and sees how long they have.
	const ana = await phone('Ana');
	await claimOn(ana, task.id);
	await expect.poll(() => ana.getByText('Hand over by').isVisible(), { timeout: TIMEOUT }).toBe(true);
	await expect.poll(() => ana.getByText(/\(1 h 5\d min left\)/).isVisible()).toBe(true);
	await ana.goto(`${world.app.baseUrl}/my`);
	await expect.poll(() => ana.getByText(/^Hand over by .*\(1 h 5\d min left\)$/).isVisible()).toBe(true);

	// The deadline passes; the sweep runs on the app's queue.
	await sql(`UPDATE "Task" SET "claimExpiresAt" = now() - interval '1 minute' WHERE id = $1`, [task.id]);
	const boss = new PgBoss({
		connectionString: world.database.url,
		schema: JOBS_SCHEMA,
		// Only a client: the app's instance schedules, supervises and works the queue.
		schedule: false,
		supervise: false,
		max: 1
	});
	await boss.start();
	try {
		expect(await boss.send(SWEEP_QUEUE, {})).toEqual(expect.any(String));
	} finally {
		await boss.stop({ graceful: false });
	}
	await expect
		.poll(
			async () =>
				(await sql<{ status: string }>(`SELECT status FROM "Task" WHERE id = $1`, [task.id]))[0]?.status,
			{
				timeout: TIMEOUT
			}
		)
		.toBe('OPEN');
	const lapses = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "ClaimLapse" WHERE "taskId" = $1`, [
		task.id
	]);
	expect(lapses[0]?.n).toBe(1);

	// The worker's pages say so: the task page, and 'My work'.
	await ana.goto(`${world.app.baseUrl}/tasks/${task.id}`);
	await expect
		.poll(() => ana.getByText(/Your claim ran out at .* so the task went back to the feed\./).isVisible())
		.toBe(true);
	await expect.poll(() => ana.getByText('Open', { exact: true }).first().isVisible()).toBe(true);
	await ana.goto(`${world.app.baseUrl}/my`);
	await expect.poll(() => ana.getByRole('heading', { name: 'Claims that ran out' }).isVisible()).toBe(true);
	await expect.poll(() => ana.getByRole('link', { name: 'Water the plants on the balcony' }).count()).toBe(1);

	// Another worker claims it.
	const bo = await phone('Bo');
	await claimOn(bo, task.id);
	const after = await requester.client.task.get.query({ id: task.id });
	expect(after).toMatchObject({ status: 'CLAIMED', private: { claimant: { displayName: 'Bo' } } });
	expect(world.pageErrors).toEqual([]);
});

it('stops promptly on SIGTERM: the job queue stops before the database connection closes', async () => {
	const stopping = Date.now();
	await world.app.stop();
	// Well under the 10 s after which the harness would kill it.
	expect(Date.now() - stopping).toBeLessThan(5_000);
});
