import { z } from 'zod';
import { MAX_HANDOVER_FILES } from '../constants';
import { id, longText, mutationId } from './common';

export { MAX_HANDOVER_FILES } from '../constants';

export const submitHandoverInput = z.object({
	mutationId,
	taskId: id,
	report: longText(1, 10_000),
	fileIds: z.array(id).max(MAX_HANDOVER_FILES).default([])
});
export type SubmitHandoverInput = z.infer<typeof submitHandoverInput>;

export const approveInput = z.object({ mutationId, handoverId: id });
export const rejectInput = z.object({ mutationId, handoverId: id, reason: longText(3, 2000) });

/** The requester's word on the handover under review (the platform still decides). */
export const confirmHandoverInput = z.object({ mutationId, taskId: id });
export const objectHandoverInput = z.object({ mutationId, taskId: id, reason: longText(3, 2000) });
