// The device side of sync, free of browser wiring so it can be tested with fake-indexeddb.
// - enqueue: an action the user took becomes an outbox entry with a fresh mutation id, kept until the
//   server has answered it.
// - flushOutbox: sends pending entries in the order they were made, in batches. The server answers each;
//   a refusal ("taken") is an answer like any other and marks the entry done. Only a failure that may pass
//   (offline, server trouble, signed out) leaves entries pending for the next try.
// - pullChanges: asks for what changed since the stored cursor and applies it to the task cache in one
//   local transaction together with the new cursor, so a crash never leaves them out of step.
import type { SyncableMutation } from '$lib/domain/schemas/sync';
import { getMeta, setMeta, type LocalDb, type LocalFile, type OutboxEntry } from '../db';
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

export interface UploadState {
	uploadId: string;
	offset: number;
	complete: boolean;
	fileId: string | null;
}

/** The resumable upload API (upload.begin / upload.chunk / upload.status). */
export interface UploadApi {
	begin(file: { name: string; size: number; type: string; sha256: string }): Promise<UploadState>;
	chunk(form: FormData): Promise<UploadState>;
	status(uploadId: string): Promise<UploadState>;
	chunkSize: number;
}

/** Progress of the file being uploaded now, for progress bars. */
export type UploadProgress = (file: LocalFile, sent: number) => void;

/** Why sync stopped: no network, no session, server trouble, or the user paused uploads. */
export type SyncProblem = 'offline' | 'signed_out' | 'server' | 'paused';

/** Refusals: the server understood and said no; sending the same again would get the same answer. */
const REFUSAL_CODES = new Set(['BAD_REQUEST', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'PAYLOAD_TOO_LARGE']);

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
	batchSize = PUSH_BATCH,
	uploads?: { api: UploadApi; onProgress?: UploadProgress; paused?: () => boolean }
): Promise<PushResult[]> {
	const answered: PushResult[] = [];
	for (;;) {
		let batch = await pendingEntries(db, userId, batchSize);
		if (batch.length === 0) return answered;
		// An entry whose files are not all on the server yet waits for them; the entries before it go first.
		const blocked = batch.findIndex(
			(entry) => (entry.localFileIds?.length ?? 0) > 0 && !entry.args.fileIdsReady
		);
		if (blocked === 0) {
			if (!uploads) throw new SyncStopped('server');
			const refusal = await uploadEntryFiles(db, batch[0]!, uploads);
			if (refusal) answered.push(refusal);
			continue;
		}
		if (blocked > 0) batch = batch.slice(0, blocked);
		let results: PushResult[];
		try {
			({ results } = await api.push(
				batch.map(({ id, name, args, createdAt }) => ({ id, name, args: sendable(args), createdAt }))
			));
		} catch (error) {
			throw new SyncStopped(classify(error), error);
		}
		await markAnswered(db, results);
		answered.push(...results);
		// The server stopped part-way (trouble that may pass): the rest stays pending for the next try.
		if (results.length < batch.length) throw new SyncStopped('server');
	}
}

/** Arguments as the server expects them (without the device's bookkeeping). */
function sendable(args: Record<string, unknown>): Record<string, unknown> {
	const { fileIdsReady: _ready, ...rest } = args;
	return rest;
}

async function markAnswered(db: LocalDb, results: PushResult[]) {
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
}

/**
 * Uploads an entry's files one at a time, each from the offset the server confirmed, then fills in the
 * entry's fileIds. A file the server refuses (wrong type, too large) refuses the whole entry, which is
 * returned as its answer.
 */
async function uploadEntryFiles(
	db: LocalDb,
	entry: OutboxEntry,
	uploads: { api: UploadApi; onProgress?: UploadProgress; paused?: () => boolean }
): Promise<PushResult | null> {
	const fileIds: string[] = [];
	for (const localId of entry.localFileIds ?? []) {
		const file = await db.files.get(localId);
		if (!file) throw new Error(`The file ${localId} of a queued handover is missing from this device.`);
		try {
			fileIds.push(file.fileId ?? (await uploadFile(db, file, uploads)));
		} catch (error) {
			if (error instanceof SyncStopped) throw error;
			const key = (error as { data?: { key?: string | null } }).data?.key ?? 'upload_refused';
			const refusal: PushResult = {
				id: entry.id,
				status: 'rejected',
				reason: key,
				message: (error as Error).message
			};
			await markAnswered(db, [refusal]);
			return refusal;
		}
	}
	await db.outbox.update(entry.id, { args: { ...entry.args, fileIds, fileIdsReady: true } });
	return null;
}

async function uploadFile(
	db: LocalDb,
	file: LocalFile,
	{ api, onProgress, paused }: { api: UploadApi; onProgress?: UploadProgress; paused?: () => boolean }
): Promise<string> {
	if (!file.bytes) throw new Error(`The bytes of ${file.name} are no longer on this device.`);
	const fileId = await sendBytes(api, file, file.bytes, {
		paused,
		beforeChunk: (offset) => onProgress?.(file, offset),
		afterChunk: async (offset) => {
			await db.files.update(file.id, { sent: offset });
		}
	});
	onProgress?.(file, file.size);
	// Confirmed by the server: the bytes are no longer needed on the phone.
	await db.files.update(file.id, { fileId, sent: file.size, bytes: null });
	return fileId;
}

/**
 * Sends a file's bytes through the resumable upload API, chunk by chunk from the offset the server
 * confirms, and returns the stored file's id. A refusal (wrong type, too large) is thrown as the API's
 * error; a failure that may pass (no network, server trouble) as SyncStopped. Also used online, outside
 * the outbox (dispute evidence).
 */
export async function sendBytes(
	api: UploadApi,
	file: { name: string; size: number; type: string; sha256: string },
	bytes: ArrayBuffer,
	hooks: {
		paused?: (() => boolean) | undefined;
		beforeChunk?: (offset: number) => void;
		afterChunk?: (offset: number) => void | Promise<void>;
	} = {}
): Promise<string> {
	const attempt = async <T>(call: () => Promise<T>): Promise<T> => {
		try {
			return await call();
		} catch (error) {
			const code = (error as { data?: { code?: string } | null }).data?.code;
			if (code && REFUSAL_CODES.has(code)) throw error; // a refusal: the caller decides
			throw new SyncStopped(classify(error), error);
		}
	};
	let state = await attempt(() =>
		api.begin({ name: file.name, size: file.size, type: file.type, sha256: file.sha256 })
	);
	while (!state.complete) {
		// Paused between chunks: what the server confirmed stays confirmed, and resuming continues there.
		if (hooks.paused?.()) throw new SyncStopped('paused');
		hooks.beforeChunk?.(state.offset);
		const form = new FormData();
		form.set('uploadId', state.uploadId);
		form.set('offset', String(state.offset));
		form.set('chunk', new Blob([bytes.slice(state.offset, state.offset + api.chunkSize)]), 'chunk');
		try {
			state = await attempt(() => api.chunk(form));
		} catch (error) {
			// Refused for its offset (a lost answer, another tab): continue from what the server confirmed.
			if ((error as { data?: { key?: string } }).data?.key !== 'wrong_offset') throw error;
			state = await attempt(() => api.status(state.uploadId));
		}
		await hooks.afterChunk?.(state.offset);
	}
	if (!state.fileId) throw new SyncStopped('server');
	return state.fileId;
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
