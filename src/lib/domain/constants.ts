// Product limits and vocabularies, free of zod so that the lightest pages can import them without
// bringing the schema library into the phone's bundle. The schemas build on these.

export const TASK_CATEGORIES = ['engineering', 'errand', 'household', 'tutoring', 'other'] as const;
export type TaskCategory = (typeof TASK_CATEGORIES)[number];
export const isTaskCategory = (value: string): value is TaskCategory =>
	(TASK_CATEGORIES as readonly string[]).includes(value);

export const USER_KINDS = ['person', 'organisation'] as const;
export const PASSWORD_MIN = 8;

export const FEED_PAGE_SIZE = 20;

/** About 256 KiB: a chunk that a slow 3G link carries in a few seconds. */
export const CHUNK_SIZE = 256 * 1024;
/** The largest chunk the server accepts (a client may send less than CHUNK_SIZE). */
export const MAX_CHUNK_SIZE = 1024 * 1024;
export const MAX_HANDOVER_FILES = 20;
