import { describe, expect, it } from 'vitest';
import { decodeStatementCursor, describeMovement, encodeStatementCursor } from '$lib/domain/statement';
import { checkWithdrawal } from '$lib/domain/withdrawal';

describe('checkWithdrawal', () => {
	const rules = { withdrawalMin: 1_000n, withdrawalFee: 200n };

	it('nets the fee off the amount', () => {
		expect(checkWithdrawal(1_000n, rules)).toEqual({ ok: true, fee: 200n, net: 800n });
		expect(checkWithdrawal(123_456n, rules)).toEqual({ ok: true, fee: 200n, net: 123_256n });
	});

	it('refuses less than the minimum, and amounts the fee would eat, saying the limit', () => {
		const belowMinimum = {
			ok: false,
			key: 'withdrawal_below_minimum',
			message: 'The smallest withdrawal is 10.00.'
		};
		expect(checkWithdrawal(999n, rules)).toEqual(belowMinimum);
		expect(checkWithdrawal(0n, rules)).toEqual(belowMinimum);
		const cheap = { withdrawalMin: 1n, withdrawalFee: 500n };
		const belowFee = {
			ok: false,
			key: 'withdrawal_below_fee',
			message: 'A withdrawal must be larger than its fee of 5.00.'
		};
		expect(checkWithdrawal(500n, cheap)).toEqual(belowFee);
		expect(checkWithdrawal(1n, cheap)).toEqual(belowFee);
		expect(checkWithdrawal(501n, cheap)).toEqual({ ok: true, fee: 500n, net: 1n });
	});

	it('takes everything above a zero fee', () => {
		const free = { withdrawalMin: 0n, withdrawalFee: 0n };
		expect(checkWithdrawal(1n, free)).toEqual({ ok: true, fee: 0n, net: 1n });
		expect(checkWithdrawal(0n, free)).toEqual({
			ok: false,
			key: 'withdrawal_below_fee',
			message: 'A withdrawal must be larger than its fee of 0.00.'
		});
	});
});

describe('statement', () => {
	it('describes movements by code and direction', () => {
		expect(describeMovement('DEPOSIT', 5n)).toBe('deposit');
		expect(describeMovement('PUBLISH_HOLD', -5n)).toBe('bounty_held');
		expect(describeMovement('RELEASE', 5n)).toBe('bounty_paid');
		expect(describeMovement('REFUND', 5n)).toBe('bounty_refunded');
		expect(describeMovement('WITHDRAWAL_HOLD', -5n)).toBe('withdrawal_held');
		expect(describeMovement('WITHDRAWAL_RETURN', 5n)).toBe('withdrawal_returned');
		expect(describeMovement('COMMISSION', -5n)).toBe('other_out');
		expect(describeMovement('WITHDRAWAL_FEE', 5n)).toBe('other_in');
		// A movement of nothing did not take money out.
		expect(describeMovement('COMMISSION', 0n)).toBe('other_in');
		expect(describeMovement('COMMISSION', -1n)).toBe('other_out');
	});

	it('round-trips cursors and rejects anything else', () => {
		const at = new Date('2026-11-30T08:15:42.123Z');
		const id = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
		expect(decodeStatementCursor(encodeStatementCursor(at, id))).toEqual({ createdAt: at, id });
		expect(decodeStatementCursor('garbage')).toBeNull();
		expect(decodeStatementCursor(`2026-13-45T99:99:99.999Z_${id}`)).toBeNull();
		expect(decodeStatementCursor(`${at.toISOString()}_${id}'; DROP TABLE`)).toBeNull();
	});
});

describe('payment configuration', () => {
	it('offers the sandbox only when asked for by name, never in production; needs all three bank variables', async () => {
		const { loadConfig } = await import('$lib/server/core/config');
		expect(loadConfig({ NODE_ENV: 'production' }).paymentSandbox).toBe(false);
		expect(() => loadConfig({ NODE_ENV: 'production', PAYMENT_SANDBOX: 'on' })).toThrow(/PAYMENT_SANDBOX/);
		// As `npm start` runs it: no NODE_ENV, nothing said. Nobody can deposit money out of thin air.
		expect(loadConfig({}).paymentSandbox).toBe(false);
		expect(loadConfig({ NODE_ENV: 'development' }).paymentSandbox).toBe(false);
		expect(loadConfig({ PAYMENT_SANDBOX: 'on' }).paymentSandbox).toBe(true);
		expect(loadConfig({ PAYMENT_SANDBOX: 'off' }).paymentSandbox).toBe(false);
		expect(loadConfig({ BANK_NAME: 'ICBC', BANK_ACCOUNT_NAME: 'Jiedan' }).bank).toBeNull();
		expect(
			loadConfig({ BANK_NAME: 'ICBC', BANK_ACCOUNT_NAME: 'Jiedan', BANK_ACCOUNT_NUMBER: '6222 0001' }).bank
		).toEqual({ bankName: 'ICBC', accountName: 'Jiedan', accountNumber: '6222 0001' });
	});
});
