// The app comes back by itself (hostile-users issue): kill -9 of the app in the middle of a burst of 500
// mutations, then `npm start` on the same DATA_DIR starts at once (the PostgreSQL the dead app left is
// stopped and taken over), every acknowledged mutation is there, replaying all 500 changes nothing, and the
// ledger check passes; then kill -9 of the embedded PostgreSQL under the running app: 503s (never 500s)
// while it restarts, serving again within 10 s.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/lib/server/db/embedded.js';
import { apiClient } from './support/api';
import { startApp, type RunningApp } from './support/server';

const BURST = 500;
const BOUNTY = 100n;
const dataDir = await mkdtemp(join(tmpdir(), 'jiedan-crash-'));
await chmod(dataDir, 0o755);
const env = {
	DATABASE_URL: '',
	DATA_DIR: join(dataDir, 'data'),
	ADMIN_EMAIL: 'root@example.com',
	ADMIN_PASSWORD: 'root password 1'
};
let app: RunningApp | undefined;
afterAll(async () => {
	await app?.stop();
	await rm(dataDir, { recursive: true, force: true });
});

const task = (i: number) => ({
	title: `Burst task ${i}`,
	description: 'Made by the crash test.',
	category: 'errand' as const,
	address: 'Shanghai',
	bounty: BOUNTY
});

