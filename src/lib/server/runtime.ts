// The running server's shared parts, made once at start by `init` in hooks.server.ts: configuration,
// the embedded database when no DATABASE_URL is set, pending migrations, the admin account, the timers'
// job queue (jobs/index.ts) and the live hub (LISTEN for notifications and task changes).
import { dev } from '$app/environment';
import { loadConfig, type AppConfig } from './config';
import { createDb, type Db } from './db';
import { startEmbeddedPostgres } from './db/embedded.js';
import { applyMigrations } from './db/migrations.js';
import { createLucia, type Auth } from './auth/sessions';
import { ensureAdmin } from './auth/users';
import { startJobs } from './jobs';
import { LiveHub } from './live/hub';
import { FileStorage } from './storage';

export interface Runtime {
	config: AppConfig;
	db: Db;
	auth: Auth;
	storage: FileStorage;
	live: LiveHub;
}

// Kept on globalThis: `vite dev` re-imports server modules when they change, and a second start would
// find the embedded database already running (under the first copy of this module).
const shared = globalThis as typeof globalThis & {
	jiedanRuntime?: Runtime;
	jiedanStarting?: Promise<Runtime>;
};
let stopping: Promise<void> | undefined;

export function startRuntime(): Promise<Runtime> {
	shared.jiedanStarting ??= start().then(
		(runtime) => (shared.jiedanRuntime = runtime),
		(error: unknown) => {
			shared.jiedanStarting = undefined; // so that a later call can try again
			throw error;
		}
	);
	return shared.jiedanStarting;
}

async function start(): Promise<Runtime> {
	const config = loadConfig();
	let databaseUrl = config.databaseUrl;
	let stopDatabase: (() => Promise<void>) | undefined;
	if (!databaseUrl) {
		const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
		databaseUrl = embedded.url;
		stopDatabase = embedded.stop;
		console.log(`Embedded PostgreSQL on 127.0.0.1:${embedded.port}, data in ${config.dataDir}/pg`);
	}
	await applyMigrations(databaseUrl, { log: console.log });
	const db = createDb(databaseUrl);
	if (config.admin) await ensureAdmin(db, config.admin, config.currency);
	const live = new LiveHub(databaseUrl);
	// Not awaited: the hub retries by itself, and pages work (without live updates) until it listens.
	void live.start();
	const runtime = { config, db, auth: createLucia(db), storage: new FileStorage(config.uploadDir), live };
	// Claim deadlines and auto-release, after the migrations (the sweep needs the tables).
	const jobs = await startJobs(databaseUrl, { db, config, storage: runtime.storage });

	const stop = () => {
		stopping ??= (async () => {
			await live.close();
			// A sweep in progress finishes before the database goes away.
			await jobs.stop().catch((error: unknown) => console.error('Stopping the job queue:', error));
			await db.$disconnect();
			await stopDatabase?.();
		})();
		return stopping;
	};
	// adapter-node emits this once the HTTP server has closed after SIGINT/SIGTERM.
	process.once('sveltekit:shutdown' as 'exit', () => void stop());
	// adapter-node's server closes only when no request is open, and event streams never end by themselves:
	// end them as soon as the signal arrives, so the server stops at once instead of after SHUTDOWN_TIMEOUT.
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			live.drain();
			// Nobody else handles the signal (no adapter-node, as under `vite preview`): a listener of ours
			// would keep the process alive, so let the signal do what it does by default.
			if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
		});
	}
	// `vite dev` has no such event: stop the database with the process.
	if (stopDatabase && dev) {
		for (const signal of ['SIGINT', 'SIGTERM'] as const) {
			process.once(signal, () => void stop().then(() => process.exit(0)));
		}
	}
	return runtime;
}

export function getRuntime(): Runtime {
	const runtime = shared.jiedanRuntime;
	if (!runtime) throw new Error('The server runtime has not started (hooks.server.ts init).');
	return runtime;
}
