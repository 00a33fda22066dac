// Reading notifications: the caller's own, newest first, and marking them read. Only ever the caller's
// rows: a stranger's id is not found by these queries, so it changes nothing.
import type { MarkReadInput, NotificationListInput } from '$lib/domain/schemas/notification';
import type { NotificationKind } from '$lib/domain/notifications';
import type { Actor } from '../core/actor';
import type { Db, Prisma } from '../db';
import { after, newestFirst, page } from '../core/cursor';

export const notificationSelect = {
	id: true,
	userId: true,
	kind: true,
	taskId: true,
	data: true,
	readAt: true,
	createdAt: true
} satisfies Prisma.NotificationSelect;

type Row = Prisma.NotificationGetPayload<{ select: typeof notificationSelect }>;

/** A notification as its owner sees it, with the task's (public) title for the sentence and the link. */
export async function presentNotifications(db: Db, rows: Row[]) {
	const taskIds = [...new Set(rows.flatMap((r) => (r.taskId ? [r.taskId] : [])))];
	const tasks = taskIds.length
		? await db.task.findMany({ where: { id: { in: taskIds } }, select: { id: true, title: true } })
		: [];
	const titles = new Map(tasks.map((t) => [t.id, t.title]));
	return rows.map(({ userId: _owner, ...row }) => ({
		...row,
		kind: row.kind as NotificationKind,
		data: (row.data ?? {}) as Record<string, unknown>,
		task: row.taskId && titles.has(row.taskId) ? { id: row.taskId, title: titles.get(row.taskId)! } : null
	}));
}
export type NotificationView = Awaited<ReturnType<typeof presentNotifications>>[number];

/** The caller's notifications, newest first, a page at a time (keyset on createdAt, id). */
export async function listNotifications(db: Db, actor: Actor, input: NotificationListInput) {
	const rows = await db.notification.findMany({
		where: { userId: actor.userId, ...after(input.cursor) },
		orderBy: newestFirst,
		take: input.limit + 1,
		select: notificationSelect
	});
	const { items, nextCursor } = page(rows, input.limit);
	return { items: await presentNotifications(db, items), nextCursor };
}

export const unreadCount = (db: Db, userId: string) =>
	db.notification.count({ where: { userId, readAt: null } });

/** Marks the caller's notifications read (the given ones, or all); others' ids are ignored. */
export async function markRead(db: Db, actor: Actor, input: MarkReadInput) {
	const { count } = await db.notification.updateMany({
		where: { userId: actor.userId, readAt: null, ...(input.ids ? { id: { in: input.ids } } : {}) },
		data: { readAt: new Date() }
	});
	return { marked: count, unread: await unreadCount(db, actor.userId) };
}
