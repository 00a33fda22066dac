// The live hub: one dedicated PostgreSQL connection per server process that LISTENs on the channels the
// database triggers announce to (`jiedan_notification` for every new notification, `jiedan_task` for
// every task insert or update), and fans each announcement out to the subscribers of this process (the
// open server-sent event streams). Every instance has its own hub, so an event written through any
// instance reaches the pages open on all of them. NOTIFY is delivered at commit: nothing rolled back is
// ever heard.
//
// A dropped connection is reopened with exponential backoff; announcements made while it was down are
// lost, so after every reconnect subscribers are told to resynchronise (`onResync`) from the database.
//
// The hub also keeps streams in check: one user holds at most `maxStreamsPerUser` (a new one closes their
// oldest), and whether each stream's session still exists is asked for all streams of the process in one
// query every `sessionCheckMs`, not once per stream.
import pg from 'pg';

export const NOTIFICATION_CHANNEL = 'jiedan_notification';
export const TASK_CHANNEL = 'jiedan_task';

export interface NotificationAnnouncement {
	id: string;
	userId: string;
}
export interface TaskAnnouncement {
	id: string;
	status: string;
}

/** One open page (an SSE stream): whose notifications it wants and which tasks it watches. */
export interface LiveSubscriber {
	userId?: string;
	/** The SHA-256 of the stream's session token (the Session row's id): gone or expired ends the stream. */
	sessionHash?: string;
	taskIds?: Iterable<string>;
	onNotification?(event: NotificationAnnouncement): void;
	onTask?(event: TaskAnnouncement): void;
	/** The connection was re-established: announcements may have been missed meanwhile. */
	onResync?(): void;
	/**
	 * End the stream: the hub is shutting down (no reason: the client should reconnect, to another
	 * instance), the user opened too many streams, or the session is gone.
	 */
	onClose?(reason?: CloseReason): void;
}

export interface LiveHubOptions {
	/** First reconnect delay; doubles on every failure up to `maxBackoffMs` (with jitter). */
	minBackoffMs?: number;
	maxBackoffMs?: number;
	/** How often the idle connection is checked with a query (a silently dead socket is found this way). */
	pingMs?: number;
	/** Streams one user may hold open in this process; a new one beyond it closes their oldest. */
	maxStreamsPerUser?: number;
	/** How often all streams' sessions are checked, in one query. */
	sessionCheckMs?: number;
	log?: (message: string) => void;
}

export const MAX_STREAMS_PER_USER = 10;

export type CloseReason = 'too_many_streams' | 'signed_out';

const APPLICATION_NAME = 'jiedan-live';

export class LiveHub {
	readonly #url: string;
	readonly #minBackoff: number;
	readonly #maxBackoff: number;
	readonly #pingMs: number;
	readonly #maxPerUser: number;
	readonly #sessionCheckMs: number;
	readonly #log: (message: string) => void;
	readonly #byUser = new Map<string, Set<LiveSubscriber>>();
	readonly #bySession = new Map<string, Set<LiveSubscriber>>();
	#sessionTimer: ReturnType<typeof setInterval> | undefined;
	readonly #byTask = new Map<string, Set<LiveSubscriber>>();
	readonly #all = new Set<LiveSubscriber>();
	readonly #unsubscribers = new Map<LiveSubscriber, () => void>();
	#client: pg.Client | null = null;
	#failures = 0;
	#connectedOnce = false;
	#closed = false;
	#draining = false;
	#retryTimer: ReturnType<typeof setTimeout> | undefined;
	#pingTimer: ReturnType<typeof setInterval> | undefined;
	#connecting: Promise<void> | null = null;
	#listening = false;
	#waiters: (() => void)[] = [];

	constructor(databaseUrl: string, options: LiveHubOptions = {}) {
		this.#url = databaseUrl;
		this.#minBackoff = options.minBackoffMs ?? 500;
		this.#maxBackoff = options.maxBackoffMs ?? 30_000;
		this.#pingMs = options.pingMs ?? 30_000;
		this.#maxPerUser = options.maxStreamsPerUser ?? MAX_STREAMS_PER_USER;
		this.#sessionCheckMs = options.sessionCheckMs ?? 25_000;
		this.#log = options.log ?? ((message) => console.warn(message));
	}

