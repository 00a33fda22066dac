// Live updates across server instances: two hubs (two app servers) LISTEN on the same database; what one
// connection commits reaches the subscribers of both; what rolls back reaches nobody. Then one page's
// event stream: what it is sent, resuming after an id, and closing on shutdown.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import type { PublicUser } from '$lib/server/auth/users';
import { createLucia, hashToken } from '$lib/server/auth/sessions';
import {
	LiveHub,
	MAX_STREAMS_PER_USER,
	type NotificationAnnouncement,
	type TaskAnnouncement
} from '$lib/server/live/hub';
import { openEventStream } from '$lib/server/live/events';
import { notify, type NotificationRequest } from '$lib/server/notifications/notify';
import { createTestApp, type TestApp } from '../support/app';
import { taskInput } from '../fixtures';

let app: TestApp;
let hubA: LiveHub;
let hubB: LiveHub;
const cleanups: (() => void)[] = [];

const quiet = () => {};
beforeAll(async () => {
	app = await createTestApp();
	hubA = new LiveHub(app.url, { log: quiet, minBackoffMs: 50, maxBackoffMs: 200 });
	hubB = new LiveHub(app.url, { log: quiet, minBackoffMs: 50, maxBackoffMs: 200 });
	await Promise.all([hubA.start(), hubB.start()]);
});
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});
afterAll(async () => {
	await hubA?.close();
	await hubB?.close();
	await app?.close();
});

const write = (...requests: NotificationRequest[]) => app.db.$transaction((tx) => notify(tx, ...requests));

/** Subscribes and records what arrives. */
function listen(hub: LiveHub, who: { userId?: string; taskIds?: string[] }) {
	const notifications: NotificationAnnouncement[] = [];
	const tasks: TaskAnnouncement[] = [];
	let resyncs = 0;
	cleanups.push(
		hub.subscribe({
			...who,
			onNotification: (e) => notifications.push(e),
			onTask: (e) => tasks.push(e),
			onResync: () => resyncs++
		})
	);
	return { notifications, tasks, resyncs: () => resyncs };
}

const soon = { timeout: 5_000, interval: 20 };

async function openTask() {
	const requester = await app.user();
	await app.fund(requester, 1_000n);
	const task = await app.as(requester).task.publish(taskInput({ bounty: 1_000n }));
	await settle();
	return { requester, task };
}

/**
 * Waits until both hubs have heard everything committed so far: PostgreSQL delivers announcements in
 * commit order, so once a marker written now is heard, nothing earlier can arrive late and look new.
 */
async function settle() {
	const marker = await app.user();
	const onA = listen(hubA, { userId: marker.id });
	const onB = listen(hubB, { userId: marker.id });
	await write({ userId: marker.id, kind: 'message' });
	await expect.poll(() => onA.notifications.length + onB.notifications.length, soon).toBe(2);
}

describe('the live hub across two instances', () => {
	it('delivers a notification committed through another connection to the subscribers of both hubs', async () => {
		const [user, other] = [await app.user(), await app.user()];
		const onA = listen(hubA, { userId: user.id });
		const onB = listen(hubB, { userId: user.id });
		const otherOnB = listen(hubB, { userId: other.id });

		await write({ userId: user.id, kind: 'claimed' });
		const row = await app.db.notification.findFirstOrThrow({ where: { userId: user.id } });

		await expect.poll(() => onB.notifications, soon).toEqual([{ id: row.id, userId: user.id }]);
		await expect.poll(() => onA.notifications, soon).toEqual([{ id: row.id, userId: user.id }]);
		expect(otherOnB.notifications).toEqual([]);
	});

	it('delivers a task’s changes to the subscribers watching it, on both hubs', async () => {
		const { task } = await openTask();
		const { task: unwatched } = await openTask();
		const onA = listen(hubA, { taskIds: [task.id] });
		const onB = listen(hubB, { taskIds: [task.id, task.id] });

		const worker = await app.user();
		await app.as(worker).task.claim({ taskId: task.id });
		await app.as(worker).task.claim({ taskId: unwatched.id });

		await expect.poll(() => onB.tasks, soon).toEqual([{ id: task.id, status: 'CLAIMED' }]);
		await expect.poll(() => onA.tasks, soon).toEqual([{ id: task.id, status: 'CLAIMED' }]);
		await app.as(worker).task.release({ taskId: task.id });
		await expect.poll(() => onB.tasks.map((t) => t.status), soon).toEqual(['CLAIMED', 'OPEN']);
	});

	it('never delivers a notification whose transaction rolled back', async () => {
		const user = await app.user();
		const onB = listen(hubB, { userId: user.id });

		await expect(
			app.db.$transaction(async (tx) => {
				await notify(tx, { userId: user.id, kind: 'paid' });
				throw new Error('the payout failed');
			})
		).rejects.toThrow('the payout failed');
		// Announcements arrive in commit order: once this one is heard, the rolled-back one would have been.
		await write({ userId: user.id, kind: 'rated' });
		const rated = await app.db.notification.findFirstOrThrow({ where: { userId: user.id } });
		await expect.poll(() => onB.notifications, soon).toEqual([{ id: rated.id, userId: user.id }]);
		expect(await app.db.notification.count({ where: { userId: user.id } })).toBe(1);
	});

	it('reconnects after its connection is killed, asks subscribers to resync, and hears again', async () => {
		const user = await app.user();
		const onB = listen(hubB, { userId: user.id });
		const pid = hubB.backendPid;
		expect(pid).toEqual(expect.any(Number));

		const admin = new pg.Client({ connectionString: app.url });
		await admin.connect();
		try {
			await admin.query('SELECT pg_terminate_backend($1)', [pid]);
		} finally {
			await admin.end();
		}
		await expect.poll(() => onB.resyncs(), soon).toBe(1);
		expect(hubB.backendPid).not.toBe(pid);

		await write({ userId: user.id, kind: 'message' });
		await expect.poll(() => onB.notifications.length, soon).toBe(1);
	});
});

