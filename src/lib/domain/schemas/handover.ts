import { z } from 'zod';
import { id, mutationId, text } from './common';

export const MAX_HANDOVER_FILES = 20;

export const submitHandoverInput = z.object({
	mutationId,
	taskId: id,
	report: text(1, 10_000),
	fileIds: z.array(id).max(MAX_HANDOVER_FILES).default([])
});
export type SubmitHandoverInput = z.infer<typeof submitHandoverInput>;

export const approveInput = z.object({ mutationId, handoverId: id });
export const rejectInput = z.object({ mutationId, handoverId: id, reason: text(3, 2000) });