	/** Opens the connection (retrying in the background on failure); resolves once it is listening. */
	start(): Promise<void> {
		if (!this.#client && !this.#connecting && !this.#closed) this.#connect();
		if (!this.#sessionTimer && !this.#closed) {
			this.#sessionTimer = setInterval(() => void this.checkSessions(), this.#sessionCheckMs);
			this.#sessionTimer.unref?.();
		}
		return this.listening();
	}

	/**
	 * Ends the streams whose session is gone or expired: one query for every stream of this process. Run on
	 * a timer; skipped while the connection is down (nothing can be asked then; streams stay open).
	 */
	async checkSessions(): Promise<number> {
		const client = this.#client;
		const hashes = [...this.#bySession.keys()];
		if (!client || !this.#listening || hashes.length === 0) return 0;
		const valid = new Set<string>();
		try {
			for (let i = 0; i < hashes.length; i += 1000) {
				const { rows } = await client.query<{ id: string }>(
					'SELECT "id" FROM "Session" WHERE "id" = ANY($1::text[]) AND "expiresAt" > now()',
					[hashes.slice(i, i + 1000)]
				);
				for (const row of rows) valid.add(row.id);
			}
		} catch (error) {
			this.#log(`Live updates: could not check sessions: ${(error as Error).message}`);
			return 0;
		}
		let ended = 0;
		for (const hash of hashes) {
			if (valid.has(hash)) continue;
			for (const subscriber of [...(this.#bySession.get(hash) ?? [])]) {
				this.#end(subscriber, 'signed_out');
				ended++;
			}
		}
		return ended;
	}

	/** Resolves when the connection is listening (at once if it already is). */
	listening(): Promise<void> {
		if (this.#listening || this.#closed) return Promise.resolve();
		return new Promise((resolve) => this.#waiters.push(resolve));
	}

	get isListening(): boolean {
		return this.#listening;
	}

	/** The PostgreSQL backend process of the listening connection (diagnostics, tests). */
	get backendPid(): number | null {
		return this.#listening ? ((this.#client as unknown as { processID?: number })?.processID ?? null) : null;
	}

	/** Adds a subscriber; returns the function that removes it. Refused (a no-op) while shutting down. */
	subscribe(subscriber: LiveSubscriber): () => void {
		if (this.#draining) {
			queueMicrotask(() => subscriber.onClose?.());
			return () => {};
		}
		const taskIds = [...new Set(subscriber.taskIds ?? [])];
		if (subscriber.userId) {
			// Sets keep insertion order: the first is the user's oldest stream.
			const mine = [...(this.#byUser.get(subscriber.userId) ?? [])];
			for (const oldest of mine.slice(0, Math.max(0, mine.length - this.#maxPerUser + 1))) {
				this.#end(oldest, 'too_many_streams');
			}
		}
		this.#all.add(subscriber);
		if (subscriber.userId) add(this.#byUser, subscriber.userId, subscriber);
		if (subscriber.sessionHash) add(this.#bySession, subscriber.sessionHash, subscriber);
		for (const id of taskIds) add(this.#byTask, id, subscriber);
		const unsubscribe = () => {
			this.#all.delete(subscriber);
			if (subscriber.userId) remove(this.#byUser, subscriber.userId, subscriber);
			if (subscriber.sessionHash) remove(this.#bySession, subscriber.sessionHash, subscriber);
			for (const id of taskIds) remove(this.#byTask, id, subscriber);
		};
		this.#unsubscribers.set(subscriber, unsubscribe);
		return () => {
			this.#unsubscribers.delete(subscriber);
			unsubscribe();
		};
	}

	/** Removes a subscriber and tells it to end its stream. */
	#end(subscriber: LiveSubscriber, reason: CloseReason): void {
		this.#unsubscribers.get(subscriber)?.();
		this.#unsubscribers.delete(subscriber);
		this.#safely(() => subscriber.onClose?.(reason));
	}

	/** How many subscribers are attached (for tests and diagnostics). */
	get size(): number {
		return this.#all.size;
	}

	/** Ends every subscriber's stream and refuses new ones: the server is shutting down. */
	drain(): void {
		this.#draining = true;
		for (const subscriber of [...this.#all]) this.#safely(() => subscriber.onClose?.());
		this.#all.clear();
		this.#byUser.clear();
		this.#bySession.clear();
		this.#byTask.clear();
		this.#unsubscribers.clear();
	}

	/** Drains, then closes the connection for good. */
	async close(): Promise<void> {
		this.drain();
		this.#closed = true;
		clearTimeout(this.#retryTimer);
		clearInterval(this.#pingTimer);
		clearInterval(this.#sessionTimer);
		for (const resolve of this.#waiters.splice(0)) resolve();
		const client = this.#client;
		this.#client = null;
		this.#listening = false;
		await this.#connecting?.catch(() => {});
		if (client) await client.end().catch(() => {});
	}

	#connect(): void {
		const client = new pg.Client({
			connectionString: this.#url,
			application_name: APPLICATION_NAME,
			keepAlive: true
		});
		this.#client = client;
		client.on('notification', (message) => this.#dispatch(message.channel, message.payload));
		// Either event means the connection is gone (`#lost` acts once per client).
		client.on('error', (error) => this.#lost(client, error));
		client.on('end', () => this.#lost(client));
		this.#connecting = (async () => {
			try {
				await client.connect();
				await client.query(`LISTEN ${NOTIFICATION_CHANNEL}`);
				await client.query(`LISTEN ${TASK_CHANNEL}`);
				if (this.#client !== client) return; // closed meanwhile
				const reconnected = this.#connectedOnce;
				this.#connectedOnce = true;
				this.#failures = 0;
				this.#listening = true;
				this.#startPing(client);
				for (const resolve of this.#waiters.splice(0)) resolve();
				if (reconnected) {
					this.#log('Live updates: reconnected to PostgreSQL.');
					for (const subscriber of [...this.#all]) this.#safely(() => subscriber.onResync?.());
				}
			} catch (error) {
				this.#lost(client, error as Error);
				client.end().catch(() => {});
			} finally {
				this.#connecting = null;
			}
		})();
	}

	#startPing(client: pg.Client): void {
		clearInterval(this.#pingTimer);
		this.#pingTimer = setInterval(() => {
			// A socket that hangs without failing would never end by itself: give up on it and reconnect.
			let timer: ReturnType<typeof setTimeout> | undefined;
			const timeout = new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error('no answer to a ping in 10 s')), 10_000);
			});
			Promise.race([client.query('SELECT 1'), timeout])
				.catch((error: Error) => {
					this.#lost(client, error);
					void client.end().catch(() => {});
				})
				.finally(() => clearTimeout(timer));
		}, this.#pingMs);
		this.#pingTimer.unref?.();
	}

	#lost(client: pg.Client, error?: Error): void {
		if (this.#client !== client || this.#closed) return;
		this.#client = null;
		this.#listening = false;
		clearInterval(this.#pingTimer);
		this.#failures++;
		const ceiling = Math.min(this.#maxBackoff, this.#minBackoff * 2 ** (this.#failures - 1));
		const delay = ceiling / 2 + (Math.random() * ceiling) / 2;
		this.#log(
			`Live updates: lost the PostgreSQL connection (${error?.message ?? 'closed'}); retrying in ${Math.round(delay)} ms.`
		);
		clearTimeout(this.#retryTimer);
		this.#retryTimer = setTimeout(() => {
			if (!this.#closed) this.#connect();
		}, delay);
		this.#retryTimer.unref?.();
	}

	#dispatch(channel: string, payload: string | undefined): void {
		let parsed: { id?: unknown; userId?: unknown; status?: unknown };
		try {
			parsed = JSON.parse(payload ?? '');
		} catch {
			return; // not ours
		}
		if (typeof parsed.id !== 'string') return;
		if (channel === NOTIFICATION_CHANNEL && typeof parsed.userId === 'string') {
			const event = { id: parsed.id, userId: parsed.userId };
			for (const s of [...(this.#byUser.get(event.userId) ?? [])])
				this.#safely(() => s.onNotification?.(event));
		} else if (channel === TASK_CHANNEL && typeof parsed.status === 'string') {
			const event = { id: parsed.id, status: parsed.status };
			for (const s of [...(this.#byTask.get(event.id) ?? [])]) this.#safely(() => s.onTask?.(event));
		}
	}

	/** One subscriber's failure must not keep the others from hearing. */
	#safely(run: () => void): void {
		try {
			run();
		} catch (error) {
			this.#log(`Live updates: a subscriber failed: ${(error as Error).message}`);
		}
	}
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
	let set = map.get(key);
	if (!set) map.set(key, (set = new Set()));
	set.add(value);
}

function remove<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
	const set = map.get(key);
	if (!set) return;
	set.delete(value);
	if (set.size === 0) map.delete(key);
}
