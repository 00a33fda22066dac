// What bad input the schemas and cursor parsers refuse before it can reach PostgreSQL (hostile-users
// issue): control characters, dates outside the platform's range, forged cursors, redirects off the site.
import { describe, expect, it } from 'vitest';
import {
	EARLIEST_INSTANT,
	LATEST_INSTANT,
	isSaneInstant,
	isUuid,
	parseInstant,
	parseWholeNumber
} from '$lib/domain/bounds';
import { decodeCursor as decodeFeedCursor, encodeCursor as encodeFeedCursor } from '$lib/domain/feed';
import { decodeStatementCursor, encodeStatementCursor } from '$lib/domain/statement';
import { registerInput } from '$lib/domain/schemas/auth';
import { instant, longText, text } from '$lib/domain/schemas/common';
import { feedInput, publishInput } from '$lib/domain/schemas/task';
import { statementInput, withdrawInput } from '$lib/domain/schemas/wallet';
import { decodeCursor } from '$lib/server/core/cursor';
import { safeNext } from '$lib/ui/next';

const id = '0190a000-0000-7000-8000-000000000001';
const task = {
	title: 'Carry boxes',
	description: 'Twelve boxes to the third floor.',
	category: 'errand',
	address: 'Chaoyang, Beijing',
	bounty: 5_000n
};

describe('text', () => {
	it.each(['\u0000', '\u0001', '\u0008', '\u000b', '\u001b', '\u007f', '\n', '\r', '\t'])(
		'one-line text refuses %j',
		(character) => {
			expect(text(1, 50).safeParse(`a${character}b`).success).toBe(false);
		}
	);

	it('multi-line text keeps tab, line feed and carriage return, and refuses the other controls', () => {
		expect(longText(1, 50).parse('line one\r\n\tline two')).toBe('line one\r\n\tline two');
		for (const character of ['\u0000', '\u0007', '\u000c', '\u001f', '\u007f']) {
			expect(longText(1, 50).safeParse(`a${character}b`).success).toBe(false);
		}
	});

	it('refuses NUL in every text a user types into the marketplace', () => {
		const nul = 'with \u0000 inside';
		expect(publishInput.safeParse({ ...task, title: nul }).success).toBe(false);
		expect(publishInput.safeParse({ ...task, description: nul }).success).toBe(false);
		expect(publishInput.safeParse({ ...task, address: nul }).success).toBe(false);
		expect(publishInput.safeParse({ ...task, conditions: nul }).success).toBe(false);
		expect(
			registerInput.safeParse({ email: 'a@b.cn', password: 'long enough', displayName: nul, kind: 'person' })
				.success
		).toBe(false);
		expect(withdrawInput.safeParse({ amount: 1_000n, destination: nul }).success).toBe(false);
		expect(feedInput.safeParse({ q: nul }).success).toBe(false);
	});

	it('still takes Chinese, emoji and punctuation', () => {
		expect(text(1, 50).parse(' 搬家 🚚 — “three boxes” ')).toBe('搬家 🚚 — “three boxes”');
	});
});

describe('instants', () => {
	it.each([
		['year 0', new Date('0000-01-01T00:00:00Z')],
		['year −271821', new Date(-8.64e15)],
		['year 275760', new Date(8.64e15)],
		['1999', new Date('1999-12-31T23:59:59Z')],
		['2101', new Date('2101-01-01T00:00:00Z')],
		['an invalid date', new Date(Number.NaN)]
	])('refuses %s', (_name, date) => {
		expect(instant.safeParse(date).success).toBe(false);
		expect(isSaneInstant(date)).toBe(false);
	});

	it('accepts dates in the platform’s range, in every place that takes one', () => {
		const date = new Date('2026-12-03T08:00:00Z');
		expect(instant.parse(date)).toEqual(date);
		expect(feedInput.safeParse({ startsAfter: new Date('0000-01-01') }).success).toBe(false);
		expect(statementInput.safeParse({ from: new Date(-8.64e15) }).success).toBe(false);
		expect(publishInput.safeParse({ ...task, startsAt: new Date('0000-01-01') }).success).toBe(false);
		expect(publishInput.safeParse({ ...task, startsAt: date }).success).toBe(true);
	});

	it('runs from 2000 to 2100, both ends included', () => {
		expect(EARLIEST_INSTANT.toISOString()).toBe('2000-01-01T00:00:00.000Z');
		expect(LATEST_INSTANT.toISOString()).toBe('2100-01-01T00:00:00.000Z');
		expect(isSaneInstant(new Date('2000-01-01T00:00:00.000Z'))).toBe(true);
		expect(isSaneInstant(new Date('1999-12-31T23:59:59.999Z'))).toBe(false);
		expect(isSaneInstant(new Date('2100-01-01T00:00:00.000Z'))).toBe(true);
		expect(isSaneInstant(new Date('2100-01-01T00:00:00.001Z'))).toBe(false);
		expect(parseInstant('2000-01-01T00:00:00.000Z')).toEqual(EARLIEST_INSTANT);
		expect(parseInstant('2100-01-01T00:00:00.000Z')).toEqual(LATEST_INSTANT);
		expect(parseInstant('2100-01-01T00:00:00.001Z')).toBeNull();
	});

	it('takes the whole text or nothing, and only a string', () => {
		const iso = '2026-12-03T08:00:00.000Z';
		// JavaScript's Date reads all of these as the same instant; PostgreSQL must not be handed them.
		expect(parseInstant(`${iso}\u0000`)).toBeNull();
		expect(parseInstant(`+00${iso}`)).toBeNull();
		expect(parseInstant([iso])).toBeNull();
		expect(parseInstant({ toString: () => iso })).toBeNull();
	});

	it('parses only what toISOString writes, within range', () => {
		expect(parseInstant('2026-12-03T08:00:00.000Z')).toEqual(new Date('2026-12-03T08:00:00.000Z'));
		for (const bad of [
			'0000-01-01T00:00:00.000Z',
			'2026-12-03',
			'yesterday',
			5,
			null,
			'+275760-09-13T00:00:00.000Z'
		])
			expect(parseInstant(bad)).toBeNull();
	});
});

