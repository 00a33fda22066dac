// The notification centre: a user lists, counts and marks read their own notifications, and nobody
// else's. Notifications are written with `notify` in a transaction, as the services do.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicUser } from '$lib/server/auth/users';
import { notify, type NotificationRequest } from '$lib/server/notifications/notify';
import { createTestApp, type TestApp } from '../support/app';
import { taskInput } from '../fixtures';

let app: TestApp;
let owner: PublicUser;
let stranger: PublicUser;
let taskId: string;

const write = (...requests: NotificationRequest[]) => app.db.$transaction((tx) => notify(tx, ...requests));

beforeAll(async () => {
	app = await createTestApp();
	[owner, stranger] = [await app.user(), await app.user()];
	await app.fund(owner, 5_000n);
	taskId = (await app.as(owner).task.publish(taskInput({ bounty: 5_000n, title: 'Walk the dog' }))).id;
	// Funding told the owner about the deposit; start these tests from an empty centre.
	await app.db.notification.deleteMany({ where: { userId: owner.id } });
	// Separate transactions, so that each has its own creation time.
	for (const kind of ['claimed', 'handed_over', 'approved'] as const) {
		await write({ userId: owner.id, kind, taskId });
	}
	await write({ userId: owner.id, kind: 'deposit_confirmed', data: { amount: 5_000n, currency: 'CNY' } });
	await write({ userId: stranger.id, kind: 'paid', taskId, data: { amount: '4500' } });
});
afterAll(() => app.close());

describe('notification.list', () => {
	it('lists the caller’s own notifications, newest first, with the task’s title', async () => {
		const { items, nextCursor } = await app.as(owner).notification.list();
		expect(items.map((n) => n.kind)).toEqual(['deposit_confirmed', 'approved', 'handed_over', 'claimed']);
		expect(nextCursor).toBeNull();
		expect(items[0]).toMatchObject({ taskId: null, task: null, readAt: null, data: { amount: '5000' } });
		expect(items[3]).toMatchObject({ taskId, task: { id: taskId, title: 'Walk the dog' }, data: {} });
		expect(items[3]).not.toHaveProperty('userId');
		expect((await app.as(stranger).notification.list()).items.map((n) => n.kind)).toEqual(['paid']);
	});

	it('pages with a keyset cursor without gaps or repeats', async () => {
		const first = await app.as(owner).notification.list({ limit: 3 });
		expect(first.items).toHaveLength(3);
		expect(first.nextCursor).toEqual(expect.any(String));
		const second = await app.as(owner).notification.list({ limit: 3, cursor: first.nextCursor! });
		expect(second.items.map((n) => n.kind)).toEqual(['claimed']);
		expect(second.nextCursor).toBeNull();
	});

	it('pages through notifications written in one transaction (same creation time)', async () => {
		const user = await app.user();
		await write(
			...(['claimed', 'released', 'lapsed', 'paid', 'rated'] as const).map((kind) => ({
				userId: user.id,
				kind
			}))
		);
		const seen: string[] = [];
		let cursor: string | undefined;
		do {
			const page = await app.as(user).notification.list({ limit: 2, cursor });
			seen.push(...page.items.map((n) => n.kind));
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		expect(seen.sort()).toEqual(['claimed', 'lapsed', 'paid', 'rated', 'released']);
	});

	it('refuses a bad cursor, a bad limit and anonymous callers', async () => {
		await expect(app.as(owner).notification.list({ cursor: 'nonsense' })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		await expect(app.as(owner).notification.list({ limit: 101 })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		await expect(app.as(null).notification.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
	});
});

describe('notification.unreadCount and markRead', () => {
	it('marks the given notifications read, then all; the count follows', async () => {
		const user = await app.user();
		for (const kind of ['claimed', 'handed_over', 'approved'] as const)
			await write({ userId: user.id, kind });
		expect(await app.as(user).notification.unreadCount()).toBe(3);

		const [newest] = (await app.as(user).notification.list()).items;
		expect(await app.as(user).notification.markRead({ ids: [newest!.id] })).toEqual({ marked: 1, unread: 2 });
		// Again: already read, nothing to mark.
		expect(await app.as(user).notification.markRead({ ids: [newest!.id] })).toEqual({ marked: 0, unread: 2 });
		const items = (await app.as(user).notification.list()).items;
		expect(items.map((n) => n.readAt !== null)).toEqual([true, false, false]);

		expect(await app.as(user).notification.markRead()).toEqual({ marked: 2, unread: 0 });
		expect(await app.as(user).notification.unreadCount()).toBe(0);
	});

	it('never touches another user’s notifications, by id or by “all”', async () => {
		const theirs = (await app.as(stranger).notification.list()).items.map((n) => n.id);
		expect(theirs).toHaveLength(1);
		const before = await app.db.notification.findMany({ orderBy: { id: 'asc' } });

		expect(await app.as(owner).notification.markRead({ ids: theirs })).toEqual({ marked: 0, unread: 4 });
		expect(await app.as(owner).notification.markRead({ ids: [randomUUID()] })).toMatchObject({ marked: 0 });
		expect(await app.db.notification.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
		expect(await app.as(stranger).notification.unreadCount()).toBe(1);

		await app.as(owner).notification.markRead();
		expect(await app.as(stranger).notification.unreadCount()).toBe(1);
		expect(await app.as(owner).notification.unreadCount()).toBe(0);
	});

	it('refuses bad ids and anonymous callers, changing nothing', async () => {
		await expect(app.as(stranger).notification.markRead({ ids: ['not-a-uuid'] })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		await expect(app.as(stranger).notification.markRead({ ids: [] })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		await expect(app.as(null).notification.markRead()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
		await expect(app.as(null).notification.unreadCount()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
		expect(await app.as(stranger).notification.unreadCount()).toBe(1);
	});
});
