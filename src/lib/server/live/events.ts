// One signed-in page's server-sent event stream (GET /api/events): the user's new notifications and the
// status changes of the tasks the page watches, as the live hub hears them from PostgreSQL. Events are
// written one at a time, in the order heard. Format (docs/API.md):
//
//   retry: 5000                          reconnect hint
//   event: ready    data: {unread, tasks: [{id, status}]}        once connected (and after a resync)
//   id: <uuid>  event: notification  data: {notification, unread}    the id is the notification's
//   event: task     data: {id, status}                          a watched task was written
//   event: closed   data: {reason}      the stream ends for good: 'too_many_streams' (the user's newer
//                                       streams took its place) or 'signed_out'; do not reconnect
//   : heartbeat                                                  every 25 s
//
// A user holds at most 10 streams (in each server process); the hub checks every stream's session in one
// query per process every 25 s (live/hub.ts).
//
// Resuming (Last-Event-ID): the user's notifications from that one on are sent again first. PostgreSQL
// stamps createdAt at the start of a transaction but announces at commit, so a transaction that began a
// moment earlier can commit later: the backlog reaches back RESEND_OVERLAP_MS before the last one seen,
// and clients skip ids they already have.
import type { Db } from '../db';
import { notificationSelect, presentNotifications, unreadCount } from '../notifications/centre';
import type { LiveHub } from './hub';

export const HEARTBEAT_MS = 25_000;
export const RETRY_MS = 5_000;
const RESEND_OVERLAP_MS = 10_000;
const BACKLOG_LIMIT = 50;
const REMEMBERED_IDS = 500;

export interface EventStreamOptions {
	db: Db;
	hub: LiveHub;
	userId: string;
	/** Watched tasks (validated ids, at most 50); unknown ids are ignored. */
	taskIds: string[];
	/** The last notification id the client has (Last-Event-ID), if it is resuming. */
	lastEventId?: string | null;
	heartbeatMs?: number;
	/** The SHA-256 of the session token: the hub ends the stream once that session is gone. */
	sessionHash?: string;
}

const encoder = new TextEncoder();

/** One SSE message; data is JSON on one line (JSON.stringify escapes newlines). */
function message(event: string, data: unknown, id?: string): Uint8Array {
	return encoder.encode(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export function openEventStream(options: EventStreamOptions): ReadableStream<Uint8Array> {
	const { db, hub, userId } = options;
	let closed = false;
	let unsubscribe = () => {};
	let heartbeat: ReturnType<typeof setInterval> | undefined;
	// Everything is written through this chain, so events keep their order and never interleave.
	let chain: Promise<void> = Promise.resolve();
	/** Ids already sent on this stream (bounded), and the creation time of the newest. */
	const sent = new Set<string>();
	let newestSentAt: Date | null = null;
	let controller!: ReadableStreamDefaultController<Uint8Array>;

	const cleanup = () => {
		if (closed) return;
		closed = true;
		clearInterval(heartbeat);
		unsubscribe();
	};
	const close = () => {
		if (closed) return;
		cleanup();
		try {
			controller.close();
		} catch {
			// Already closed or cancelled by the client.
		}
	};
	const write = (chunk: Uint8Array) => {
		if (closed) return;
		try {
			controller.enqueue(chunk);
		} catch {
			cleanup();
		}
	};
	const queue = (work: () => Promise<void>) => {
		chain = chain.then(async () => {
			if (closed) return;
			try {
				await work();
			} catch (error) {
				// A failed query (the database restarting, say): end the stream; the client reconnects and
				// resumes from its last event id.
				console.warn('Live updates: an event stream failed:', (error as Error).message);
				close();
			}
		});
	};

	const remember = (id: string, createdAt: Date) => {
		sent.add(id);
		if (sent.size > REMEMBERED_IDS) sent.delete(sent.values().next().value!);
		if (!newestSentAt || createdAt > newestSentAt) newestSentAt = createdAt;
	};

	const sendNotifications = async (ids: string[] | null, since: Date | null) => {
		const rows = await db.notification.findMany({
			where: {
				userId,
				...(ids ? { id: { in: ids } } : {}),
				...(since ? { createdAt: { gte: new Date(since.getTime() - RESEND_OVERLAP_MS) } } : {})
			},
			orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
			take: BACKLOG_LIMIT,
			select: notificationSelect
		});
		const fresh = rows.filter((row) => !sent.has(row.id));
		if (fresh.length === 0) return;
		const unread = await unreadCount(db, userId);
		for (const notification of await presentNotifications(db, fresh)) {
			remember(notification.id, notification.createdAt);
			write(message('notification', { notification, unread }, notification.id));
		}
	};

	const sendReady = async (taskIds: string[]) => {
		const [unread, tasks] = await Promise.all([
			unreadCount(db, userId),
			taskIds.length
				? db.task.findMany({ where: { id: { in: taskIds } }, select: { id: true, status: true } })
				: []
		]);
		write(message('ready', { unread, tasks }));
	};

	return new ReadableStream<Uint8Array>({
		start(c) {
			controller = c;
			const openedAt = new Date();
			write(encoder.encode(`retry: ${RETRY_MS}\n\n`));
			queue(async () => {
				const existing = options.taskIds.length
					? (
							await db.task.findMany({
								where: { id: { in: options.taskIds } },
								select: { id: true }
							})
						).map((t) => t.id)
					: [];
				if (closed) return;
				// Subscribe before reading anything, so that nothing written meanwhile falls between the two.
				unsubscribe = hub.subscribe({
					userId,
					...(options.sessionHash ? { sessionHash: options.sessionHash } : {}),
					taskIds: existing,
					onNotification: (event) => queue(() => sendNotifications([event.id], null)),
					onTask: (event) =>
						queue(async () => write(message('task', { id: event.id, status: event.status }))),
					// Announcements may have been lost while the hub was reconnecting: read what changed.
					onResync: () =>
						queue(async () => {
							await sendNotifications(null, newestSentAt ?? openedAt);
							await sendReady(existing);
						}),
					// Told why (another tab took its place, signed out): the page does not reconnect on its own.
					onClose: (reason) => {
						if (reason) write(message('closed', { reason }));
						close();
					}
				});
				if (options.lastEventId) {
					const last = await db.notification.findFirst({
						where: { id: options.lastEventId, userId },
						select: { id: true, createdAt: true }
					});
					if (last) {
						remember(last.id, last.createdAt);
						await sendNotifications(null, last.createdAt);
					}
				}
				await sendReady(existing);
			});
			heartbeat = setInterval(
				() => write(encoder.encode(': heartbeat\n\n')),
				options.heartbeatMs ?? HEARTBEAT_MS
			);
		},
		cancel() {
			cleanup();
		}
	});
}