describe('UUIDs', () => {
	it('take the canonical form in either case, whole, and only as a string', () => {
		expect(isUuid(id)).toBe(true);
		expect(isUuid(id.toUpperCase())).toBe(true);
		expect(isUuid(`x${id}`)).toBe(false);
		expect(isUuid(`${id}x`)).toBe(false);
		expect(isUuid(id.replace(/-/g, ''))).toBe(false);
		expect(isUuid([id])).toBe(false);
		expect(isUuid({ toString: () => id })).toBe(false);
		expect(isUuid(null)).toBe(false);
	});
});

describe('whole numbers', () => {
	it('stay within int8, or the bound given', () => {
		expect(parseWholeNumber('9223372036854775807')).toBe(9_223_372_036_854_775_807n);
		expect(parseWholeNumber('9223372036854775808')).toBeNull();
		expect(parseWholeNumber('9999999999999999999')).toBeNull();
		expect(parseWholeNumber('11', 10n)).toBeNull();
		for (const bad of ['-1', '1.5', '', ' 1', '1e3', 7]) expect(parseWholeNumber(bad)).toBeNull();
	});
});

describe('cursors', () => {
	const keyset = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

	it('a keyset cursor needs a real UUID and a date in range', () => {
		const good = keyset(['2026-12-03T08:00:00.000Z', id]);
		expect(decodeCursor(good)).toEqual({ createdAt: new Date('2026-12-03T08:00:00.000Z'), id });
		for (const bad of [
			keyset(['2026-12-03T08:00:00.000Z', '-'.repeat(36)]),
			keyset(['0000-01-01T00:00:00.000Z', id]),
			keyset(['2026-12-03T08:00:00.000Z', id, 'extra']),
			keyset({ createdAt: '2026-12-03T08:00:00.000Z', id }),
			'not base64 json'
		]) {
			expect(() => decodeCursor(bad)).toThrowError(expect.objectContaining({ key: 'bad_cursor' }));
		}
	});

	it('a feed cursor refuses a bounty past int8, a distance past the globe and a date out of range', () => {
		const forged = (sort: string, key: unknown) =>
			btoa(JSON.stringify([sort, key, id]))
				.replace(/\+/g, '-')
				.replace(/\//g, '_')
				.replace(/=+$/, '');
		const expectBad = (text: string, sort: 'bounty' | 'nearest' | 'newest' | 'ending') =>
			expect(() => decodeFeedCursor(text, sort)).toThrowError(expect.objectContaining({ key: 'bad_cursor' }));
		expectBad(forged('bounty', '9999999999999999999'), 'bounty');
		expectBad(forged('nearest', 1e9), 'nearest');
		expectBad(forged('newest', '0000-01-01T00:00:00.000Z'), 'newest');
		expectBad(forged('ending', '-271821-04-20T00:00:00.000Z'), 'ending');
		expectBad(btoa(JSON.stringify(['newest', '2026-12-03T08:00:00.000Z', '-'.repeat(36)])), 'newest');
		const good = encodeFeedCursor({ sort: 'bounty', bounty: 5_000n, id });
		expect(decodeFeedCursor(good, 'bounty')).toEqual({ sort: 'bounty', bounty: 5_000n, id });
	});

	it('a statement cursor is a time and a UUID, nothing else', () => {
		const at = new Date('2026-12-03T08:00:00.000Z');
		expect(decodeStatementCursor(encodeStatementCursor(at, id))).toEqual({ createdAt: at, id });
		for (const bad of [
			`${at.toISOString()}_${'-'.repeat(36)}`,
			`0000-01-01T00:00:00.000Z_${id}`,
			`${at.toISOString()}_${id}_x`
		])
			expect(decodeStatementCursor(bad)).toBeNull();
	});
});

describe('safeNext', () => {
	const origin = 'https://jiedan.example';

	it.each([
		['a tab', '/\t/evil.example'],
		['a carriage return', '/\r/evil.example'],
		['a line feed', '/\n/evil.example'],
		['a backslash', '/\\evil.example'],
		['a backslash after tab', '/\t\\evil.example'],
		['two slashes', '//evil.example'],
		['another origin', 'https://evil.example/'],
		['a scheme', 'javascript:alert(1)'],
		['nothing', ''],
		['a relative path', 'tasks']
	])('keeps %s on the site', (_name, next) => {
		const target = safeNext(next, origin);
		expect(new URL(target, origin).origin).toBe(origin);
		expect(target).toBe('/');
	});

	it('keeps an in-site path with its query and fragment, and never a character a header cannot carry', () => {
		expect(safeNext('/tasks/abc?tab=work#files', origin)).toBe('/tasks/abc?tab=work#files');
		expect(safeNext('/wallet\r\nSet-Cookie: x=1', origin)).not.toMatch(/[\r\n]/);
	});
});
