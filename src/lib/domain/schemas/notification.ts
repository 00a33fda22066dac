import { z } from 'zod';
import { cursor, id } from './common';

export const notificationListInput = z
	.object({
		cursor: cursor(),
		limit: z.number().int().min(1).max(100).default(20)
	})
	.default({ limit: 20 });
export type NotificationListInput = z.infer<typeof notificationListInput>;

export const markReadInput = z
	.object({
		// None given: all of the caller's unread notifications.
		ids: z.array(id).min(1).max(500).optional()
	})
	.default({});
export type MarkReadInput = z.infer<typeof markReadInput>;

/** Tasks an open page watches over the live stream (`/api/events?tasks=…`). */
export const MAX_WATCHED_TASKS = 50;
export const watchedTasks = z.array(id).max(MAX_WATCHED_TASKS, {
	error: `Watch at most ${MAX_WATCHED_TASKS} tasks at once.`
});
