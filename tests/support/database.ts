// A private database per test file: a clone of the migrated template the globalSetup made (see
// ./postgres.ts), so test files can run in parallel without seeing each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { withDatabaseName } from './postgres';

async function admin(sql: string): Promise<void> {
	const client = new pg.Client({ connectionString: inject('databaseAdminUrl') });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

export interface TestDatabase {
	url: string;
	/** Drops the database, closing any connections still open to it. */
	drop(): Promise<void>;
}

export async function freshDatabase(): Promise<TestDatabase> {
	// Names are generated here (hex only), so interpolating them into SQL is safe.
	const name = `t_${randomBytes(6).toString('hex')}`;
	await admin(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
	return {
		url: withDatabaseName(inject('databaseAdminUrl'), name),
		drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
	};
}
