// The device's own store (IndexedDB through Dexie): the tasks a worker can see, the outbox of actions
// waiting for the server, and small facts such as the sync cursor and who is signed in. Loaded lazily:
// the feed's first paint needs none of it.
import Dexie, { type EntityTable } from 'dexie';
import type { SyncableMutation } from '$lib/domain/schemas/sync';
import type { TaskView } from './types';

export interface OutboxEntry {
	/** The mutationId: the server applies it once, however often it is sent. */
	id: string;
	/** Who made it: it is sent only with that account's session. */
	userId: string;
	name: SyncableMutation;
	args: Record<string, unknown>;
	createdAt: Date;
	state: 'pending' | 'done';
	/** For a claim or a handover: the task it is about, so task pages can show "pending". */
	taskId: string | null;
	outcome?: { status: 'applied' | 'rejected'; reason?: string; message?: string; result?: unknown };
	doneAt?: Date;
	/** Files made on this device that must be uploaded before the entry can be sent (a handover's photos). */
	localFileIds?: string[];
}

/**
 * A file waiting to be uploaded, kept as an ArrayBuffer (Blobs in IndexedDB are unreliable on iOS) until
 * the server has confirmed it; then only its server id is kept.
 */
export interface LocalFile {
	id: string;
	userId: string;
	taskId: string;
	name: string;
	type: string;
	size: number;
	sha256: string;
	bytes: ArrayBuffer | null;
	/** Bytes the server has confirmed so far. */
	sent: number;
	fileId: string | null;
}

export interface MetaEntry {
	key: string;
	value: unknown;
}

export type LocalDb = Dexie & {
	tasks: EntityTable<TaskView, 'id'>;
	outbox: EntityTable<OutboxEntry, 'id'>;
	meta: EntityTable<MetaEntry, 'key'>;
	files: EntityTable<LocalFile, 'id'>;
};

export function openLocalDb(name = 'jiedan'): LocalDb {
	const db = new Dexie(name) as LocalDb;
	db.version(1).stores({
		tasks: 'id, status, createdAt',
		outbox: 'id, state, createdAt, taskId, userId',
		meta: 'key'
	});
	db.version(2).stores({ files: 'id, taskId, userId' });
	// Another tab opened a newer version of this database (after an app update): let it upgrade, and have
	// this old tab reload into the new code rather than block it.
	db.on('versionchange', () => {
		db.close();
		if (typeof location !== 'undefined') location.reload();
		return false;
	});
	return db;
}

let shared: LocalDb | undefined;
export const localDb = (): LocalDb => (shared ??= openLocalDb());

export async function getMeta<T>(db: LocalDb, key: string): Promise<T | undefined> {
	return (await db.meta.get(key))?.value as T | undefined;
}

export async function setMeta(db: LocalDb, key: string, value: unknown): Promise<void> {
	await db.meta.put({ key, value });
}
