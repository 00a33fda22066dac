// The PostgreSQL server a test run uses: an embedded one in a private temp folder, holding a template
// database with every migration applied. Test files clone the template (see ./database.ts), which takes
// milliseconds, instead of migrating a database each.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/lib/server/db/embedded.js';
import { applyMigrations } from '../../src/lib/server/db/migrations.js';

declare module 'vitest' {
	export interface ProvidedContext {
		/** URL of the server's `postgres` database, for creating and dropping databases */
		databaseAdminUrl: string;
		/** name of the migrated template database that test databases are cloned from */
		templateDatabase: string;
	}
}

const TEMPLATE = 'jiedan_template';

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabaseName(url: string, database: string): string {
	const parsed = new URL(url);
	parsed.pathname = `/${database}`;
	return parsed.toString();
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

/** A vitest globalSetup body: starts the server, provides its URLs, and returns the teardown. */
export async function setupTestPostgres(project: TestProject): Promise<() => Promise<void>> {
	const dataDir = await mkdtemp(join(tmpdir(), 'jiedan-test-pg-'));
	try {
		const server = await startEmbeddedPostgres({ dataDir });
		try {
			await adminQuery(server.url, `CREATE DATABASE ${TEMPLATE}`);
			await applyMigrations(withDatabaseName(server.url, TEMPLATE));
			// CREATE DATABASE ... TEMPLATE fails while anyone is connected to the template; forbidding
			// connections makes sure nothing (a stray test, a tool) can hold one open.
			await adminQuery(
				server.url,
				`ALTER DATABASE ${TEMPLATE} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`
			);
		} catch (error) {
			await server.stop();
			throw error;
		}
		project.provide('databaseAdminUrl', server.url);
		project.provide('templateDatabase', TEMPLATE);
		return async () => {
			await server.stop();
			await rm(dataDir, { recursive: true, force: true });
		};
	} catch (error) {
		await rm(dataDir, { recursive: true, force: true });
		throw error;
	}
}
