import { z } from 'zod';
import {
	DISPUTE_REASON_MAX,
	DISPUTE_REASON_MIN,
	DISPUTE_STATEMENT_MAX,
	DISPUTE_STATEMENT_MIN,
	MAX_DISPUTE_FILES
} from '../disputes';
import { MAX_AMOUNT, id, longText, mutationId } from './common';

export const openDisputeInput = z.object({
	mutationId,
	taskId: id,
	statement: longText(DISPUTE_STATEMENT_MIN, DISPUTE_STATEMENT_MAX),
	fileIds: z.array(id).max(MAX_DISPUTE_FILES).default([])
});
export type OpenDisputeInput = z.infer<typeof openDisputeInput>;

export const disputeForTaskInput = z.object({ taskId: id });

export const disputesInput = z
	.object({ status: z.enum(['OPEN', 'RESOLVED']).default('OPEN') })
	.default({ status: 'OPEN' });

export const resolveDisputeInput = z.object({
	mutationId,
	disputeId: id,
	/** The worker's part of the bounty in minor units, commission included: 0 refunds, the bounty awards. */
	workerAmount: z
		.bigint({ error: 'An amount is a whole number of minor units (bigint).' })
		.min(0n, { error: 'The worker’s part cannot be negative.' })
		.max(MAX_AMOUNT, { error: 'That amount is larger than the platform accepts.' }),
	reason: longText(DISPUTE_REASON_MIN, DISPUTE_REASON_MAX)
});
export type ResolveDisputeInput = z.infer<typeof resolveDisputeInput>;
