// The real timer path: pg-boss started against the test database, the sweep job sent now (rather than
// waiting for the minute's cron), and a claim past its deadline back in the feed; then pg-boss stops
// cleanly, leaving no connection or timer that would keep the test process alive.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	CLEANUP_CRON,
	CLEANUP_QUEUE,
	JOBS_SCHEMA,
	SWEEP_CRON,
	SWEEP_QUEUE,
	startJobs,
	type Jobs
} from '$lib/server/jobs';
import type { SweepResult } from '$lib/server/jobs/sweep';
import { createTestApp, type TestApp } from '../support/app';

let app: TestApp;
let jobs: Jobs | undefined;
const sweeps: SweepResult[] = [];
beforeAll(async () => {
	app = await createTestApp();
});
afterAll(async () => {
	await jobs?.stop();
	await app.close();
});

async function pgbossConnections(): Promise<number> {
	const client = new pg.Client({ connectionString: app.url });
	await client.connect();
	try {
		// pg-boss names its connections' application only through the pool; count all but our own.
		const { rows } = await client.query<{ n: string }>(
			`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`
		);
		return Number(rows[0]!.n);
	} finally {
		await client.end();
	}
}

describe('the sweep job on pg-boss', () => {
	it('is scheduled every minute and, sent now, lapses a claim past its deadline', async () => {
		const { worker, task } = await app.claimedTask({ bounty: 4_000n });
		await app.db
			.$executeRaw`UPDATE "Task" SET "claimExpiresAt" = now() - interval '1 minute' WHERE "id" = ${task.id}::uuid`;

		jobs = await startJobs(
			app.url,
			{ db: app.db, config: app.config, storage: app.storage },
			{
				pollingIntervalSeconds: 0.5,
				onSweep: (result) => sweeps.push(result)
			}
		);
		const schedules = await app.db.$queryRawUnsafe<{ name: string; cron: string }[]>(
			`SELECT name, cron FROM ${JOBS_SCHEMA}.schedule ORDER BY name`
		);
		expect(schedules).toEqual([
			{ name: CLEANUP_QUEUE, cron: CLEANUP_CRON },
			{ name: SWEEP_QUEUE, cron: SWEEP_CRON }
		]);

		expect(await jobs.sweepNow()).toEqual(expect.any(String));
		await expect
			.poll(async () => (await app.db.task.findUniqueOrThrow({ where: { id: task.id } })).status, {
				timeout: 15_000,
				interval: 200
			})
			.toBe('OPEN');
		expect(await app.db.claimLapse.count({ where: { taskId: task.id, workerId: worker.id } })).toBe(1);
		await expect.poll(() => sweeps.some((s) => s.lapsed === 1), { timeout: 5_000 }).toBe(true);
		const job = await app.db.$queryRawUnsafe<{ state: string }[]>(
			`SELECT state FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND state = 'completed'`,
			SWEEP_QUEUE
		);
		expect(job.length).toBeGreaterThanOrEqual(1);
	});

	it('stops cleanly: its connections close', async () => {
		const withBoss = await pgbossConnections();
		await jobs!.stop();
		jobs = undefined;
		await expect.poll(pgbossConnections, { timeout: 5_000 }).toBeLessThan(withBoss);
	});
});
