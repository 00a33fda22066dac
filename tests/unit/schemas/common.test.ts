// Checks the shared building blocks of the schemas: ids, text, cursors, instants and amounts.
import { describe, expect, it } from 'vitest';
import {
	amount,
	cursor,
	id,
	instant,
	longText,
	MAX_AMOUNT,
	mutationId,
	searchText,
	text
} from '$lib/domain/schemas/common';
import { refusal, uuid } from './support';

const noControls = 'Remove the control characters from this text.';

describe('mutationId and id', () => {
	it('accepts a UUID or nothing as mutationId', () => {
		expect(mutationId.parse(uuid)).toBe(uuid);
		expect(mutationId.parse(undefined)).toBeUndefined();
	});

	it('names the mutationId in its error', () => {
		expect(refusal(mutationId, '123')).toEqual([{ path: '', message: 'mutationId must be a UUID.' }]);
	});

	it('accepts a UUID as id and refuses anything else with its message', () => {
		expect(id.parse(uuid)).toBe(uuid);
		expect(refusal(id, 'not-a-uuid')).toEqual([{ path: '', message: 'This id is not valid.' }]);
		expect(id.safeParse(undefined).success).toBe(false);
	});
});

describe('text', () => {
	const title = text(3, 5);

	it('trims and keeps text within the bounds', () => {
		expect(title.parse('  abc  ')).toBe('abc');
		expect(title.parse('abcde')).toBe('abcde');
	});

	it('counts the length after trimming, at each bound and one past it', () => {
		expect(title.safeParse('  ab  ').success).toBe(false);
		expect(title.safeParse('abcdef').success).toBe(false);
	});

	it('refuses control characters, tab included, with its message', () => {
		expect(refusal(title, 'a\u0000b')).toEqual([{ path: '', message: noControls }]);
		expect(refusal(title, 'a\tb')).toEqual([{ path: '', message: noControls }]);
		expect(refusal(title, 'a\u007fb')).toEqual([{ path: '', message: noControls }]);
	});
});

describe('longText', () => {
	const report = longText(1, 10);

	it('keeps line breaks and tabs inside the text', () => {
		expect(report.parse(' a\nb\tc\r\nd ')).toBe('a\nb\tc\r\nd');
	});

	it('refuses other control characters with its message', () => {
		expect(refusal(report, 'a\u0007b')).toEqual([{ path: '', message: noControls }]);
		expect(refusal(report, 'a\u0000')).toEqual([{ path: '', message: noControls }]);
	});

	it('checks both length bounds', () => {
		expect(report.safeParse('   ').success).toBe(false);
		expect(report.parse('x'.repeat(10))).toBe('x'.repeat(10));
		expect(report.safeParse('x'.repeat(11)).success).toBe(false);
	});
});

describe('searchText', () => {
	it('accepts empty text and up to 100 characters by default', () => {
		expect(searchText().parse('')).toBe('');
		expect(searchText().parse(` ${'q'.repeat(100)} `)).toBe('q'.repeat(100));
		expect(searchText().safeParse('q'.repeat(101)).success).toBe(false);
	});

	it('takes its own maximum', () => {
		expect(searchText(5).parse('abcde')).toBe('abcde');
		expect(searchText(5).safeParse('abcdef').success).toBe(false);
	});

	it('refuses control characters', () => {
		expect(refusal(searchText(), 'a\u0001')).toEqual([{ path: '', message: noControls }]);
	});
});

describe('cursor', () => {
	it('is optional and keeps short cursors as they are', () => {
		expect(cursor().parse(undefined)).toBeUndefined();
		expect(cursor().parse('abc')).toBe('abc');
		expect(cursor().parse('')).toBe('');
	});

	it('accepts 200 characters by default and refuses 201', () => {
		expect(cursor().parse('c'.repeat(200))).toBe('c'.repeat(200));
		expect(cursor().safeParse('c'.repeat(201)).success).toBe(false);
	});

	it('takes its own maximum', () => {
		expect(cursor(10).parse('c'.repeat(10))).toBe('c'.repeat(10));
		expect(cursor(10).safeParse('c'.repeat(11)).success).toBe(false);
	});
});

describe('instant', () => {
	const earliest = new Date('2000-01-01T00:00:00.000Z');
	const latest = new Date('2100-01-01T00:00:00.000Z');

	it('accepts the first and the last instant', () => {
		expect(instant.parse(earliest)).toEqual(earliest);
		expect(instant.parse(latest)).toEqual(latest);
	});

	it('refuses one millisecond outside the range with its message', () => {
		expect(refusal(instant, new Date(earliest.getTime() - 1))).toEqual([
			{ path: '', message: 'Choose a date from the year 2000 on.' }
		]);
		expect(refusal(instant, new Date(latest.getTime() + 1))).toEqual([
			{ path: '', message: 'Choose a date before the year 2100.' }
		]);
	});

	it('refuses what is not a date with its message', () => {
		expect(refusal(instant, '2020-01-01')).toEqual([{ path: '', message: 'This is not a valid date.' }]);
		expect(refusal(instant, new Date('nonsense'))).toEqual([
			{ path: '', message: 'This is not a valid date.' }
		]);
	});
});

describe('amount', () => {
	it('accepts 1 and MAX_AMOUNT', () => {
		expect(amount.parse(1n)).toBe(1n);
		expect(amount.parse(MAX_AMOUNT)).toBe(10_000_000_000n);
	});

	it('refuses 0 and MAX_AMOUNT + 1 with their messages', () => {
		expect(refusal(amount, 0n)).toEqual([{ path: '', message: 'An amount must be at least 0.01.' }]);
		expect(refusal(amount, MAX_AMOUNT + 1n)).toEqual([
			{ path: '', message: 'That amount is larger than the platform accepts.' }
		]);
	});

	it('refuses numbers with its message', () => {
		expect(refusal(amount, 100)).toEqual([
			{ path: '', message: 'An amount is a whole number of minor units (bigint).' }
		]);
	});
});
