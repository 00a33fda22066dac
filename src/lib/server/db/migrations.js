// @ts-check
// SQL migrations without Prisma's native engines (which cannot be downloaded here).
// - create: Prisma's own schema engine, in its wasm build, diffs the previous schema snapshot against the
//   current schema and writes `prisma/migrations/<timestamp>_<name>/migration.sql` plus a snapshot.
// - apply: runs pending migration.sql files in order, each in a transaction, recording them in Prisma's
//   `_prisma_migrations` table (same columns and sha256 checksums), so `prisma migrate deploy` agrees
//   wherever the native engine exists. An advisory lock keeps two starting servers from racing.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import pg from 'pg';

export const MIGRATIONS_DIR = resolve('prisma/migrations');
export const SCHEMA_FILE = resolve('prisma/schema.prisma');
const SNAPSHOT = 'schema.prisma';
const LOCK_ID = 72_031_855; // arbitrary, constant: the advisory lock every instance takes to migrate

/** @param {string} dir */
export function listMigrations(dir = MIGRATIONS_DIR) {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
		.map((entry) => entry.name)
		.sort();
}

/**
 * Applies pending migrations. Returns the names applied.
 * @param {string} databaseUrl
 * @param {{ dir?: string, log?: (message: string) => void }} [options]
 */
export async function applyMigrations(databaseUrl, { dir = MIGRATIONS_DIR, log = () => {} } = {}) {
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	/** @type {string[]} */
	const applied = [];
	try {
		await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
		await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
			"id" VARCHAR(36) PRIMARY KEY NOT NULL,
			"checksum" VARCHAR(64) NOT NULL,
			"finished_at" TIMESTAMPTZ,
			"migration_name" VARCHAR(255) NOT NULL,
			"logs" TEXT,
			"rolled_back_at" TIMESTAMPTZ,
			"started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
			"applied_steps_count" INTEGER NOT NULL DEFAULT 0
		)`);
		const done = await client.query(
			`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
		);
		const checksums = new Map(done.rows.map((row) => [row.migration_name, row.checksum]));
		for (const name of listMigrations(dir)) {
			const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
			const checksum = createHash('sha256').update(sql).digest('hex');
			if (checksums.has(name)) {
				if (checksums.get(name) !== checksum) {
					throw new Error(`Migration ${name} was changed after it was applied (checksum differs).`);
				}
				continue;
			}
			await client.query('BEGIN');
			try {
				// Simple-query protocol: the whole file runs as one script, so `$$` bodies survive.
				await client.query(sql);
				await client.query(
					`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
					 VALUES ($1, $2, $3, now(), now(), 1)`,
					[randomUUID(), checksum, name]
				);
				await client.query('COMMIT');
			} catch (error) {
				await client.query('ROLLBACK');
				throw new Error(`Migration ${name} failed: ${/** @type {Error} */ (error).message}`);
			}
			applied.push(name);
			log(`applied migration ${name}`);
		}
	} finally {
		await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => {});
		await client.end();
	}
	return applied;
}

/** Loads the wasm build of Prisma's schema engine (its package entry imports .wasm, which Node 20 cannot). */
async function loadSchemaEngine() {
	const require = createRequire(import.meta.url);
	const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
	/** @type {any} */ (globalThis).PRISMA_WASM_PANIC_REGISTRY ??= {
		set_message(/** @type {string} */ message) {
			throw new Error(`Prisma schema engine panicked: ${message}`);
		}
	};
	const bindings = await import(/* @vite-ignore */ bgPath);
	const wasmBytes = readFileSync(bgPath.replace(/\.js$/, '.wasm'));
	const { instance } = await WebAssembly.instantiate(wasmBytes, {
		'./schema_engine_bg.js': bindings
	});
	bindings.__wbg_set_wasm(instance.exports);
	/** @type {any} */ (instance.exports).__wbindgen_start?.();
	return bindings;
}

/**
 * Writes a new migration from the difference between the last snapshot and the current schema.
 * Returns the folder written, or null when nothing changed.
 * @param {string} databaseUrl any reachable PostgreSQL (the engine connects, but reads nothing from it)
 * @param {string} name
 */
export async function createMigration(
	databaseUrl,
	name,
	{ dir = MIGRATIONS_DIR, schemaFile = SCHEMA_FILE } = {}
) {
	if (!/^[a-z0-9_]+$/.test(name)) throw new Error('A migration name uses a-z, 0-9 and _ only.');
	const current = readFileSync(schemaFile, 'utf8');
	const previousName = listMigrations(dir).at(-1);
	const previousSnapshot = previousName ? join(dir, previousName, SNAPSHOT) : null;
	const from =
		previousSnapshot && existsSync(previousSnapshot)
			? {
					tag: 'schemaDatamodel',
					files: [{ path: 'schema.prisma', content: readFileSync(previousSnapshot, 'utf8') }]
				}
			: { tag: 'empty' };
	const engineModule = await loadSchemaEngine();
	const { PrismaPg } = await import('@prisma/adapter-pg');
	const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils');
	const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: databaseUrl }));
	const engine = await engineModule.SchemaEngine.new(
		{ datamodels: [['schema.prisma', current]] },
		() => {},
		adapter
	);
	try {
		const result = await engine.diff({
			from,
			to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: current }] },
			script: true,
			exitCode: null,
			filters: { externalTables: [], externalEnums: [] }
		});
		const sql = String(result.stdout ?? '').trim();
		if (!sql || sql === '-- This is an empty migration.') return null;
		const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
		const folder = join(dir, `${stamp}_${name}`);
		mkdirSync(folder, { recursive: true });
		writeFileSync(join(folder, 'migration.sql'), sql + '\n');
		writeFileSync(join(folder, SNAPSHOT), current);
		return folder;
	} finally {
		engine.free();
	}
}
