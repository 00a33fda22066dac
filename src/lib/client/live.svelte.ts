// Live updates in the browser: one EventSource (GET /api/events) per tab while someone is signed in and
// the device is online. It keeps the unread count, shows new notifications as a toast, and tells open
// task pages when their task changed. Closed while offline (a stream that cannot connect only drains the
// battery) and opened again when the network returns, resuming after the last notification it had.
// Loaded on demand for signed-in users only: never part of a signed-out first load. The event source,
// the clock and the network state are injected, so it runs without a browser in tests.
import type { NotificationKind } from '$lib/domain/notifications';
import { Backoff, systemClock, type Clock } from './backoff';

/** A notification as the stream and `notification.list` give it (dates as Date). */
export interface LiveNotification {
	id: string;
	kind: NotificationKind;
	taskId: string | null;
	task: { id: string; title: string } | null;
	data: Record<string, unknown>;
	readAt: Date | null;
	createdAt: Date;
}

type Wire = Omit<LiveNotification, 'readAt' | 'createdAt'> & { readAt: string | null; createdAt: string };

export interface TaskWatch {
	/** The status the page shows now. */
	status: () => string;
	changed: () => void;
}

/** What the stream needs of EventSource. */
export interface StreamSource {
	readonly readyState: number;
	addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
	close(): void;
}

export interface LiveDeps {
	open: (url: string) => StreamSource;
	online: () => boolean;
	clock?: Clock;
	random?: () => number;
}

const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 5 * 60_000;
const TOAST_MS = 8_000;
const SEEN_LIMIT = 500;
const CLOSED = 2; // EventSource.CLOSED

/* eslint-disable svelte/prefer-svelte-reactivity -- plumbing, not state: nothing renders these */
export class LiveStream {
	#unread = $state<number | null>(null);
	#connected = $state(false);
	#toast = $state<LiveNotification | null>(null);

	#userId: string | null = null;
	#source: StreamSource | null = null;
	#lastEventId: string | null = null;
	#reopenTimer: unknown;
	#toastTimer: unknown;
	readonly #seen = new Set<string>();
	readonly #watches = new Map<string, Set<TaskWatch>>();
	readonly #listeners = new Set<(n: LiveNotification) => void>();
	readonly #deps: LiveDeps;
	readonly #clock: Clock;
	readonly #backoff: Backoff;

