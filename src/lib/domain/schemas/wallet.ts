import { z } from 'zod';
import { amount, id, text } from './common';

export const recordDepositInput = z.object({
	userId: id,
	amount,
	// The bank transfer's reference: recording the same reference twice has one effect.
	reference: text(3, 100)
});
