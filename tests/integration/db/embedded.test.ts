// Who may start the embedded PostgreSQL on a data folder (db/embedded-host.js): a lock file left behind by
// a process that is not our server is cleared; a folder another live app owns is refused, saying so.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../../src/lib/server/db/embedded.js';

const root = await mkdtemp(join(tmpdir(), 'jiedan-embedded-host-'));
await chmod(root, 0o755);
afterAll(() => rm(root, { recursive: true, force: true }));

async function answers(url: string): Promise<boolean> {
	const client = new pg.Client({ connectionString: url });
	try {
		await client.connect();
		await client.query('SELECT 1');
		return true;
	} finally {
		await client.end().catch(() => {});
	}
}

it('clears a stale lock file naming a live process that is not its server, and starts', async () => {
	const dataDir = join(root, 'stale');
	const first = await startEmbeddedPostgres({ dataDir });
	await first.stop();
	// As after a reboot: the pid in the lock file now belongs to someone else (here: this very process).
	writeFileSync(join(dataDir, 'pg', 'postmaster.pid'), `${process.pid}\n${join(dataDir, 'pg')}\n0\n5432\n`);
	const again = await startEmbeddedPostgres({ dataDir });
	try {
		expect(await answers(again.url)).toBe(true);
	} finally {
		await again.stop();
	}
	expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
	expect(existsSync(join(dataDir, 'app.pid'))).toBe(false);
});

it('refuses a data folder another live app owns, naming it', async () => {
	const dataDir = join(root, 'owned');
	const first = await startEmbeddedPostgres({ dataDir });
	await first.stop();
	const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
	try {
		await new Promise((done) => other.once('spawn', done));
		writeFileSync(join(dataDir, 'app.pid'), `${other.pid}\n`);
		await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(
			`belongs to another running app (process ${other.pid})`
		);
	} finally {
		other.kill();
	}
	// Once that app is gone, the folder is free.
	await new Promise((done) => setTimeout(done, 100));
	const again = await startEmbeddedPostgres({ dataDir });
	await again.stop();
});

it('keeps the password it made, readable by its owner only', async () => {
	const dataDir = join(root, 'password');
	const first = await startEmbeddedPostgres({ dataDir });
	await first.stop();
	const second = await startEmbeddedPostgres({ dataDir });
	try {
		expect(new URL(second.url).password).toBe(new URL(first.url).password);
		expect(new URL(second.url).password).not.toBe('jiedan-local');
		const wrong = new URL(second.url);
		wrong.password = 'jiedan-local';
		await expect(answers(wrong.toString())).rejects.toThrow(/password authentication failed/);
	} finally {
		await second.stop();
	}
});
