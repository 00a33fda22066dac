// The device side of sync, free of browser wiring so it can be tested with fake-indexeddb.
// - enqueue: an action the user took becomes an outbox entry with a fresh mutation id, kept until the
//   server has answered it.
// - flushOutbox: sends pending entries in the order they were made, in batches. The server answers each;
//   a refusal ("taken") is an answer like any other and marks the entry done. Only a failure that may pass
//   (offline, server trouble, signed out) leaves entries pending for the next try.
// - pullChanges: asks for what changed since the stored cursor and applies it to the task cache in one
//   local transaction together with the new cursor, so a crash never leaves them out of step.
import type { SyncableMutation } from '$lib/domain/schemas/sync';
import { getMeta, setMeta, type LocalDb, type OutboxEntry } from '../db';
import { mutationId } from '../ids';
import type { PushResult, TaskView } from '../types';

export interface SyncApi {
	push(
		mutations: { id: string; name: SyncableMutation; args: Record<string, unknown>; createdAt: Date }[]
	): Promise<{ results: PushResult[] }>;
	pull(
		cursor: string | undefined
	): Promise<{ upserts: TaskView[]; removals: string[]; cursor: string; more: boolean }>;
}

export type SyncProblem = 'offline' | 'signed_out' | 'server';

/** Why a sync step stopped; the entries it could not send stay pending. */
export class SyncStopped extends Error {
	constructor(
		readonly problem: SyncProblem,
		cause?: unknown
	) {
		super(`sync stopped: ${problem}`, { cause });
	}
}

/** Sorts an API failure into what the user is told and whether a retry can help. */
export function classify(error: unknown): SyncProblem {
	const data = (error as { data?: { code?: string } | null } | null)?.data;
	if (!data) return 'offline'; // no answer at all: the request never reached the server or its reply was lost
	return data.code === 'UNAUTHORIZED' ? 'signed_out' : 'server';
}

export const PUSH_BATCH = 20;

export async function enqueue(
	db: LocalDb,
	userId: string,
	name: SyncableMutation,
	args: Record<string, unknown>,
	now = new Date()
): Promise<OutboxEntry> {
	const entry: OutboxEntry = {
		id: mutationId(now.getTime()),
		userId,
		name,
		args,
		createdAt: now,
		state: 'pending',
		taskId: typeof args.taskId === 'string' ? args.taskId : null
	};
	await db.outbox.add(entry);
	return entry;
}

/** A user's pending entries, oldest first. Another account's entries wait for that account. */
export async function pendingEntries(db: LocalDb, userId: string, limit = Infinity): Promise<OutboxEntry[]> {
	const pending = await db.outbox.where('state').equals('pending').sortBy('createdAt');
	return pending.filter((entry) => entry.userId === userId).slice(0, limit);
}

/** Sends everything pending; returns the answers received. Throws SyncStopped when it cannot finish. */
export async function flushOutbox(
	db: LocalDb,
	api: SyncApi,
	userId: string,
	batchSize = PUSH_BATCH
): Promise<PushResult[]> {
	const answered: PushResult[] = [];
	for (;;) {
		const batch = await pendingEntries(db, userId, batchSize);
		if (batch.length === 0) return answered;
		let results: PushResult[];
		try {
			({ results } = await api.push(
				batch.map(({ id, name, args, createdAt }) => ({ id, name, args, createdAt }))
			));
		} catch (error) {
			throw new SyncStopped(classify(error), error);
		}
		const doneAt = new Date();
		await db.transaction('rw', db.outbox, async () => {
			for (const result of results) {
				await db.outbox.update(result.id, {
					state: 'done',
					doneAt,
					outcome:
						result.status === 'applied'
							? { status: 'applied', result: result.result }
							: { status: 'rejected', reason: result.reason, message: result.message, result: result.result }
				});
			}
		});
		answered.push(...results);
		// The server stopped part-way (trouble that may pass): the rest stays pending for the next try.
		if (results.length < batch.length) throw new SyncStopped('server');
	}
}

export async function pullChanges(db: LocalDb, api: SyncApi): Promise<{ upserts: number; removals: number }> {
	let upserts = 0;
	let removals = 0;
	for (;;) {
		const cursor = await getMeta<string>(db, 'cursor');
		let page: Awaited<ReturnType<SyncApi['pull']>>;
		try {
			page = await api.pull(cursor);
		} catch (error) {
			throw new SyncStopped(classify(error), error);
		}
		await db.transaction('rw', db.tasks, db.meta, async () => {
			if (!cursor) await db.tasks.clear(); // a first pull replaces whatever an earlier account left
			await db.tasks.bulkPut(page.upserts);
			await db.tasks.bulkDelete(page.removals);
			await setMeta(db, 'cursor', page.cursor);
			if (!page.more) await setMeta(db, 'lastSyncAt', new Date());
		});
		upserts += page.upserts.length;
		removals += page.removals.length;
		if (!page.more) return { upserts, removals };
	}
}

/**
 * Forgets the task cache and cursor when the device's account changes (their "yours" differs). The
 * outbox is kept: each entry belongs to the account that made it and is sent when that account is back.
 */
export async function resetForUser(db: LocalDb, userId: string): Promise<void> {
	if ((await getMeta<string>(db, 'userId')) === userId) return;
	await db.transaction('rw', db.tasks, db.meta, async () => {
		await db.tasks.clear();
		await db.meta.delete('cursor');
		await db.meta.delete('lastSyncAt');
		await setMeta(db, 'userId', userId);
	});
}
