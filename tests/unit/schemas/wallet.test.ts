// Checks the wallet inputs: deposits, withdrawals and the statement filter with its bounds and period rule.
import { describe, expect, it } from 'vitest';
import {
	cancelDepositInput,
	confirmDepositInput,
	depositInput,
	depositsFilter,
	markWithdrawalPaidInput,
	recordDepositInput,
	refuseWithdrawalInput,
	statementInput,
	withdrawalsFilter,
	withdrawInput
} from '$lib/domain/schemas/wallet';
import { refusal, uuid, other } from './support';

const jan1 = new Date('2026-01-01T00:00:00.000Z');
const jan2 = new Date('2026-01-02T00:00:00.000Z');

describe('deposits', () => {
	it('recordDepositInput keeps every field and bounds the reference at 3 and 100 characters', () => {
		const record = { userId: uuid, amount: 100n, reference: ' TX-1 ' };
		expect(recordDepositInput.parse(record)).toEqual({ ...record, reference: 'TX-1' });
		expect(recordDepositInput.parse({ ...record, reference: 'r'.repeat(100) }).reference).toHaveLength(100);
		expect(recordDepositInput.safeParse({ ...record, reference: 'ab' }).success).toBe(false);
		expect(recordDepositInput.safeParse({ ...record, reference: 'r'.repeat(101) }).success).toBe(false);
	});

	it('depositInput keeps every field', () => {
		expect(depositInput.parse({ mutationId: uuid, provider: 'sandbox', amount: 1n })).toEqual({
			mutationId: uuid,
			provider: 'sandbox',
			amount: 1n
		});
		expect(depositInput.parse({ provider: 'bank_transfer', amount: 1n }).provider).toBe('bank_transfer');
	});

	it('depositInput refuses an unknown provider with its message', () => {
		expect(refusal(depositInput, { provider: 'paypal', amount: 1n })).toEqual([
			{ path: 'provider', message: 'Choose a payment method this platform offers.' }
		]);
	});

	it('depositsFilter is optional and keeps a known status', () => {
		expect(depositsFilter.parse(undefined)).toBeUndefined();
		expect(depositsFilter.parse({ status: 'CONFIRMED' })).toEqual({ status: 'CONFIRMED' });
		expect(depositsFilter.safeParse({ status: 'PAID' }).success).toBe(false);
	});

	it('confirmDepositInput keeps the deposit', () => {
		expect(confirmDepositInput.parse({ mutationId: other, depositId: uuid })).toEqual({
			mutationId: other,
			depositId: uuid
		});
		expect(confirmDepositInput.safeParse({}).success).toBe(false);
	});

	it('cancelDepositInput keeps the reason and bounds it at 3 and 500 characters', () => {
		expect(cancelDepositInput.parse({ depositId: uuid, reason: 'Bounced' })).toEqual({
			depositId: uuid,
			reason: 'Bounced'
		});
		expect(cancelDepositInput.parse({ depositId: uuid, reason: 'r'.repeat(500) }).reason).toHaveLength(500);
		expect(cancelDepositInput.safeParse({ depositId: uuid, reason: 'ab' }).success).toBe(false);
		expect(cancelDepositInput.safeParse({ depositId: uuid, reason: 'r'.repeat(501) }).success).toBe(false);
	});
});

describe('withdrawals', () => {
	it('withdrawInput keeps every field and bounds the destination at 4 and 200 characters', () => {
		expect(withdrawInput.parse({ amount: 5n, destination: ' ICBC 1234 ' })).toEqual({
			amount: 5n,
			destination: 'ICBC 1234'
		});
		expect(withdrawInput.parse({ amount: 5n, destination: 'abcd' }).destination).toBe('abcd');
		expect(withdrawInput.safeParse({ amount: 5n, destination: 'abc' }).success).toBe(false);
		expect(withdrawInput.safeParse({ amount: 5n, destination: 'd'.repeat(201) }).success).toBe(false);
	});

	it('withdrawalsFilter is optional and keeps a known status', () => {
		expect(withdrawalsFilter.parse(undefined)).toBeUndefined();
		expect(withdrawalsFilter.parse({ status: 'PAID' })).toEqual({ status: 'PAID' });
		expect(withdrawalsFilter.safeParse({ status: 'CONFIRMED' }).success).toBe(false);
	});

	it('markWithdrawalPaidInput keeps the reference and bounds it at 3 and 100 characters', () => {
		expect(markWithdrawalPaidInput.parse({ withdrawalId: uuid, reference: 'OUT-9' })).toEqual({
			withdrawalId: uuid,
			reference: 'OUT-9'
		});
		expect(markWithdrawalPaidInput.safeParse({ withdrawalId: uuid, reference: 'ab' }).success).toBe(false);
		expect(
			markWithdrawalPaidInput.safeParse({ withdrawalId: uuid, reference: 'r'.repeat(101) }).success
		).toBe(false);
	});

	it('refuseWithdrawalInput keeps the reason and bounds it at 3 and 500 characters', () => {
		expect(refuseWithdrawalInput.parse({ mutationId: other, withdrawalId: uuid, reason: 'Closed' })).toEqual({
			mutationId: other,
			withdrawalId: uuid,
			reason: 'Closed'
		});
		expect(refuseWithdrawalInput.safeParse({ withdrawalId: uuid, reason: 'ab' }).success).toBe(false);
		expect(refuseWithdrawalInput.safeParse({ withdrawalId: uuid, reason: 'r'.repeat(501) }).success).toBe(
			false
		);
	});
});

describe('statementInput', () => {
	const period = { path: 'to', message: 'The start of the period must come before its end.' };

	it('defaults to a page of 20', () => {
		expect(statementInput.parse({})).toEqual({ limit: 20 });
	});

	it('keeps every filter', () => {
		const filter = { cursor: 'c', code: 'WITHDRAWAL_FEE', from: jan1, to: jan2, limit: 5 };
		expect(statementInput.parse(filter)).toEqual(filter);
		expect(statementInput.safeParse({ code: 'GIFT' }).success).toBe(false);
	});

	it('accepts a period open on either side', () => {
		expect(statementInput.parse({ from: jan1 })).toEqual({ from: jan1, limit: 20 });
		expect(statementInput.parse({ to: jan2 })).toEqual({ to: jan2, limit: 20 });
	});

	it('refuses an empty or backwards period on to', () => {
		expect(refusal(statementInput, { from: jan1, to: jan1 })).toEqual([period]);
		expect(refusal(statementInput, { from: jan2, to: jan1 })).toEqual([period]);
	});

	it('bounds the page at 1 and 100 and the cursor at 100 characters', () => {
		expect(statementInput.parse({ limit: 1 }).limit).toBe(1);
		expect(statementInput.parse({ limit: 100 }).limit).toBe(100);
		expect(statementInput.safeParse({ limit: 0 }).success).toBe(false);
		expect(statementInput.safeParse({ limit: 101 }).success).toBe(false);
		expect(statementInput.parse({ cursor: 'c'.repeat(100) }).cursor).toHaveLength(100);
		expect(statementInput.safeParse({ cursor: 'c'.repeat(101) }).success).toBe(false);
	});
});
