// @ts-check
// What the embedded PostgreSQL needs from the machine, checked before it starts so that a failure says why
// and what to do: as root it runs as the `postgres` user, which must be able to reach its programs and its
// data folder; and one app owns a data folder at a time. An app that died (kill -9, a crash, a reboot of
// the container) leaves its PostgreSQL running or a stale lock file; the next start stops that server
// cleanly and takes over, and a small watchdog stops it at once when the app dies without a word.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, parse, resolve } from 'node:path';

/** @param {number} pid */
export function isRunning(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
	}
}

/** @param {number} pid @returns {string} the process's command line, '' when unknown */
function commandLine(pid) {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
	} catch {
		return '';
	}
}

/** @param {number} ms */
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** The uid of the `postgres` user, or null when there is none (yet). */
function postgresUid() {
	try {
		return Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	} catch {
		return null;
	}
}

/**
 * As root: the first folder on the way to `path` that the `postgres` user may not enter, else null. Only
 * the permission bits for others (or for the owner, when `postgres` owns the folder) are read: the user
 * is in no group of ours.
 * @param {string} path
 */
export function unreachableFolder(path) {
	const uid = postgresUid();
	let folder = resolve(path);
	const { root } = parse(folder);
	/** @type {string[]} */
	const chain = [];
	while (folder !== root) {
		chain.unshift(folder);
		folder = dirname(folder);
	}
	for (const dir of chain) {
		if (!existsSync(dir)) return null;
		const stats = statSync(dir);
		const mode = stats.mode & 0o777;
		const canEnter = stats.uid === uid ? (mode & 0o100) !== 0 : (mode & 0o001) !== 0;
		if (stats.isDirectory() && !canEnter) return { folder: dir, mode };
	}
	return null;
}

/**
 * Refuses, with a message that says what to do, when `postgres` cannot reach one of `paths`.
 * @param {string[]} paths
 */
export function assertReachableByPostgres(paths) {
	for (const path of paths) {
		const blocked = unreachableFolder(path);
		if (!blocked) continue;
		const mode = blocked.mode.toString(8).padStart(4, '0');
		throw new Error(
			`The embedded PostgreSQL runs as the user "postgres" (it refuses to run as root), and that user cannot enter ${blocked.folder} (mode ${mode}), on the way to ${path}.\n` +
				`Let others enter it (chmod o+x ${blocked.folder}), move the app to a folder others can reach, or set DATABASE_URL to a PostgreSQL of your own.`
		);
	}
}

/**
 * What `postmaster.pid` says: the server's pid and port, or null when there is no lock file.
 * @param {string} pgData
 */
export function readPostmaster(pgData) {
	try {
		const lines = readFileSync(resolve(pgData, 'postmaster.pid'), 'utf8').split('\n');
		return { pid: Number(lines[0]), port: Number(lines[3]) };
	} catch {
		return null;
	}
}

/**
 * Whether `pid` is a PostgreSQL server for this data folder (not another process that got the pid).
 * @param {number} pid @param {string} pgData
 */
export const isServerFor = (pid, pgData) =>
	pid > 0 && isRunning(pid) && commandLine(pid).includes('postgres') && commandLine(pid).includes(pgData);

/** @param {string} dataDir */
const appPidFile = (dataDir) => resolve(dataDir, 'app.pid');

/**
 * The live app that owns this data folder, other than this process, or null.
 * @param {string} dataDir
 */
function owningApp(dataDir) {
	if (!existsSync(appPidFile(dataDir))) return null;
	const pid = Number(readFileSync(appPidFile(dataDir), 'utf8').split('\n')[0]);
	return pid > 0 && pid !== process.pid && isRunning(pid) && commandLine(pid).includes('node') ? pid : null;
}

/**
 * Makes this process the owner of the data folder: refuses while another live app owns it; stops a
 * PostgreSQL that a dead app left running (fast shutdown, then harder); clears a lock file that names a
 * process which is not our server. PostgreSQL clears a lock file of a dead server itself, after checking
 * its shared memory is free, so that one is left to it.
 * @param {string} dataDir @param {string} pgData @param {(message: string) => void} log
 */
export async function takeOver(dataDir, pgData, log) {
	const owner = owningApp(dataDir);
	const server = readPostmaster(pgData);
	if (owner) {
		throw new Error(
			`The embedded database in ${pgData} belongs to another running app (process ${owner}). Stop it first, or give this one another DATA_DIR.`
		);
	}
	writeFileSync(appPidFile(dataDir), `${process.pid}\n`, { mode: 0o600 });
	if (!server) return;
	if (!isServerFor(server.pid, pgData)) {
		if (isRunning(server.pid)) rmSync(resolve(pgData, 'postmaster.pid'), { force: true });
		return;
	}
	log(`A PostgreSQL left running by an app that is gone (process ${server.pid}): stopping it first.`);
	for (const [signal, waitMs] of /** @type {const} */ ([
		['SIGINT', 30_000],
		['SIGQUIT', 5_000],
		['SIGKILL', 5_000]
	])) {
		try {
			process.kill(server.pid, signal);
		} catch {
			return; // gone already
		}
		for (const end = Date.now() + waitMs; Date.now() < end;) {
			if (!isRunning(server.pid)) return;
			await sleep(100);
		}
	}
	throw new Error(`Could not stop the PostgreSQL (process ${server.pid}) left running in ${pgData}.`);
}

/** Gives the data folder up (a clean stop). @param {string} dataDir */
export function release(dataDir) {
	try {
		if (Number(readFileSync(appPidFile(dataDir), 'utf8').split('\n')[0]) === process.pid) {
			rmSync(appPidFile(dataDir), { force: true });
		}
	} catch {
		// Not there: nothing to give up.
	}
}

/**
 * A tiny process that outlives this one by a second: once this app is gone (kill -9 included) and no new
 * app has taken the data folder over, it asks the PostgreSQL it left for a fast shutdown. Detached and
 * unreferenced, so it holds nothing open; the app stops it on a clean shutdown.
 * @param {string} dataDir @param {string} pgData
 */
export function startWatchdog(dataDir, pgData) {
	const script = `
		while kill -0 "$1" 2>/dev/null; do sleep 1; done
		[ "$(head -n 1 "$2" 2>/dev/null)" = "$1" ] || exit 0
		pid=$(head -n 1 "$3/postmaster.pid" 2>/dev/null) && [ -n "$pid" ] && kill -INT "$pid" 2>/dev/null
		rm -f "$2"`;
	const child = spawn(
		'/bin/sh',
		['-c', script, 'jiedan-pg-watchdog', String(process.pid), appPidFile(dataDir), pgData],
		{
			detached: true,
			stdio: 'ignore'
		}
	);
	child.unref();
	return () => {
		try {
			child.kill('SIGTERM');
		} catch {
			// Already gone.
		}
	};
}
