// Runs sync in the browser: when (start-up, back online, tab shown, a backoff timer, Background Sync where
// the browser has it, a message from the service worker) and how much at once (one flush-and-pull at a
// time across all tabs, through a Web Lock, so one tab leads and the others follow). Its state is what
// the sync indicator shows. The API, the local database, the clock and the lock are injected, so a unit
// test drives the runner without a browser (tests/unit/sync-runner.test.ts).
import { liveQuery, type Subscription } from 'dexie';
import type { SyncableMutation } from '$lib/domain/schemas/sync';
import { CHUNK_SIZE } from '$lib/domain/constants';
import { Backoff, systemClock, type Clock } from '../backoff';
import { getMeta, localDb, type LocalDb, type LocalFile, type OutboxEntry } from '../db';
import { mutationId } from '../ids';
import { onBeforeReload } from '../lifecycle';
import { prepareFile, sha256Hex } from '../photos';
import { onFlushOutbox, requestOutboxSync, requestPersistentStorage } from '../pwa';
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

export const RETRY_MIN_MS = 2_000;
export const RETRY_MAX_MS = 5 * 60_000;
export const POLL_MS = 2 * 60_000;

export interface RunnerDeps {
	api: SyncApi;
	uploads: UploadApi;
	db: () => LocalDb;
	clock?: Clock;
	random?: () => number;
	/** Runs one sync exclusively across the device's tabs (a Web Lock where there is one). */
	exclusive?: (run: () => Promise<void>) => Promise<void>;
	/** Asks the browser to sync in the background once something is queued. */
	onQueued?: () => void;
}

export interface UploadNow {
	fileId: string;
	taskId: string;
	name: string;
	sent: number;
	size: number;
}

export class SyncRunner {
	#pending = $state(0);
	#syncing = $state(false);
	#lastSyncAt = $state<Date | null>(null);
	#problem = $state<SyncProblem | null>(null);
	#online = $state(true);
	#upload = $state<UploadNow | null>(null);
	#paused = $state(false);
	#bytesPending = $state(0);

	#userId: string | null = null;
	#running: Promise<void> | null = null;
	readonly #deps: RunnerDeps;
	readonly #backoff: Backoff;

	constructor(deps: RunnerDeps) {
		this.#deps = deps;
		this.#backoff = new Backoff({ minMs: RETRY_MIN_MS, maxMs: RETRY_MAX_MS, ...deps });
	}

	/** Actions waiting for the server. */
	get pending() {
		return this.#pending;
	}
	get syncing() {
		return this.#syncing;
	}
	get lastSyncAt() {
		return this.#lastSyncAt;
	}
	get problem() {
		return this.#problem;
	}
	get online() {
		return this.#online;
	}
	/** The file being uploaded now. */
	get upload() {
		return this.#upload;
	}
	/** The user paused uploads (to save data, say); actions queued before the paused handover still go. */
	get paused() {
		return this.#paused;
	}
	/** Bytes of queued files not yet confirmed by the server. */
	get bytesPending() {
		return this.#bytesPending;
	}

	/** Sends the outbox and pulls changes now; concurrent calls share one run. */
	syncNow(): Promise<void> {
		this.#running ??= this.#run();
		return this.#running;
	}

