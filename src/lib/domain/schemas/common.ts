import { z } from 'zod';
import {
	CONTROL_CHARACTER,
	CONTROL_CHARACTER_BUT_LAYOUT,
	EARLIEST_INSTANT,
	LATEST_INSTANT,
	MAX_AMOUNT
} from '../bounds';

export { MAX_AMOUNT };

/** Client-generated id of a state-changing call; a retry with the same id has no second effect. */
export const mutationId = z.uuid({ error: 'mutationId must be a UUID.' }).optional();

export const id = z.uuid({ error: 'This id is not valid.' });

const noControls = { error: 'Remove the control characters from this text.' };

/** One line of trimmed text (a title, a name, a reference), length counted after trimming. */
export const text = (min: number, max: number) =>
	z
		.string()
		.trim()
		.min(min)
		.max(max)
		.refine((value) => !CONTROL_CHARACTER.test(value), noControls);

/** Trimmed text that may run over several lines (a description, a report, a reason). */
export const longText = (min: number, max: number) =>
	z
		.string()
		.trim()
		.min(min)
		.max(max)
		.refine((value) => !CONTROL_CHARACTER_BUT_LAYOUT.test(value), noControls);

/** What someone types into a search box; empty means no search. */
export const searchText = (max = 100) => text(0, max);

/** An opaque page cursor handed out by the previous page; each service parses its own strictly. */
export const cursor = (max = 200) => z.string().max(max).optional();

/** A point in time the platform can store and compare: from 2000 to 2100. */
export const instant = z
	.date({ error: 'This is not a valid date.' })
	.min(EARLIEST_INSTANT, { error: 'Choose a date from the year 2000 on.' })
	.max(LATEST_INSTANT, { error: 'Choose a date before the year 2100.' });

/** An amount in minor units (fen), strictly positive and at most MAX_AMOUNT (100 million yuan). */
export const amount = z
	.bigint({ error: 'An amount is a whole number of minor units (bigint).' })
	.min(1n, { error: 'An amount must be at least 0.01.' })
	.max(MAX_AMOUNT, { error: 'That amount is larger than the platform accepts.' });
