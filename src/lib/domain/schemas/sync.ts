import { z } from 'zod';
import { cursor, instant } from './common';

/** Procedures an offline client may queue; each is applied through the same service as its online call. */
export const SYNCABLE_MUTATIONS = [
	'task.publish',
	'task.claim',
	'task.release',
	'task.cancel',
	'handover.submit'
] as const;
export type SyncableMutation = (typeof SYNCABLE_MUTATIONS)[number];

export const MAX_PUSH_BATCH = 50;

export const pushInput = z.object({
	mutations: z
		.array(
			z.object({
				id: z.uuid(),
				name: z.enum(SYNCABLE_MUTATIONS),
				args: z.record(z.string(), z.unknown()),
				/** When the user acted, on the device's clock (kept for the record; the server decides order). */
				createdAt: instant
			})
		)
		.min(1)
		.max(MAX_PUSH_BATCH)
});
export type PushInput = z.infer<typeof pushInput>;

export const pullInput = z.object({
	cursor: cursor(4000),
	limit: z.number().int().min(1).max(500).default(200)
});
export type PullInput = z.infer<typeof pullInput>;
