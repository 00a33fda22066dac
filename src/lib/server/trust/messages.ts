// A task's conversation between its requester, the worker holding it (or who held it when it ended) and
// admins. Anyone else is refused before anything is read. Messages are immutable; pages go from the newest
// back in time.
import type { MessageListInput, MessageSendInput } from '$lib/domain/schemas/trust';
import { messageRecipients, threadVisibleSince } from '$lib/domain/trust';
import type { Db, Tx } from '../db';
import { assertOwnsFiles } from '../access/files';
import { assertParticipant } from '../access/tasks';
import { notFound, type Actor } from '../core/actor';
import { runMutation } from '../core/mutations';
import { notify } from '../notifications/notify';
import { after, newestFirst, page } from '../core/cursor';

const messageSelect = {
	id: true,
	body: true,
	createdAt: true,
	author: { select: { id: true, displayName: true, isAdmin: true } },
	files: {
		orderBy: { position: 'asc' as const },
		select: { file: { select: { id: true, name: true, mimeType: true, size: true } } }
	}
};

type Row = {
	id: string;
	body: string;
	createdAt: Date;
	author: { id: string; displayName: string; isAdmin: boolean };
	files: { file: { id: string; name: string; mimeType: string; size: number } }[];
};

const present = (row: Row) => ({ ...row, files: row.files.map((f) => f.file) });

/** The task's parties if the actor takes part in its thread; refuses everyone else. */
async function threadOf(db: Db | Tx, actor: Actor, taskId: string) {
	const task = await db.task.findUnique({
		where: { id: taskId },
		select: { id: true, title: true, status: true, requesterId: true, claimantId: true, claimedAt: true }
	});
	if (!task) throw notFound('This task');
	assertParticipant(task, actor, 'messages');
	return task;
}

/**
 * A page of the thread in reading order (oldest first): the newest `limit` messages, or those before
 * `cursor`. `nextCursor` fetches the page of older messages, null at the start of the thread.
 */
export async function listMessages(db: Db, actor: Actor, input: MessageListInput) {
	const task = await threadOf(db, actor, input.taskId);
	const since = threadVisibleSince(task, actor);
	const rows = await db.message.findMany({
		where: {
			taskId: input.taskId,
			...(since ? { AND: [{ createdAt: { gte: since } }] } : {}),
			...after(input.cursor)
		},
		orderBy: newestFirst,
		take: input.limit + 1,
		select: messageSelect
	});
	const { items, nextCursor } = page(rows, input.limit);
	return { items: items.reverse().map(present), nextCursor };
}

export async function sendMessage(db: Db, actor: Actor, input: MessageSendInput) {
	return runMutation(db, { userId: actor.userId, name: 'message.send', input }, async (tx) => {
		const task = await threadOf(tx, actor, input.taskId);
		const fileIds = await assertOwnsFiles(
			tx,
			actor.userId,
			input.fileIds,
			'A message can only carry files you uploaded.'
		);
		const message = await tx.message.create({
			data: {
				taskId: task.id,
				authorId: actor.userId,
				body: input.body,
				files: { create: fileIds.map((fileId, position) => ({ fileId, position })) }
			},
			select: messageSelect
		});
		await notify(
			tx,
			...messageRecipients(task, actor.userId).map((userId) => ({
				userId,
				kind: 'message' as const,
				taskId: task.id,
				data: { messageId: message.id, from: message.author.displayName, title: task.title }
			}))
		);
		return present(message);
	});
}
