// Runs sync in the browser: when (start-up, back online, tab shown, a backoff timer, Background Sync where
// the browser has it, a message from the service worker) and how much at once (one flush-and-pull at a
// time across all tabs, through a Web Lock, so one tab leads and the others follow). Its state is what
// the sync indicator shows.
import { liveQuery, type Subscription } from 'dexie';
import type { SyncableMutation } from '$lib/domain/schemas/sync';
import { getMeta, localDb, type LocalFile, type OutboxEntry } from '../db';
import { onBeforeReload } from '../lifecycle';
import { onFlushOutbox, requestOutboxSync, requestPersistentStorage } from '../pwa';
import { CHUNK_SIZE } from '$lib/domain/constants';
import { mutationId } from '../ids';
import { prepareFile, sha256Hex } from '../photos';
import { trpc } from '../trpc';
import {
	enqueue,
	flushOutbox,
	pullChanges,
	resetForUser,
	SyncStopped,
	type SyncApi,
	type SyncProblem,
	type UploadApi
} from './engine';

const api: SyncApi = {
	push: (mutations) => trpc.sync.push.mutate({ mutations }),
	pull: (cursor) => trpc.sync.pull.query({ cursor })
};

const uploadApi: UploadApi = {
	begin: (file) => trpc.upload.begin.mutate(file),
	chunk: (form) => trpc.upload.chunk.mutate(form),
	status: (uploadId) => trpc.upload.status.query({ uploadId }),
	chunkSize: CHUNK_SIZE
};

const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 5 * 60_000;
const POLL_MS = 2 * 60_000;

class SyncState {
	/** Actions waiting for the server, and how many bytes of files they still have to send. */
	pending = $state(0);
	syncing = $state(false);
	lastSyncAt = $state<Date | null>(null);
	problem = $state<SyncProblem | null>(null);
	online = $state(true);
	/** The file being uploaded now. */
	upload = $state<{ fileId: string; taskId: string; name: string; sent: number; size: number } | null>(null);
	/** The user paused uploads (to save data, say); actions queued before the paused handover still go. */
	paused = $state(false);
	/** Bytes of queued files not yet confirmed by the server. */
	bytesPending = $state(0);
}

export const syncState = new SyncState();

let userId: string | null = null;
let failures = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let running: Promise<void> | null = null;

function scheduleRetry() {
	clearTimeout(retryTimer);
	// Exponential backoff with full jitter, so a crowd of phones coming back online does not arrive at once.
	const ceiling = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** failures);
	retryTimer = setTimeout(() => void syncNow(), RETRY_MIN_MS / 2 + Math.random() * ceiling);
}

async function syncOnce(): Promise<void> {
	if (!userId) return;
	const db = localDb();
	await flushOutbox(db, api, userId, undefined, {
		api: uploadApi,
		paused: () => syncState.paused,
		onProgress: (file, sent) => {
			syncState.upload = { fileId: file.id, taskId: file.taskId, name: file.name, sent, size: file.size };
		}
	});
	syncState.upload = null;
	await pullChanges(db, api);
	syncState.lastSyncAt = (await getMeta<Date>(db, 'lastSyncAt')) ?? new Date();
}

/** Sends the outbox and pulls changes now; concurrent calls share one run. */
export function syncNow(): Promise<void> {
	running ??= (async () => {
		syncState.syncing = true;
		try {
			const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
			if (locks) await locks.request('jiedan-sync', syncOnce);
			else await syncOnce();
			syncState.problem = null;
			failures = 0;
			clearTimeout(retryTimer);
			retryTimer = setTimeout(() => void syncNow(), POLL_MS);
		} catch (error) {
			syncState.problem = error instanceof SyncStopped ? error.problem : 'server';
			failures++;
			// Signed out: nothing will work until the user signs in again, which restarts sync. Paused: until
			// the user resumes.
			if (syncState.problem !== 'signed_out' && syncState.problem !== 'paused') scheduleRetry();
		} finally {
			syncState.syncing = false;
			running = null;
		}
	})();
	return running;
}

export function pauseUploads(): void {
	syncState.paused = true;
}

export function resumeUploads(): void {
	syncState.paused = false;
	void syncNow();
}

/**
 * Queues a handover made on this device: its files are prepared (photos downscaled), hashed and stored
 * locally first, so nothing is lost if the app closes; they upload when the outbox reaches the entry.
 */
