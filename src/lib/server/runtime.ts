// The running server's shared parts, made once at start by `init` in hooks.server.ts: configuration,
// the embedded database when no DATABASE_URL is set, pending migrations, the admin account, the timers'
// job queue (jobs/index.ts) and the live hub (LISTEN for notifications and task changes).
import { dev } from '$app/environment';
import { MAX_CHUNK_SIZE } from '$lib/domain/constants';
import { loadConfig, type AppConfig } from './core/config';
import { createDb, type Db } from './db';
import { DatabaseHealth, ping } from './db/health';
import { startEmbeddedPostgres } from './db/embedded.js';
import { applyMigrations } from './db/migrations.js';
import { createLucia, type Auth } from './auth/sessions';
import { ensureAdmin } from './auth/users';
import { startJobs } from './jobs';
import { LiveHub } from './live/hub';
import { FileStorage } from './uploads/storage';

export interface Runtime {
	config: AppConfig;
	db: Db;
	health: DatabaseHealth;
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

/** Bytes in a size as adapter-node reads BODY_SIZE_LIMIT ("512K", "1M", a plain number). */
function bytesOf(text: string): number {
	const match = /^(\d+)([KMG]?)$/i.exec(text.trim());
	if (!match) return Number.NaN;
	return Number(match[1]) * 1024 ** ['', 'K', 'M', 'G'].indexOf(match[2]!.toUpperCase());
}

/** An upload chunk may be MAX_CHUNK_SIZE plus its multipart envelope; adapter-node refuses bodies above its limit. */
function warnIfChunksDoNotFit(): void {
	const limit = bytesOf(process.env.BODY_SIZE_LIMIT ?? '512K');
	if (!dev && limit < MAX_CHUNK_SIZE + 64 * 1024) {
		console.warn(
			`BODY_SIZE_LIMIT (${process.env.BODY_SIZE_LIMIT ?? '512K'}) is below an upload chunk's largest size (1 MiB and its envelope): set BODY_SIZE_LIMIT=1536K (npm start does).`
		);
	}
}

async function start(): Promise<Runtime> {
	const config = loadConfig();
	warnIfChunksDoNotFit();
	let databaseUrl = config.databaseUrl;
	let stopDatabase: (() => Promise<void>) | undefined;
	// Made before the database: the embedded server reports its own death and return to it.
	const health = new DatabaseHealth({
		probe: () => ping(databaseUrl),
		exitAfterMs: config.databaseDownExitMs,
		watchEveryMs: 15_000
	});
	if (!databaseUrl) {
		const embedded = await startEmbeddedPostgres({
			dataDir: config.dataDir,
			log: (message) => {
				if (message.startsWith('The embedded') || message.startsWith('A PostgreSQL')) console.warn(message);
			},
			onDown: () => health.markDown(),
			onUp: () => health.markUp()
		});
		databaseUrl = embedded.url;
		stopDatabase = embedded.stop;
		console.log(`Embedded PostgreSQL on 127.0.0.1:${embedded.port}, data in ${config.dataDir}/pg`);
	}
	await applyMigrations(databaseUrl, { log: console.log });
	const db = createDb(databaseUrl);
	health.watch();
	if (config.admin) await ensureAdmin(db, config.admin, config.currency);
	const live = new LiveHub(databaseUrl);
	// Not awaited: the hub retries by itself, and pages work (without live updates) until it listens.
	void live.start();
	const runtime = {
		config,
		db,
		health,
		auth: createLucia(db),
		storage: new FileStorage(config.uploadDir),
		live
	};
	// Claim deadlines and auto-release, after the migrations (the sweep needs the tables).
	const jobs = await startJobs(databaseUrl, { db, config, storage: runtime.storage });

	const stop = () => {
		stopping ??= (async () => {
			health.stop();
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
