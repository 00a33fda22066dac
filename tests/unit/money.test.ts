import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, parseMajorAmount, splitCommission, toMajorString } from '$lib/domain/money';

describe('splitCommission', () => {
	it.each([
		[10_000n, 1000, 1_000n, 9_000n],
		[12_345n, 1000, 1_235n, 11_110n], // 1 234.5 rounds half up
		[12_344n, 1000, 1_234n, 11_110n], // 1 234.4 rounds down
		[1n, 1000, 0n, 1n],
		[5n, 1000, 1n, 4n], // 0.5 rounds up
		[10_000n, 0, 0n, 10_000n],
		[10_000n, 10_000, 10_000n, 0n]
	])('%s at %s bps → fee %s, payout %s', (bounty, bps, fee, payout) => {
		expect(splitCommission(bounty, bps)).toEqual({ fee, payout });
	});

	it('never loses or creates a minor unit', () => {
		fc.assert(
			fc.property(
				fc.bigInt({ min: 0n, max: 10n ** 15n }),
				fc.integer({ min: 0, max: 10_000 }),
				(bounty, bps) => {
					const { fee, payout } = splitCommission(bounty, bps);
					expect(fee + payout).toBe(bounty);
					expect(fee >= 0n && payout >= 0n).toBe(true);
				}
			)
		);
	});

	it('refuses rates outside 0–10000 bps and negative bounties', () => {
		expect(() => splitCommission(100n, -1)).toThrow(RangeError);
		expect(() => splitCommission(100n, 10_001)).toThrow(RangeError);
		expect(() => splitCommission(100n, 2.5)).toThrow(RangeError);
		expect(() => splitCommission(-1n, 100)).toThrow(RangeError);
	});
});

describe('parseMajorAmount / toMajorString', () => {
	it.each([
		['12', 1200n],
		['12.5', 1250n],
		['12.50', 1250n],
		[' 0.01 ', 1n],
		['0', 0n]
	])('parses %j as %s', (text, minor) => {
		expect(parseMajorAmount(text)).toBe(minor);
	});

	it.each(['', 'abc', '1.234', '-5', '1e3', '12,50', '.5'])('refuses %j', (text) => {
		expect(parseMajorAmount(text)).toBeNull();
	});

	it('round-trips every amount', () => {
		fc.assert(
			fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), (minor) => {
				expect(parseMajorAmount(toMajorString(minor))).toBe(minor);
			})
		);
	});

	it('formats negatives and large amounts exactly', () => {
		expect(toMajorString(-1250n)).toBe('-12.50');
		expect(toMajorString(900_719_925_474_099_312n)).toBe('9007199254740993.12');
	});
});

describe('formatMoney', () => {
	it('formats for the reader’s language', () => {
		expect(formatMoney(123_456n, 'CNY', 'zh-CN')).toBe('¥1,234.56');
		expect(formatMoney(123_456n, 'CNY', 'en')).toBe('CN¥1,234.56');
	});
});