export async function queueHandover(taskId: string, report: string, files: File[]): Promise<OutboxEntry> {
	if (!userId) throw new Error('Sign in first.');
	const owner = userId;
	const db = localDb();
	const prepared: LocalFile[] = [];
	for (const file of files) {
		const ready = await prepareFile(file);
		prepared.push({
			id: mutationId(),
			userId: owner,
			taskId,
			name: ready.name.slice(0, 200),
			type: ready.type.slice(0, 100),
			size: ready.bytes.byteLength,
			sha256: await sha256Hex(ready.bytes),
			bytes: ready.bytes,
			sent: 0,
			fileId: null
		});
	}
	// Photos waiting on the phone are worth keeping through storage pressure.
	void requestPersistentStorage();
	const entry = await db.transaction('rw', db.files, db.outbox, async () => {
		await db.files.bulkAdd(prepared);
		const queued = await enqueue(db, owner, 'handover.submit', { taskId, report, fileIds: [] });
		await db.outbox.update(queued.id, { localFileIds: prepared.map((f) => f.id) });
		return { ...queued, localFileIds: prepared.map((f) => f.id) };
	});
	void syncNow();
	void requestOutboxSync();
	return entry;
}

/** Queues an action for the server and tries to send it at once. */
export async function queueAction(
	name: SyncableMutation,
	args: Record<string, unknown>
): Promise<OutboxEntry> {
	if (!userId) throw new Error('Sign in first.');
	const entry = await enqueue(localDb(), userId, name, args);
	void syncNow();
	void requestOutboxSync();
	return entry;
}

/** The outbox entries about one task, newest first, as they change. */
export function watchTaskOutbox(taskId: string, onChange: (entries: OutboxEntry[]) => void): () => void {
	const subscription: Subscription = liveQuery(() =>
		localDb().outbox.where('taskId').equals(taskId).reverse().sortBy('createdAt')
	).subscribe({ next: onChange, error: () => onChange([]) });
	return () => subscription.unsubscribe();
}

/** Local files (a queued handover's), as their upload progresses. */
export function watchFiles(ids: string[], onChange: (files: LocalFile[]) => void): () => void {
	const subscription: Subscription = liveQuery(() =>
		localDb()
			.files.bulkGet(ids)
			.then((files) => files.filter((file): file is LocalFile => !!file))
	).subscribe({ next: onChange, error: () => onChange([]) });
	return () => subscription.unsubscribe();
}

/** One outbox entry, as it goes from pending to answered. */
export function watchEntry(id: string, onChange: (entry: OutboxEntry | undefined) => void): () => void {
	const subscription: Subscription = liveQuery(() => localDb().outbox.get(id)).subscribe({
		next: onChange,
		error: () => onChange(undefined)
	});
	return () => subscription.unsubscribe();
}

/**
 * Starts syncing for the signed-in user (null: nobody, so nothing is sent). Returns a stop function.
 * Called by the root layout whenever the user changes.
 */
export function startSync(user: { id: string } | null): () => void {
	userId = user?.id ?? null;
	if (!userId) return () => {};
	const db = localDb();
	const triggers = new AbortController();
	const { signal } = triggers;
	const online = () => {
		syncState.online = navigator.onLine;
		if (navigator.onLine) void syncNow();
	};
	syncState.online = navigator.onLine;
	window.addEventListener('online', online, { signal });
	window.addEventListener('offline', online, { signal });
	document.addEventListener(
		'visibilitychange',
		() => {
			if (document.visibilityState === 'visible') void syncNow();
		},
		{ signal }
	);
	const stopFlushOnMessage = onFlushOutbox(() => void syncNow());
	const current = userId;
	const pending: Subscription = liveQuery(() =>
		db.outbox
			.where('state')
			.equals('pending')
			.filter((entry) => entry.userId === current)
			.count()
	).subscribe({ next: (count) => (syncState.pending = count) });
	const bytes: Subscription = liveQuery(() =>
		db.files
			.where('userId')
			.equals(current)
			.filter((file) => !file.fileId)
			.toArray()
	).subscribe({ next: (files) => (syncState.bytesPending = files.reduce((n, f) => n + f.size - f.sent, 0)) });
	const stopFlushBeforeReload = onBeforeReload(async () => {
		if (navigator.onLine) await syncNow();
	});
	void resetForUser(db, current)
		.then(() => getMeta<Date>(db, 'lastSyncAt'))
		.then((last) => (syncState.lastSyncAt = last ?? null))
		.then(() => syncNow());
	return () => {
		triggers.abort();
		stopFlushOnMessage();
		pending.unsubscribe();
		bytes.unsubscribe();
		stopFlushBeforeReload();
		clearTimeout(retryTimer);
		userId = null;
	};
}
