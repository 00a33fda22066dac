import { z } from 'zod';

/** Client-generated id of a state-changing call; a retry with the same id has no second effect. */
export const mutationId = z.uuid({ error: 'mutationId must be a UUID.' }).optional();

export const id = z.uuid({ error: 'This id is not valid.' });

/** Trimmed text with length limits counted after trimming. */
export const text = (min: number, max: number) => z.string().trim().min(min).max(max);

/** An amount in minor units (fen), strictly positive and below a sanity cap of 100 million yuan. */
export const MAX_AMOUNT = 10_000_000_000n;
export const amount = z
	.bigint({ error: 'An amount is a whole number of minor units (bigint).' })
	.min(1n, { error: 'An amount must be at least 0.01.' })
	.max(MAX_AMOUNT, { error: 'That amount is larger than the platform accepts.' });
