// The feed's page cursors as tokens: any cursor of any sort round-trips exactly; the token is unpadded
// base64url of the ASCII JSON [sort, key, id]; and a damaged or forged token (bad base64, not a
// three-element array, a bad id, key or distance, or another sort's cursor) is refused with the
// documented BAD_REQUEST "bad_cursor" DomainError, never a TypeError.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { INT8_MAX } from '$lib/domain/bounds';
import { decodeCursor, encodeCursor, FEED_SORTS, type FeedCursor, type FeedSort } from '$lib/domain/feed';
import { DomainError } from '$lib/domain/errors';

const SEED = 20_261_207;
const id = '0190a000-0000-7000-8000-000000000001';

const instant = fc.date({
	min: new Date('2000-01-01T00:00:00.000Z'),
	max: new Date('2100-01-01T00:00:00.000Z'),
	noInvalidDate: true
});
const cursor: fc.Arbitrary<FeedCursor> = fc.oneof(
	fc.record({ sort: fc.constant('newest' as const), createdAt: instant, id: fc.uuid() }),
	fc.record({
		sort: fc.constant('bounty' as const),
		bounty: fc.bigInt({ min: 0n, max: INT8_MAX }),
		id: fc.uuid()
	}),
	fc.record({
		sort: fc.constant('nearest' as const),
		distanceKm: fc.oneof(fc.double({ min: 0, max: 20_040, noNaN: true }).map(Math.abs), fc.constant(20_040)),
		id: fc.uuid()
	}),
	fc.record({
		sort: fc.constant('ending' as const),
		endsAt: fc.option(instant, { nil: null }),
		id: fc.uuid()
	})
);

/** The key as the token holds it. */
const keyOf = (c: FeedCursor) =>
	c.sort === 'newest'
		? c.createdAt.toISOString()
		: c.sort === 'bounty'
			? c.bounty.toString()
			: c.sort === 'nearest'
				? c.distanceKm
				: (c.endsAt?.toISOString() ?? null);

const token = (json: string) => Buffer.from(json, 'latin1').toString('base64url');
const forged = (value: unknown) => token(JSON.stringify(value));

/** The error for a token that is not one of ours. */
const notValid = expect.objectContaining({
	name: 'DomainError',
	code: 'BAD_REQUEST',
	key: 'bad_cursor',
	message: 'This page cursor is not valid.'
});

function refusal(text: string, sort: FeedSort): unknown {
	try {
		decodeCursor(text, sort);
	} catch (error) {
		expect(error).toBeInstanceOf(DomainError);
		return error;
	}
	return 'accepted';
}

describe('cursor tokens', () => {
	it('round-trip every cursor, as unpadded base64url of [sort, key, id] (property)', () => {
		fc.assert(
			fc.property(cursor, (c) => {
				const text = encodeCursor(c);
				expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
				expect(text).toBe(token(JSON.stringify([c.sort, keyOf(c), c.id])));
				expect(decodeCursor(text, c.sort)).toEqual(c);
				// The unpadded token and its padded base64 form name the same page.
				const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
				expect(decodeCursor(padded, c.sort)).toEqual(c);
			}),
			{ seed: SEED, numRuns: 500 }
		);
	});

	it('stay URL-safe whatever bytes the JSON holds', () => {
		// '>', '?' and '~' after two other characters make the base64 digits '+' and '/'.
		for (const odd of ['ab?', 'ab>', 'ab~', 'a?~?~?>>']) {
			const text = encodeCursor({ sort: 'newest', createdAt: new Date('2026-12-01T00:00:00.000Z'), id: odd });
			expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
			expect(Buffer.from(text, 'base64url').toString('latin1')).toBe(
				JSON.stringify(['newest', '2026-12-01T00:00:00.000Z', odd])
			);
		}
	});

	it('refuse a token with a character added or dropped (property)', () => {
		fc.assert(
			fc.property(cursor, fc.nat(), fc.constantFrom(...'-_+/A9g.'), fc.boolean(), (c, at, char, insert) => {
				const text = encodeCursor(c);
				const i = at % (text.length + (insert ? 1 : 0));
				const damaged = text.slice(0, i) + (insert ? char : '') + text.slice(insert ? i : i + 1);
				expect(refusal(damaged, c.sort), damaged).toEqual(notValid);
			}),
			{ seed: SEED + 1, numRuns: 500 }
		);
	});

	it('refuse forged tokens with the documented error', () => {
		for (const [text, sort] of [
			['not base64 at all!', 'newest'],
			[token('[1,2'), 'newest'],
			[forged(null), 'newest'],
			[forged(7), 'newest'],
			[forged({}), 'newest'],
			[forged({ 0: 'newest', 1: '2026-12-01T00:00:00.000Z', 2: id, length: 3 }), 'newest'],
			[forged('abc'), 'newest'],
			[forged(['newest', '2026-12-01T00:00:00.000Z']), 'newest'],
			[forged(['newest', '2026-12-01T00:00:00.000Z', id, 'extra']), 'newest'],
			[forged(['newest', '2026-12-01T00:00:00.000Z', 'not-a-uuid']), 'newest'],
			[forged(['newest', '2026-12-01', id]), 'newest'],
			[forged(['newest', '1999-12-31T23:59:59.999Z', id]), 'newest'],
			[forged(['bounty', 5, id]), 'bounty'],
			[forged(['bounty', '1.5', id]), 'bounty'],
			[forged(['ending', '', id]), 'ending'],
			[forged(['ending', 0, id]), 'ending']
		] as const) {
			expect(refusal(text, sort), `${text} as ${sort}`).toEqual(notValid);
		}
	});

	it('take any distance on earth for the nearest sort, and nothing else', () => {
		for (const distanceKm of [0, 1e-300, 20_039.999999, 20_040]) {
			expect(decodeCursor(forged(['nearest', distanceKm, id]), 'nearest')).toEqual({
				sort: 'nearest',
				distanceKm,
				id
			});
		}
		for (const key of [-1e-300, -1, 20_040.000001, '5', null, true, [5]]) {
			expect(refusal(forged(['nearest', key, id]), 'nearest'), String(key)).toEqual(notValid);
		}
		// JSON has no Infinity, but 1e999 reads as one (and JSON.stringify writes Infinity as null).
		expect(refusal(token(`["nearest",1e999,"${id}"]`), 'nearest')).toEqual(notValid);
		expect(refusal(token(`["nearest",-1e999,"${id}"]`), 'nearest')).toEqual(notValid);
	});

	it("refuse another sort's cursor with its own message", () => {
		for (const c of fc.sample(cursor, { seed: SEED + 2, numRuns: 40 })) {
			for (const other of FEED_SORTS.filter((s) => s !== c.sort)) {
				expect(refusal(encodeCursor(c), other)).toEqual(
					expect.objectContaining({
						code: 'BAD_REQUEST',
						key: 'bad_cursor',
						message: 'This page cursor belongs to another sort order: start again from the first page.'
					})
				);
			}
		}
	});
});