type SseEvent = { event: string; data: unknown; id?: string };

/** Reads an SSE stream into events (comments and the retry hint are kept aside). */
function readEvents(stream: ReadableStream<Uint8Array>) {
	const events: SseEvent[] = [];
	const raw: string[] = [];
	let done = false;
	const reader = stream.getReader();
	const decoder = new TextDecoder();
	let buffer = '';
	void (async () => {
		for (;;) {
			const { value, done: finished } = await reader.read();
			if (finished) break;
			buffer += decoder.decode(value, { stream: true });
			let end: number;
			while ((end = buffer.indexOf('\n\n')) >= 0) {
				const block = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				raw.push(block);
				const fields = Object.fromEntries(
					block
						.split('\n')
						.filter((line) => !line.startsWith(':'))
						.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)])
				);
				if (fields.event)
					events.push({ event: fields.event, data: JSON.parse(fields.data ?? 'null'), id: fields.id });
			}
		}
		done = true;
	})();
	return { events, raw, isDone: () => done, cancel: () => reader.cancel() };
}

describe('an event stream (GET /api/events)', () => {
	let owner: PublicUser;
	let stranger: PublicUser;

	beforeAll(async () => {
		[owner, stranger] = [await app.user(), await app.user()];
	});

	it('says it is ready, then sends the user’s notifications and the watched tasks’ changes', async () => {
		const { task } = await openTask();
		await write({ userId: owner.id, kind: 'deposit_confirmed' });
		// Announced before the stream opens (else the stream would rightly send it as new).
		await settle();
		const stream = readEvents(
			openEventStream({ db: app.db, hub: hubB, userId: owner.id, taskIds: [task.id, crypto.randomUUID()] })
		);
		cleanups.push(() => void stream.cancel());
		await expect
			.poll(() => stream.events, soon)
			.toEqual([
				{ event: 'ready', data: { unread: 1, tasks: [{ id: task.id, status: 'OPEN' }] }, id: undefined }
			]);
		expect(stream.raw[0]).toBe('retry: 5000');

		await write({ userId: stranger.id, kind: 'paid', taskId: task.id });
		await write({ userId: owner.id, kind: 'claimed', taskId: task.id, data: { amount: 1_000n } });
		const worker = await app.user();
		await app.as(worker).task.claim({ taskId: task.id });

		await expect.poll(() => stream.events.length, soon).toBe(3);
		const claimed = await app.db.notification.findFirstOrThrow({
			where: { userId: owner.id, kind: 'claimed' }
		});
		expect(stream.events[1]).toEqual({
			event: 'notification',
			id: claimed.id,
			data: {
				unread: 2,
				notification: {
					id: claimed.id,
					kind: 'claimed',
					taskId: task.id,
					task: { id: task.id, title: task.title },
					data: { amount: '1000' },
					readAt: null,
					createdAt: claimed.createdAt.toISOString()
				}
			}
		});
		expect(stream.events[2]).toEqual({
			event: 'task',
			data: { id: task.id, status: 'CLAIMED' },
			id: undefined
		});
	});

	it('resumes after Last-Event-ID: the user’s notifications since then come first', async () => {
		const user = await app.user();
		await write({ userId: user.id, kind: 'claimed' });
		const seen = await app.db.notification.findFirstOrThrow({ where: { userId: user.id } });
		await write({ userId: user.id, kind: 'handed_over' });
		await write({ userId: stranger.id, kind: 'handed_over' });
		await write({ userId: user.id, kind: 'approved' });
		await settle();

		const stream = readEvents(
			openEventStream({ db: app.db, hub: hubA, userId: user.id, taskIds: [], lastEventId: seen.id })
		);
		cleanups.push(() => void stream.cancel());
		await expect
			.poll(() => stream.events.map((e) => e.event), soon)
			.toEqual(['notification', 'notification', 'ready']);
		expect(
			stream.events.map((e) => (e.data as { notification?: { kind: string } }).notification?.kind)
		).toEqual(['handed_over', 'approved', undefined]);
		expect(stream.events.at(-1)?.data).toEqual({ unread: 3, tasks: [] });

		// Someone else's id resumes nothing.
		const foreign = await app.db.notification.findFirstOrThrow({ where: { userId: stranger.id } });
		const other = readEvents(
			openEventStream({ db: app.db, hub: hubA, userId: user.id, taskIds: [], lastEventId: foreign.id })
		);
		cleanups.push(() => void other.cancel());
		await expect.poll(() => other.events.map((e) => e.event), soon).toEqual(['ready']);
	});

	it('sends heartbeats, and ends when the session is gone or the server shuts down', async () => {
		const hub = new LiveHub(app.url, { log: quiet });
		await hub.start();
		const auth = createLucia(app.db);
		const session = await auth.createSession(owner.id, {});
		const stream = readEvents(
			openEventStream({
				db: app.db,
				hub,
				userId: owner.id,
				taskIds: [],
				heartbeatMs: 50,
				sessionHash: hashToken(session.id)
			})
		);
		const other = readEvents(openEventStream({ db: app.db, hub, userId: stranger.id, taskIds: [] }));
		await expect.poll(() => stream.raw.filter((b) => b === ': heartbeat').length, soon).toBeGreaterThan(1);
		await expect.poll(() => hub.size, soon).toBe(2);
		// Still signed in: the check ends nothing.
		expect(await hub.checkSessions()).toBe(0);
		await auth.invalidateSession(session.id);
		expect(await hub.checkSessions()).toBe(1);
		await expect.poll(() => stream.isDone(), soon).toBe(true);
		expect(stream.events.at(-1)).toEqual({ event: 'closed', data: { reason: 'signed_out' } });

		await expect.poll(() => hub.size, soon).toBe(1);
		await hub.close();
		await expect.poll(() => other.isDone(), soon).toBe(true);
		expect(hub.size).toBe(0);
	});

	it('checks the sessions of all streams in one query, and ends an expired one', async () => {
		const hub = new LiveHub(app.url, { log: quiet });
		await hub.start();
		const auth = createLucia(app.db);
		const sessions = await Promise.all(Array.from({ length: 30 }, () => auth.createSession(owner.id, {})));
		const streams = sessions.map((session) =>
			readEvents(
				openEventStream({
					db: app.db,
					hub,
					userId: stranger.id,
					taskIds: [],
					sessionHash: hashToken(session.id)
				})
			)
		);
		await expect.poll(() => hub.size, soon).toBe(MAX_STREAMS_PER_USER);
		await app.db.session.updateMany({
			where: { id: hashToken(sessions.at(-1)!.id) },
			data: { expiresAt: new Date(Date.now() - 1_000) }
		});
		const query = vi.spyOn(pg.Client.prototype, 'query');
		expect(await hub.checkSessions()).toBe(1);
		const asked = query.mock.calls.filter(([sql]) => String(sql).includes('FROM "Session"'));
		query.mockRestore();
		// One statement for all the streams, naming each one's session.
		expect(asked).toHaveLength(1);
		expect((asked[0]![1] as string[][])[0]).toHaveLength(MAX_STREAMS_PER_USER);
		await expect.poll(() => streams.at(-1)!.isDone(), soon).toBe(true);
		await hub.close();
	});

	it(`keeps at most ${MAX_STREAMS_PER_USER} streams per user: an 11th closes the oldest, saying why`, async () => {
		const hub = new LiveHub(app.url, { log: quiet });
		await hub.start();
		const streams: ReturnType<typeof readEvents>[] = [];
		for (let i = 0; i < MAX_STREAMS_PER_USER + 1; i++) {
			streams.push(readEvents(openEventStream({ db: app.db, hub, userId: owner.id, taskIds: [] })));
			await expect.poll(() => streams[i]!.events.some((e) => e.event === 'ready'), soon).toBe(true);
		}
		await expect.poll(() => streams[0]!.isDone(), soon).toBe(true);
		expect(streams[0]!.events.at(-1)).toEqual({ event: 'closed', data: { reason: 'too_many_streams' } });
		expect(streams.slice(1).map((s) => s.isDone())).toEqual(Array(MAX_STREAMS_PER_USER).fill(false));
		expect(hub.size).toBe(MAX_STREAMS_PER_USER);
		// Someone else's streams are theirs to count.
		const theirs = readEvents(openEventStream({ db: app.db, hub, userId: stranger.id, taskIds: [] }));
		await expect.poll(() => theirs.events.some((e) => e.event === 'ready'), soon).toBe(true);
		expect(streams.slice(1).map((s) => s.isDone())).toEqual(Array(MAX_STREAMS_PER_USER).fill(false));
		await hub.close();
	});
});