const postmasterPid = () =>
	Number(readFileSync(join(env.DATA_DIR, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
/** The watchdog process (embedded-host.js) of the app with this pid. */
function watchdogOf(appPid: number): number {
	for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		const args = (() => {
			try {
				return readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			} catch {
				return [];
			}
		})();
		if (args.includes('jiedan-pg-watchdog') && args.includes(String(appPid))) return Number(entry);
	}
	throw new Error(`No watchdog for process ${appPid}.`);
}
/** Whether the process runs: a killed one its parent has not reaped yet (a zombie, state Z) is dead. */
const isAlive = (pid: number) => {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return false;
	}
};

it('survives kill -9 of the app mid-burst and of its PostgreSQL, losing nothing acknowledged', async () => {
	app = await startApp({ databaseUrl: '', env });
	const admin = apiClient(app.baseUrl);
	await admin.client.auth.login.mutate({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
	const requester = apiClient(app.baseUrl);
	const me = await requester.client.auth.register.mutate({
		email: 'burst@example.com',
		password: 'a long password',
		displayName: 'Burst',
		kind: 'organisation'
	});
	const funds = BOUNTY * BigInt(BURST);
	await admin.client.admin.recordDeposit.mutate({
		userId: me.id,
		amount: funds,
		reference: 'CRASH-TEST-0001'
	});

	// The burst: 500 publishes, 25 at a time, each with its own mutation id; kill -9 once 150 are answered.
	const ids: string[] = Array.from({ length: BURST }, () => randomUUID());
	const acknowledged = new Map<string, string>();
	const firstApp = app;
	let next = 0;
	let killed = false;
	const worker = async () => {
		while (next < BURST) {
			const i = next++;
			try {
				const published = await requester.client.task.publish.mutate({ ...task(i), mutationId: ids[i] });
				acknowledged.set(ids[i]!, published.id);
			} catch {
				// Cut off by the kill: unknown whether it applied. The replay below will tell.
			}
			if (!killed && acknowledged.size >= 150) {
				killed = true;
				// The watchdog first, so the PostgreSQL stays behind as after a kill of the whole group: the
				// next start must stop it and take over. (The watchdog itself is the second test's.)
				process.kill(watchdogOf(firstApp.pid), 'SIGKILL');
				process.kill(firstApp.pid, 'SIGKILL');
			}
		}
	};
	await Promise.all(Array.from({ length: 25 }, worker));
	expect((await firstApp.exited).signal).toBe('SIGKILL');
	expect(acknowledged.size).toBeGreaterThanOrEqual(150);
	expect(acknowledged.size).toBeLessThan(BURST);

	// `npm start` on the same data folder comes up by itself.
	await firstApp.stop();
	const orphan = postmasterPid();
	expect(isAlive(orphan)).toBe(true);
	const started = Date.now();
	app = await startApp({ databaseUrl: '', env });
	expect(Date.now() - started).toBeLessThan(45_000);
	expect(app.output()).toContain(`A PostgreSQL left running by an app that is gone (process ${orphan})`);
	expect(isAlive(orphan)).toBe(false);
	const again = apiClient(app.baseUrl);
	await again.client.auth.login.mutate({ email: 'burst@example.com', password: 'a long password' });
	// Sending all 500 again: an acknowledged publish answers its task; one cut off by the kill either had
	// applied (and answers its task) or applies now, once. Either way 500 tasks and not one more.
	const publishAll = async () => {
		const answered: string[] = [];
		for (let i = 0; i < BURST; i += 25) {
			const batch = ids
				.slice(i, i + 25)
				.map((mutationId, k) => again.client.task.publish.mutate({ ...task(i + k), mutationId }));
			answered.push(...(await Promise.all(batch)).map((published) => published.id));
		}
		return answered;
	};
	const taskIds = await publishAll();
	for (const [mutationId, taskId] of acknowledged) expect(taskIds[ids.indexOf(mutationId)]).toBe(taskId);
	expect(new Set(taskIds).size).toBe(BURST);
	const wallet = async () => again.client.wallet.get.query();
	expect(await wallet()).toMatchObject({ available: 0n, held: funds });
	// A second replay of all 500 changes nothing.
	expect(await publishAll()).toEqual(taskIds);
	expect(await wallet()).toMatchObject({ available: 0n, held: funds });

	// The ledger check, beside the running app (it uses the app's own embedded server).
	const verify = await promisify(execFile)(process.execPath, ['scripts/ledger-verify.js'], {
		env: { ...process.env, DATA_DIR: env.DATA_DIR, DATABASE_URL: '' }
	});
	expect(verify.stdout).toMatch(/the ledger is consistent/);

	// kill -9 of the embedded PostgreSQL under the running app: 503 with a retry hint meanwhile, never a
	// 500, and serving again within 10 s.
	const pg = postmasterPid();
	process.kill(pg, 'SIGKILL');
	const killedAt = Date.now();
	const statuses = new Set<number>();
	let servedAt = 0;
	while (Date.now() - killedAt < 20_000) {
		const response = await fetch(
			`${app.baseUrl}/api/trpc/task.feed?input=${encodeURIComponent('{"json":{}}')}`
		);
		statuses.add(response.status);
		if (response.status === 503) expect(response.headers.get('retry-after')).toBe('5');
		if (response.status === 200) {
			servedAt = Date.now();
			break;
		}
		await new Promise((done) => setTimeout(done, 100));
	}
	expect(servedAt - killedAt).toBeLessThan(10_000);
	expect([...statuses].filter((status) => status !== 200 && status !== 503)).toEqual([]);
	expect(isAlive(pg)).toBe(false);
	expect(postmasterPid()).not.toBe(pg);
	expect(await wallet()).toMatchObject({ available: 0n, held: funds });
	const page = await fetch(`${app.baseUrl}/`);
	expect(page.status).toBe(200);
}, 300_000);

it('stops the PostgreSQL a killed app leaves behind within seconds, even before anyone starts it again', async () => {
	await app?.stop();
	app = await startApp({ databaseUrl: '', env });
	const pg = postmasterPid();
	process.kill(app.pid, 'SIGKILL');
	await app.exited;
	app = undefined;
	const deadline = Date.now() + 10_000;
	while (isAlive(pg) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
	expect(isAlive(pg)).toBe(false);
});

it('with an external database gone for longer than DATABASE_DOWN_EXIT_SECONDS, answers 503, then exits 1', async () => {
	const external = await startEmbeddedPostgres({ dataDir: join(dataDir, 'external') });
	const served = await startApp({ databaseUrl: external.url, env: { DATABASE_DOWN_EXIT_SECONDS: '5' } });
	try {
		expect((await fetch(`${served.baseUrl}/`)).status).toBe(200);
		await external.stop();
		const stoppedAt = Date.now();
		const response = await fetch(`${served.baseUrl}/`);
		expect(response.status).toBe(503);
		expect(response.headers.get('retry-after')).toBe('5');
		expect(await response.text()).toContain('The service is restarting');
		const { code } = await served.exited;
		expect(code).toBe(1);
		expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(5_000);
		expect(Date.now() - stoppedAt).toBeLessThan(20_000);
		expect(served.output()).toMatch(/The database has not answered for \d+ s: exiting/);
	} finally {
		await served.stop();
		await external.stop();
	}
});

it.runIf(process.getuid?.() === 0)(
	'as root, with a data folder the postgres user cannot reach, stops saying why and what to do',
	async () => {
		const private_ = await mkdtemp(join(tmpdir(), 'jiedan-private-'));
		try {
			const error = await startApp({
				databaseUrl: '',
				env: { DATABASE_URL: '', DATA_DIR: join(private_, 'deep', 'data') }
			}).catch((e: Error) => e);
			expect(error).toBeInstanceOf(Error);
			const message = (error as Error).message;
			expect(message).toContain('The app exited (code 1)');
			expect(message).toContain(`that user cannot enter ${private_} (mode 0700)`);
			expect(message).toContain(`chmod o+x ${private_}`);
			expect(message).not.toMatch(/spawn|ENOENT|EACCES|\n\s+at /);
		} finally {
			await rm(private_, { recursive: true, force: true });
		}
	}
);