	async #run(): Promise<void> {
		this.#syncing = true;
		try {
			const exclusive = this.#deps.exclusive ?? ((run) => run());
			await exclusive(() => this.#syncOnce());
			this.#problem = null;
			this.#backoff.reset();
			this.#backoff.schedule(() => void this.syncNow(), POLL_MS);
		} catch (error) {
			this.#problem = error instanceof SyncStopped ? error.problem : 'server';
			// Signed out: nothing will work until the user signs in again, which restarts sync. Paused: until
			// the user resumes.
			if (this.#problem === 'signed_out' || this.#problem === 'paused') this.#backoff.cancel();
			else this.#backoff.retryLater(() => void this.syncNow());
		} finally {
			this.#syncing = false;
			this.#running = null;
		}
	}

	async #syncOnce(): Promise<void> {
		if (!this.#userId) return;
		const db = this.#deps.db();
		await flushOutbox(db, this.#deps.api, this.#userId, undefined, {
			api: this.#deps.uploads,
			paused: () => this.#paused,
			onProgress: (file, sent) => {
				this.#upload = { fileId: file.id, taskId: file.taskId, name: file.name, sent, size: file.size };
			}
		});
		this.#upload = null;
		await pullChanges(db, this.#deps.api);
		const now = (this.#deps.clock ?? systemClock).now();
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never mutated
		const fallback = new Date(now);
		this.#lastSyncAt = (await getMeta<Date>(db, 'lastSyncAt')) ?? fallback;
	}

	pauseUploads(): void {
		this.#paused = true;
	}

	resumeUploads(): void {
		this.#paused = false;
		void this.syncNow();
	}

	/** Queues an action for the server and tries to send it at once. */
	async queueAction(name: SyncableMutation, args: Record<string, unknown>): Promise<OutboxEntry> {
		const entry = await enqueue(this.#deps.db(), this.#owner(), name, args);
		this.#queued();
		return entry;
	}

	/**
	 * Queues a handover made on this device: its files are prepared (photos downscaled), hashed and stored
	 * locally first, so nothing is lost if the app closes; they upload when the outbox reaches the entry.
	 */
	async queueHandover(taskId: string, report: string, files: File[]): Promise<OutboxEntry> {
		const owner = this.#owner();
		const db = this.#deps.db();
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
		const localFileIds = prepared.map((f) => f.id);
		const entry = await db.transaction('rw', db.files, db.outbox, async () => {
			await db.files.bulkAdd(prepared);
			const queued = await enqueue(db, owner, 'handover.submit', { taskId, report, fileIds: [] });
			await db.outbox.update(queued.id, { localFileIds });
			return { ...queued, localFileIds };
		});
		this.#queued();
		return entry;
	}

	#owner(): string {
		if (!this.#userId) throw new Error('Sign in first.');
		return this.#userId;
	}

	#queued() {
		void this.syncNow();
		this.#deps.onQueued?.();
	}

	/**
	 * Starts syncing for the signed-in user (null: nobody, so nothing is sent) and returns a stop function.
	 * `browser` false starts only the runner itself (no window events or Dexie subscriptions): for tests.
	 */
	start(user: { id: string } | null, browser = true): () => void {
		this.#userId = user?.id ?? null;
		const current = this.#userId;
		if (!current) return () => {};
		const db = this.#deps.db();
		const stops = browser ? this.#watchBrowser(db, current) : [];
		void resetForUser(db, current)
			.then(() => getMeta<Date>(db, 'lastSyncAt'))
			.then((last) => (this.#lastSyncAt = last ?? null))
			.then(() => this.syncNow());
		return () => {
			for (const stop of stops) stop();
			this.#backoff.cancel();
			this.#userId = null;
		};
	}

	/** The triggers and the counts a browser gives: network, visibility, the service worker, Dexie. */
	#watchBrowser(db: LocalDb, current: string): (() => void)[] {
		const triggers = new AbortController();
		const { signal } = triggers;
		const online = () => {
			this.#online = navigator.onLine;
			if (navigator.onLine) void this.syncNow();
		};
		this.#online = navigator.onLine;
		window.addEventListener('online', online, { signal });
		window.addEventListener('offline', online, { signal });
		document.addEventListener(
			'visibilitychange',
			() => {
				if (document.visibilityState === 'visible') void this.syncNow();
			},
			{ signal }
		);
		const pending: Subscription = liveQuery(() =>
			db.outbox
				.where('state')
				.equals('pending')
				.filter((entry) => entry.userId === current)
				.count()
		).subscribe({ next: (count) => (this.#pending = count) });
		const bytes: Subscription = liveQuery(() =>
			db.files
				.where('userId')
				.equals(current)
				.filter((file) => !file.fileId)
				.toArray()
		).subscribe({ next: (files) => (this.#bytesPending = files.reduce((n, f) => n + f.size - f.sent, 0)) });
		return [
			() => triggers.abort(),
			onFlushOutbox(() => void this.syncNow()),
			() => pending.unsubscribe(),
			() => bytes.unsubscribe(),
			onBeforeReload(async () => {
				if (navigator.onLine) await this.syncNow();
			})
		];
	}
}

/** The browser's runner: the real API, the device's database, one sync at a time across tabs. */
export const syncRunner = new SyncRunner({
	api: {
		push: (mutations) => trpc.sync.push.mutate({ mutations }),
		pull: (cursor) => trpc.sync.pull.query({ cursor })
	},
	uploads: {
		begin: (file) => trpc.upload.begin.mutate(file),
		chunk: (form) => trpc.upload.chunk.mutate(form),
		status: (uploadId) => trpc.upload.status.query({ uploadId }),
		chunkSize: CHUNK_SIZE
	},
	db: localDb,
	exclusive: async (run) => {
		const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
		if (locks) await locks.request('jiedan-sync', run);
		else await run();
	},
	onQueued: () => void requestOutboxSync()
});
