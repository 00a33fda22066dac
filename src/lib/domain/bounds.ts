// What any value from outside must satisfy before it reaches the database: PostgreSQL refuses NUL in text,
// dates outside its range and numbers outside their column's type with an error, and such an error must
// never surface as a 500. The zod schemas and every cursor parser build on these. Free of zod, so the
// client's cursor code can use them too.

/** A UUID as PostgreSQL's `uuid` type reads it (any version), in its canonical 8-4-4-4-12 form. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string =>
	typeof value === 'string' && UUID_PATTERN.test(value);

/**
 * The instants the platform deals in. Far narrower than PostgreSQL's range (4713 BC to 294276 AD) or
 * JavaScript's (±271 821 years), and wide enough for any task, filter or statement period.
 */
export const EARLIEST_INSTANT = new Date('2000-01-01T00:00:00.000Z');
export const LATEST_INSTANT = new Date('2100-01-01T00:00:00.000Z');

export const isSaneInstant = (date: Date): boolean =>
	!Number.isNaN(date.getTime()) && date >= EARLIEST_INSTANT && date <= LATEST_INSTANT;

/** An ISO 8601 instant written by `Date.toISOString`, within the platform's range; else null. */
export function parseInstant(value: unknown): Date | null {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value)) return null;
	const date = new Date(value);
	return isSaneInstant(date) ? date : null;
}

/** The largest amount in minor units (fen) the platform takes anywhere: 100 million yuan. */
export const MAX_AMOUNT = 10_000_000_000n;

/** The largest value of PostgreSQL's `bigint` (int8). */
export const INT8_MAX = 9_223_372_036_854_775_807n;

/** A decimal string of a whole number from 0 to `max`; else null. */
export function parseWholeNumber(value: unknown, max: bigint = INT8_MAX): bigint | null {
	if (typeof value !== 'string' || !/^\d{1,19}$/.test(value)) return null;
	const number = BigInt(value);
	return number <= max ? number : null;
}

/** C0 control characters and DEL: NUL breaks PostgreSQL, the rest only hide or garble what people read. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
/** The same, but for text that may hold lines: tab, line feed and carriage return are allowed. */
// eslint-disable-next-line no-control-regex -- as above
export const CONTROL_CHARACTER_BUT_LAYOUT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
