// A test instance of the server's parts on a private database: the same services and routers the app
// runs, called through tRPC's createCaller as a signed-in user, an admin or nobody.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '$lib/server/core/config';
import { createDb, type Db } from '$lib/server/db';
import { createLucia } from '$lib/server/auth/sessions';
import { register, type PublicUser } from '$lib/server/auth/users';
import { FileStorage } from '$lib/server/uploads/storage';
import type { Context } from '$lib/server/core/context';
import { createCaller } from '$lib/server/router';
import { freshDatabase } from '../../support/database';
import { taskInput } from '../fixtures';

export type Caller = ReturnType<typeof createCaller>;

export interface TestApp {
	db: Db;
	/** The private database's URL, for tests that need a second, raw connection. */
	url: string;
	config: AppConfig;
	storage: FileStorage;
	/** What a procedure receives when `user` (or nobody) calls from `address` with that device cookie. */
	context(user: PublicUser | null, address?: string, deviceToken?: string | null): Context;
	/** A caller acting as `user` (or as nobody), from `address`, with the browser's device cookie. */
	as(user: PublicUser | null, address?: string, deviceToken?: string | null): Caller;
	/** Registers a user directly (fast path for set-up). */
	user(
		overrides?: Partial<{ email: string; displayName: string; kind: 'person' | 'organisation' }>
	): Promise<PublicUser>;
	admin(): Promise<PublicUser>;
	/** Credits a user's wallet through the admin deposit procedure. */
	fund(user: PublicUser, amount: bigint): Promise<void>;
	/** A new requester (funded with `fund`, the bounty by default) publishes a task a new worker claims. */
	claimedTask(options: { bounty: bigint; fund?: bigint }): Promise<{
		requester: PublicUser;
		worker: PublicUser;
		task: Awaited<ReturnType<Caller['task']['publish']>>;
	}>;
	close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
	const database = await freshDatabase();
	const dataDir = await mkdtemp(join(tmpdir(), 'jiedan-test-files-'));
	// Tests pay with the sandbox's test money unless they say otherwise.
	const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: database.url, PAYMENT_SANDBOX: 'on', ...env });
	// Enough connections for the concurrency tests: 40 claims must truly race, not queue in the pool.
	const db = createDb(database.url, 50);
	const storage = new FileStorage(config.uploadDir);
	const auth = createLucia(db);
	let adminUser: PublicUser | undefined;

	const context = (
		user: PublicUser | null,
		address = '203.0.113.7',
		deviceToken: string | null = null
	): Context => ({
		db,
		config,
		storage,
		auth,
		user,
		sessionId: null,
		clientAddress: address,
		deviceToken,
		cookies: { set() {}, clear() {}, setDevice() {} }
	});
	const as = (user: PublicUser | null, address?: string, deviceToken?: string | null): Caller =>
		createCaller(context(user, address, deviceToken));

	const user: TestApp['user'] = (overrides = {}) =>
		register(
			db,
			{
				email: overrides.email ?? `user-${randomUUID()}@example.com`,
				password: 'correct horse battery',
				displayName: overrides.displayName ?? 'Test user',
				kind: overrides.kind ?? 'person'
			},
			config.currency
		);

	const admin = async () => {
		if (!adminUser) {
			const created = await user({ displayName: 'Admin' });
			await db.user.update({ where: { id: created.id }, data: { isAdmin: true } });
			adminUser = { ...created, isAdmin: true };
		}
		return adminUser;
	};

	const fund: TestApp['fund'] = async (target, amount) => {
		await as(await admin()).admin.recordDeposit({
			userId: target.id,
			amount,
			reference: `test-${randomUUID()}`
		});
	};

	return {
		db,
		url: database.url,
		config,
		storage,
		context,
		as,
		user,
		admin,
		fund,
		async claimedTask({ bounty, fund: funds = bounty }) {
			const requester = await user();
			const worker = await user();
			await fund(requester, funds);
			const task = await as(requester).task.publish(taskInput({ bounty }));
			const claimed = await as(worker).task.claim({ taskId: task.id });
			if (claimed.status !== 'claimed') throw new Error(`Set-up claim refused: ${claimed.message}`);
			return { requester, worker, task };
		},
		async close() {
			await db.$disconnect();
			await database.drop();
			await rm(dataDir, { recursive: true, force: true });
		}
	};
}
