// `npm start` on a fresh machine: no DATABASE_URL, so the app runs its own PostgreSQL, migrates it,
// creates the admin, and on SIGTERM stops the database cleanly.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { apiClient } from './support/api';
import { startApp } from './support/server';

const dataDir = await mkdtemp(join(tmpdir(), 'jiedan-embedded-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

it('starts with an embedded database, keeps data across restarts and stops it on SIGTERM', async () => {
	const env = {
		DATABASE_URL: '',
		DATA_DIR: dataDir,
		ADMIN_EMAIL: 'root@example.com',
		ADMIN_PASSWORD: 'root password 1'
	};
	const first = await startApp({ databaseUrl: '', env });
	const { client } = apiClient(first.baseUrl);
	const admin = await client.auth.login.mutate({ email: 'root@example.com', password: 'root password 1' });
	expect(admin.isAdmin).toBe(true);
	await client.auth.register.mutate({
		email: 'kept@example.com',
		password: 'a long password',
		displayName: 'Kept',
		kind: 'person'
	});
	const pidFile = join(dataDir, 'pg', 'postmaster.pid');
	expect(existsSync(pidFile)).toBe(true);
	const port = Number(readFileSync(pidFile, 'utf8').split('\n')[3]);
	// The password is made at first start, for this data folder only, and only its owner may read it.
	expect(statSync(join(dataDir, 'pg-password')).mode & 0o777).toBe(0o600);
	expect(readFileSync(join(dataDir, 'pg-password'), 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{32}$/);
	await first.stop();

	// PostgreSQL removes its pid file only on a clean shutdown, and no longer answers.
	expect(existsSync(pidFile)).toBe(false);
	const password = readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
	const probe = new pg.Client({ host: '127.0.0.1', port, user: 'jiedan', password, database: 'postgres' });
	await expect(probe.connect()).rejects.toThrow();

	const second = await startApp({ databaseUrl: '', env });
	try {
		const again = apiClient(second.baseUrl);
		const kept = await again.client.auth.login.mutate({
			email: 'kept@example.com',
			password: 'a long password'
		});
		expect(kept.displayName).toBe('Kept');
	} finally {
		await second.stop();
	}
});
