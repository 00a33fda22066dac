// Timers on a PostgreSQL job queue (pg-boss). Every app server starts this: each one registers the same
// cron schedule and a worker for the sweep queue. pg-boss lets one instance per interval turn the
// schedule into a job (a database-side "cron time" row plus a singleton key per minute), and a job is
// fetched by exactly one worker (SKIP LOCKED), so the sweep runs once a minute however many servers run.
// The sweep itself is safe to run twice anyway: every task is re-checked under its row lock.
import PgBoss from 'pg-boss';
import type { UploadDeps } from '../uploads/uploads';
import { runCleanup } from './cleanup';
import { CLEANUP_CRON, CLEANUP_QUEUE, JOBS_SCHEMA, SWEEP_CRON, SWEEP_QUEUE } from './names';
import { runSweep, type SweepResult } from './sweep';

export { CLEANUP_CRON, CLEANUP_QUEUE, JOBS_SCHEMA, SWEEP_CRON, SWEEP_QUEUE };

export interface Jobs {
	boss: PgBoss;
	/** Queues a sweep now instead of waiting for the next minute (tests, operators). */
	sweepNow(): Promise<string | null>;
	/** Stops fetching jobs, lets a running sweep finish, closes pg-boss's connections. */
	stop(): Promise<void>;
}

export interface JobsOptions {
	/** Called after each sweep (tests wait on it). */
	onSweep?: (result: SweepResult) => void;
	/** How often the worker looks for a queued sweep (pg-boss's default is 2 s). */
	pollingIntervalSeconds?: number;
}

export async function startJobs(
	databaseUrl: string,
	deps: UploadDeps,
	options: JobsOptions = {}
): Promise<Jobs> {
	// A small pool of its own: the sweep's database work goes through the app's Prisma client.
	const boss = new PgBoss({ connectionString: databaseUrl, schema: JOBS_SCHEMA, max: 3 });
	// pg-boss reports failures of its background loops here; without a listener they would crash the process.
	// (One line each: while the database restarts, every loop reports the same lost connection.)
	boss.on('error', (error) => console.error('Job queue:', error.message));
	await boss.start();
	// A failed sweep is not retried: the next minute's sweep does the same work.
	await boss.createQueue(SWEEP_QUEUE, { name: SWEEP_QUEUE, retryLimit: 0, expireInSeconds: 600 });
	await boss.schedule(SWEEP_QUEUE, SWEEP_CRON, {}, { tz: 'UTC' });
	await boss.work(SWEEP_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async () => {
		const result = await runSweep(deps, new Date());
		if (result.lapsed || result.warned || result.autoReleased) {
			console.log(
				`Sweep: ${result.lapsed} claims lapsed, ${result.warned} warned, ${result.autoReleased} auto-released`
			);
		}
		options.onSweep?.(result);
		return result;
	});
	// The hourly clean-up of abandoned uploads, unattached files and old sign-in counters (cleanup.ts).
	await boss.createQueue(CLEANUP_QUEUE, { name: CLEANUP_QUEUE, retryLimit: 0, expireInSeconds: 3_000 });
	await boss.schedule(CLEANUP_QUEUE, CLEANUP_CRON, {}, { tz: 'UTC' });
	await boss.work(CLEANUP_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
		const result = await runCleanup(deps, new Date());
		if (result.partialUploads || result.files || result.strayPartials) {
			console.log(
				`Clean-up: ${result.partialUploads} abandoned uploads, ${result.strayPartials} stray partial files, ${result.files} unattached files (${result.contents} contents) removed`
			);
		}
		return result;
	});
	let stopping: Promise<void> | undefined;
	return {
		boss,
		sweepNow: () => boss.send(SWEEP_QUEUE, {}),
		stop: () => (stopping ??= boss.stop({ graceful: true, wait: true, timeout: 10_000 }))
	};
}
