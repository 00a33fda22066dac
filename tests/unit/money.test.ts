import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	BPS_DENOMINATOR,
	DEFAULT_CURRENCY,
	MINOR_UNITS_PER_MAJOR,
	formatMoney,
	parseMajorAmount,
	splitCommission,
	toMajorString
} from '$lib/domain/money';

/** The largest amount parseMajorAmount reads: thirteen nines and ".99". */
const MAX_PARSEABLE = 10n ** 15n - 1n;
const amounts = (max: bigint) =>
	fc.oneof(fc.constant(0n), fc.constant(1n), fc.constant(max), fc.bigInt({ min: 0n, max }));
const rates = fc.oneof(fc.constant(0), fc.constant(10_000), fc.integer({ min: 0, max: 10_000 }));

describe('units', () => {
	it('counts CNY in fen and rates in basis points', () => {
		expect(DEFAULT_CURRENCY).toBe('CNY');
		expect(MINOR_UNITS_PER_MAJOR).toBe(100n);
		expect(BPS_DENOMINATOR).toBe(10_000n);
	});
});

describe('splitCommission', () => {
	it.each([
		[10_000n, 1000, 1_000n, 9_000n],
		[12_345n, 1000, 1_235n, 11_110n], // 1 234.5 rounds half up
		[12_344n, 1000, 1_234n, 11_110n], // 1 234.4 rounds down
		[1n, 1000, 0n, 1n],
		[5n, 1000, 1n, 4n], // 0.5 rounds up
		[4n, 1000, 0n, 4n], // 0.4 rounds down
		[0n, 1000, 0n, 0n],
		[10_000n, 0, 0n, 10_000n],
		[10_000n, 1, 1n, 9_999n],
		[10_000n, 9_999, 9_999n, 1n],
		[10_000n, 10_000, 10_000n, 0n]
	])('%s at %s bps → fee %s, payout %s', (bounty, bps, fee, payout) => {
		expect(splitCommission(bounty, bps)).toEqual({ fee, payout });
	});

	it('never loses or creates a minor unit', () => {
		fc.assert(
			fc.property(amounts(10n ** 15n), rates, (bounty, bps) => {
				const { fee, payout } = splitCommission(bounty, bps);
				expect(fee + payout).toBe(bounty);
				expect(fee >= 0n && payout >= 0n).toBe(true);
			}),
			{ seed: 20_250_301, numRuns: 300 }
		);
	});

	it('refuses rates outside 0–10000 bps, with its own message', () => {
		const rate = 'A commission rate is a whole number of basis points between 0 and 10000.';
		expect(() => splitCommission(100n, -1)).toThrow(new RangeError(rate));
		expect(() => splitCommission(100n, 10_001)).toThrow(new RangeError(rate));
		expect(() => splitCommission(100n, 2.5)).toThrow(new RangeError(rate));
		expect(() => splitCommission(100n, Number.NaN)).toThrow(new RangeError(rate));
	});

	it('refuses negative bounties, with its own message, and takes 0', () => {
		expect(() => splitCommission(-1n, 100)).toThrow(new RangeError('A bounty cannot be negative.'));
		expect(splitCommission(0n, 10_000)).toEqual({ fee: 0n, payout: 0n });
	});
});

describe('parseMajorAmount / toMajorString', () => {
	it.each([
		['12', 1200n],
		['12.5', 1250n],
		['12.50', 1250n],
		[' 0.01 ', 1n],
		['0', 0n],
		['0.00', 0n],
		['9999999999999.99', MAX_PARSEABLE]
	])('parses %j as %s', (text, minor) => {
		expect(parseMajorAmount(text)).toBe(minor);
	});

	it.each(['', 'abc', '1.234', '-5', '1e3', '12,50', '.5', '10000000000000', '1.'])('refuses %j', (text) => {
		expect(parseMajorAmount(text)).toBeNull();
	});

	it.each([
		[0n, '0.00'],
		[1n, '0.01'],
		[99n, '0.99'],
		[100n, '1.00'],
		[1250n, '12.50'],
		[-1n, '-0.01'],
		[-100n, '-1.00'],
		[-1250n, '-12.50'],
		[900_719_925_474_099_312n, '9007199254740993.12']
	])('writes %s as %j', (minor, text) => {
		expect(toMajorString(minor)).toBe(text);
	});

	it('round-trips every amount', () => {
		fc.assert(
			fc.property(amounts(MAX_PARSEABLE), (minor) => {
				expect(parseMajorAmount(toMajorString(minor))).toBe(minor);
			}),
			{ seed: 20_250_302, numRuns: 300 }
		);
	});

	it('writes a negative amount as its opposite with a minus sign', () => {
		fc.assert(
			fc.property(
				amounts(MAX_PARSEABLE).filter((minor) => minor > 0n),
				(minor) => {
					expect(toMajorString(-minor)).toBe(`-${toMajorString(minor)}`);
				}
			),
			{ seed: 20_250_303, numRuns: 200 }
		);
	});
});

describe('formatMoney', () => {
	it('formats for the reader’s language', () => {
		expect(formatMoney(123_456n, 'CNY', 'zh-CN')).toBe('¥1,234.56');
		expect(formatMoney(123_456n, 'CNY', 'en')).toBe('CN¥1,234.56');
		expect(formatMoney(0n, 'CNY', 'en')).toBe('CN¥0.00');
		expect(formatMoney(-1n, 'CNY', 'en')).toBe('-CN¥0.01');
	});
});
