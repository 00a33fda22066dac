import { z } from 'zod';
import {
	MESSAGE_BODY_MAX,
	MESSAGE_MAX_FILES,
	RATING_COMMENT_MAX,
	RATING_MAX,
	RATING_MIN,
	VERIFICATION_MAX_FILES,
	VERIFICATION_NOTE_MAX
} from '../trust';
import { cursor, id, longText, mutationId } from './common';

export const ratingSubmitInput = z.object({
	taskId: id,
	score: z
		.number()
		.int({ error: 'A score is a whole number from 1 to 5.' })
		.min(RATING_MIN, { error: 'A score is a whole number from 1 to 5.' })
		.max(RATING_MAX, { error: 'A score is a whole number from 1 to 5.' }),
	comment: longText(0, RATING_COMMENT_MAX).optional()
});
export type RatingSubmitInput = z.infer<typeof ratingSubmitInput>;

export const profileInput = z.object({ userId: id });

export const verificationSubmitInput = z.object({
	note: longText(0, VERIFICATION_NOTE_MAX).optional(),
	fileIds: z
		.array(id)
		.min(1, { error: 'Add at least one document.' })
		.max(VERIFICATION_MAX_FILES, { error: `Add at most ${VERIFICATION_MAX_FILES} documents.` })
});
export type VerificationSubmitInput = z.infer<typeof verificationSubmitInput>;

export const VERIFICATION_STATUSES = ['PENDING', 'VERIFIED', 'REFUSED'] as const;

export const verificationsInput = z.object({ status: z.enum(VERIFICATION_STATUSES).optional() }).default({});

export const decideVerificationInput = z
	.object({
		mutationId,
		verificationId: id,
		approve: z.boolean(),
		reason: longText(0, 2000).optional()
	})
	.refine((input) => input.approve || (input.reason?.length ?? 0) >= 3, {
		error: 'Give the reason for refusing (at least 3 characters).',
		path: ['reason']
	});
export type DecideVerificationInput = z.infer<typeof decideVerificationInput>;

export const messageListInput = z.object({
	taskId: id,
	cursor: cursor(),
	limit: z.number().int().min(1).max(100).default(50)
});
export type MessageListInput = z.infer<typeof messageListInput>;

export const messageSendInput = z.object({
	mutationId,
	taskId: id,
	body: longText(1, MESSAGE_BODY_MAX),
	fileIds: z
		.array(id)
		.max(MESSAGE_MAX_FILES, { error: `A message carries at most ${MESSAGE_MAX_FILES} files.` })
		.default([])
});
export type MessageSendInput = z.infer<typeof messageSendInput>;
