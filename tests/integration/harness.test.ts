// The test harness itself: each freshDatabase() is a separate, already migrated database.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return (await client.query<T>(sql)).rows;
	} finally {
		await client.end();
	}
}

const tableExists = async (url: string, table: string) =>
	(await query<{ found: string | null }>(url, `SELECT to_regclass('public."${table}"')::text AS found`))[0]
		?.found != null;

describe('freshDatabase', () => {
	let first: TestDatabase;
	let second: TestDatabase;

	beforeAll(async () => {
		[first, second] = await Promise.all([freshDatabase(), freshDatabase()]);
	});
	afterAll(async () => {
		await Promise.all([first?.drop(), second?.drop()]);
	});

	it('gives databases with the migrations applied', async () => {
		expect(first.url).not.toBe(second.url);
		expect(await tableExists(first.url, 'User')).toBe(true);
		expect(await tableExists(second.url, 'User')).toBe(true);
	});

	it('keeps each database to itself', async () => {
		await query(first.url, 'CREATE TABLE probe (x int); INSERT INTO probe VALUES (1)');
		expect(await query(first.url, 'SELECT x FROM probe')).toEqual([{ x: 1 }]);
		expect(await tableExists(second.url, 'probe')).toBe(false);
	});
});