	constructor(deps: LiveDeps) {
		this.#deps = deps;
		this.#clock = deps.clock ?? systemClock;
		this.#backoff = new Backoff({
			minMs: RETRY_MIN_MS,
			maxMs: RETRY_MAX_MS,
			clock: this.#clock,
			random: deps.random
		});
	}

	/** Unread notifications; null until the server has said. */
	get unread() {
		return this.#unread;
	}
	get connected() {
		return this.#connected;
	}
	/** The newest notification heard live, for the toast; cleared when dismissed. */
	get toast() {
		return this.#toast;
	}

	#url(): string {
		const params: string[] = [];
		const tasks = [...this.#watches.keys()].slice(0, 50);
		if (tasks.length) params.push(`tasks=${tasks.map(encodeURIComponent).join(',')}`);
		// A new EventSource does not carry the last id itself.
		if (this.#lastEventId) params.push(`since=${encodeURIComponent(this.#lastEventId)}`);
		return params.length ? `/api/events?${params.join('&')}` : '/api/events';
	}

	#close() {
		this.#source?.close();
		this.#source = null;
		this.#connected = false;
		this.#backoff.cancel();
	}

	#open() {
		this.#close();
		if (!this.#userId || !this.#deps.online()) return;
		const es = this.#deps.open(this.#url());
		this.#source = es;
		const data = <T>(event: MessageEvent<string>) => JSON.parse(event.data) as T;
		es.addEventListener('open', () => {
			this.#backoff.reset();
			this.#connected = true;
		});
		es.addEventListener('ready', (event) => {
			const { unread, tasks } = data<{ unread: number; tasks: { id: string; status: string }[] }>(event);
			this.#unread = unread;
			// A task may have changed between the page's load and this stream: compare.
			for (const task of tasks) {
				for (const watch of this.#watches.get(task.id) ?? []) {
					if (watch.status() !== task.status) watch.changed();
				}
			}
		});
		es.addEventListener('notification', (event) => {
			const { notification, unread } = data<{ notification: Wire; unread: number }>(event);
			this.#heard(notification, unread);
		});
		es.addEventListener('task', (event) => {
			const { id } = data<{ id: string; status: string }>(event);
			for (const watch of this.#watches.get(id) ?? []) watch.changed();
		});
		// The server ended this stream for good (the user's newer tabs took its place, or the session ended):
		// wait until this tab is looked at again rather than fight the others for a stream.
		es.addEventListener('closed', () => {
			if (this.#source === es) this.#close();
		});
		es.addEventListener('error', () => {
			this.#connected = false;
			// CONNECTING: the browser retries by itself (after the server's retry hint). CLOSED: it gave up (an
			// HTTP error, e.g. signed out or the server restarting): try again later, backing off.
			if (es.readyState !== CLOSED || this.#source !== es) return;
			this.#source = null;
			this.#backoff.retryLater(() => this.#open());
		});
	}

	#heard(notification: Wire, unread: number) {
		this.#lastEventId = notification.id;
		this.#unread = unread;
		if (this.#seen.has(notification.id)) return;
		this.#seen.add(notification.id);
		if (this.#seen.size > SEEN_LIMIT) this.#seen.delete(this.#seen.values().next().value!);
		const live: LiveNotification = {
			...notification,
			readAt: notification.readAt ? new Date(notification.readAt) : null,
			createdAt: new Date(notification.createdAt)
		};
		this.#toast = live;
		this.#clock.clearTimeout(this.#toastTimer);
		this.#toastTimer = this.#clock.setTimeout(() => (this.#toast = null), TOAST_MS);
		for (const listener of this.#listeners) listener(live);
	}

	/** Reopens soon with the current watch list (several pages' changes make one reconnect). */
	#reopenSoon() {
		if (!this.#userId) return;
		this.#clock.clearTimeout(this.#reopenTimer);
		this.#reopenTimer = this.#clock.setTimeout(() => this.#open(), 50);
	}

	dismissToast(): void {
		this.#clock.clearTimeout(this.#toastTimer);
		this.#toast = null;
	}

	/** Back online: connect at once, as if nothing had failed. */
	wentOnline(): void {
		this.#backoff.reset();
		this.#open();
	}

	wentOffline(): void {
		this.#close();
	}

	/** The tab is looked at again: reconnect if the stream was closed for it. */
	lookedAt(): void {
		if (!this.#source && this.#userId) this.#open();
	}

	/** Starts live updates for a signed-in user; returns the function that stops them. */
	start(user: { id: string }): () => void {
		if (this.#userId !== user.id) {
			this.#lastEventId = null;
			this.#seen.clear();
			this.#unread = null;
		}
		this.#userId = user.id;
		this.#open();
		return () => {
			this.#userId = null;
			this.#clock.clearTimeout(this.#reopenTimer);
			this.dismissToast();
			this.#close();
		};
	}

	/** Calls `changed` whenever the task is written (status or details); returns the function that stops. */
	watchTask(taskId: string, watch: TaskWatch): () => void {
		let set = this.#watches.get(taskId);
		const isNew = !set;
		if (!set) this.#watches.set(taskId, (set = new Set()));
		set.add(watch);
		if (isNew) this.#reopenSoon();
		return () => {
			set.delete(watch);
			if (set.size === 0) this.#watches.delete(taskId);
			// Keep the stream as it is: watching a task no page shows costs nothing but a few bytes.
		};
	}

	/** Hears every new notification (the notification centre adds them to its list). */
	onNotification(listener: (n: LiveNotification) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** The notification centre marked some read: the count it got back from the server. */
	setUnread(count: number): void {
		this.#unread = count;
	}
}
/* eslint-enable svelte/prefer-svelte-reactivity */

/** The browser's stream, with the window's network and visibility events. */
export const liveStream = new LiveStream({
	open: (url) => new EventSource(url) as unknown as StreamSource,
	online: () => typeof navigator === 'undefined' || navigator.onLine !== false
});

/** Starts the browser's stream and its window triggers for a signed-in user. */
export function startLive(user: { id: string }): () => void {
	const triggers = new AbortController();
	const { signal } = triggers;
	window.addEventListener('online', () => liveStream.wentOnline(), { signal });
	window.addEventListener('offline', () => liveStream.wentOffline(), { signal });
	document.addEventListener(
		'visibilitychange',
		() => {
			if (document.visibilityState === 'visible') liveStream.lookedAt();
		},
		{ signal }
	);
	const stop = liveStream.start(user);
	return () => {
		triggers.abort();
		stop();
	};
}
