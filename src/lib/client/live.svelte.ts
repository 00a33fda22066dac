// Live updates in the browser: one EventSource (GET /api/events) per tab while someone is signed in and
// the device is online. It keeps the unread count, shows new notifications as a toast, and tells open
// task pages when their task changed. Closed while offline (a stream that cannot connect only drains the
// battery) and opened again when the network returns, resuming after the last notification it had.
// Loaded on demand for signed-in users only: never part of a signed-out first load.
import type { NotificationKind } from '$lib/domain/notifications';

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

class LiveState {
	/** Unread notifications; null until the server has said. */
	unread = $state<number | null>(null);
	connected = $state(false);
	/** The newest notification heard live, for the toast; cleared when dismissed. */
	toast = $state<LiveNotification | null>(null);
}

export const liveState = new LiveState();

interface TaskWatch {
	/** The status the page shows now. */
	status: () => string;
	changed: () => void;
}

const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 5 * 60_000;
const TOAST_MS = 8_000;
const SEEN_LIMIT = 500;

/* eslint-disable svelte/prefer-svelte-reactivity -- plumbing, not state: nothing renders these */
let userId: string | null = null;
let source: EventSource | null = null;
let failures = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let reopenTimer: ReturnType<typeof setTimeout> | undefined;
let toastTimer: ReturnType<typeof setTimeout> | undefined;
let lastEventId: string | null = null;
const seen = new Set<string>();
const watches = new Map<string, Set<TaskWatch>>();
const listeners = new Set<(n: LiveNotification) => void>();
/* eslint-enable svelte/prefer-svelte-reactivity */

const online = () => typeof navigator === 'undefined' || navigator.onLine !== false;

function url(): string {
	const params: string[] = [];
	const tasks = [...watches.keys()].slice(0, 50);
	if (tasks.length) params.push(`tasks=${tasks.map(encodeURIComponent).join(',')}`);
	// A new EventSource does not carry the last id itself.
	if (lastEventId) params.push(`since=${encodeURIComponent(lastEventId)}`);
	return params.length ? `/api/events?${params.join('&')}` : '/api/events';
}

function close() {
	source?.close();
	source = null;
	liveState.connected = false;
	clearTimeout(retryTimer);
}

function open() {
	close();
	if (!userId || !online()) return;
	const es = new EventSource(url());
	source = es;
	es.addEventListener('open', () => {
		failures = 0;
		liveState.connected = true;
	});
	es.addEventListener('ready', (event) => {
		const { unread, tasks } = JSON.parse((event as MessageEvent<string>).data) as {
			unread: number;
			tasks: { id: string; status: string }[];
		};
		liveState.unread = unread;
		// A task may have changed between the page's load and this stream: compare.
		for (const task of tasks) {
			for (const watch of watches.get(task.id) ?? []) if (watch.status() !== task.status) watch.changed();
		}
	});
	es.addEventListener('notification', (event) => {
		const { notification, unread } = JSON.parse((event as MessageEvent<string>).data) as {
			notification: Wire;
			unread: number;
		};
		lastEventId = notification.id;
		liveState.unread = unread;
		if (seen.has(notification.id)) return;
		seen.add(notification.id);
		if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value!);
		const live: LiveNotification = {
			...notification,
			readAt: notification.readAt ? new Date(notification.readAt) : null,
			createdAt: new Date(notification.createdAt)
		};
		showToast(live);
		for (const listener of listeners) listener(live);
	});
	es.addEventListener('task', (event) => {
		const { id } = JSON.parse((event as MessageEvent<string>).data) as { id: string; status: string };
		for (const watch of watches.get(id) ?? []) watch.changed();
	});
	// The server ended this stream for good (the user's newer tabs took its place, or the session ended):
	// wait until this tab is looked at again rather than fight the others for a stream.
	es.addEventListener('closed', () => {
		if (source === es) close();
	});
	es.addEventListener('error', () => {
		liveState.connected = false;
		// CONNECTING: the browser retries by itself (after the server's retry hint). CLOSED: it gave up (an
		// HTTP error, e.g. signed out or the server restarting): try again later, backing off.
		if (es.readyState !== EventSource.CLOSED || source !== es) return;
		source = null;
		failures++;
		const ceiling = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** failures);
		clearTimeout(retryTimer);
		retryTimer = setTimeout(open, ceiling / 2 + (Math.random() * ceiling) / 2);
	});
}

/** Reopens soon with the current watch list (several pages' changes make one reconnect). */
function reopenSoon() {
	if (!userId) return;
	clearTimeout(reopenTimer);
	reopenTimer = setTimeout(open, 50);
}

function showToast(notification: LiveNotification) {
	liveState.toast = notification;
	clearTimeout(toastTimer);
	toastTimer = setTimeout(() => (liveState.toast = null), TOAST_MS);
}

export function dismissToast(): void {
	clearTimeout(toastTimer);
	liveState.toast = null;
}

const goOnline = () => {
	failures = 0;
	open();
};
const goOffline = () => close();
const lookedAt = () => {
	if (document.visibilityState === 'visible' && !source && userId) open();
};

/** Starts live updates for a signed-in user; returns the function that stops them. */
export function startLive(user: { id: string }): () => void {
	if (userId !== user.id) {
		lastEventId = null;
		seen.clear();
		liveState.unread = null;
	}
	userId = user.id;
	window.addEventListener('online', goOnline);
	window.addEventListener('offline', goOffline);
	document.addEventListener('visibilitychange', lookedAt);
	open();
	return () => {
		window.removeEventListener('online', goOnline);
		window.removeEventListener('offline', goOffline);
		document.removeEventListener('visibilitychange', lookedAt);
		userId = null;
		clearTimeout(reopenTimer);
		dismissToast();
		close();
	};
}

/** Calls `changed` whenever the task is written (status or details); returns the function that stops. */
export function watchTask(taskId: string, watch: TaskWatch): () => void {
	let set = watches.get(taskId);
	const isNew = !set;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- plumbing, not state
	if (!set) watches.set(taskId, (set = new Set()));
	set.add(watch);
	if (isNew) reopenSoon();
	return () => {
		set.delete(watch);
		if (set.size === 0) watches.delete(taskId);
		// Keep the stream as it is: watching a task no page shows costs nothing but a few bytes.
	};
}

/** Hears every new notification (the notification centre adds them to its list). */
export function onLiveNotification(listener: (n: LiveNotification) => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/** The notification centre marked some read: the count it got back from the server. */
export function setUnread(count: number): void {
	liveState.unread = count;
}
