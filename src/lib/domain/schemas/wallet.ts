import { z } from 'zod';
import { amount, cursor, id, instant, longText, mutationId, text } from './common';

export const recordDepositInput = z.object({
	userId: id,
	amount,
	// The bank transfer's reference: recording the same reference twice has one effect.
	reference: text(3, 100)
});

/** The ways money can come in; which of them a server offers is `wallet.providers()`. */
export const PAYMENT_PROVIDERS = ['bank_transfer', 'sandbox'] as const;
export type PaymentProviderId = (typeof PAYMENT_PROVIDERS)[number];

export const depositInput = z.object({
	mutationId,
	provider: z.enum(PAYMENT_PROVIDERS, { error: 'Choose a payment method this platform offers.' }),
	amount
});

export const DEPOSIT_STATUSES = ['PENDING', 'CONFIRMED', 'CANCELLED'] as const;
export type DepositStatus = (typeof DEPOSIT_STATUSES)[number];

export const depositsFilter = z.object({ status: z.enum(DEPOSIT_STATUSES).optional() }).optional();

export const confirmDepositInput = z.object({ mutationId, depositId: id });
export const cancelDepositInput = z.object({ mutationId, depositId: id, reason: longText(3, 500) });

export const withdrawInput = z.object({
	mutationId,
	amount,
	/** The bank account to pay into, as the user writes it (bank, account name and number). */
	destination: text(4, 200)
});

export const WITHDRAWAL_STATUSES = ['REQUESTED', 'PAID', 'REFUSED'] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

export const withdrawalsFilter = z.object({ status: z.enum(WITHDRAWAL_STATUSES).optional() }).optional();

export const markWithdrawalPaidInput = z.object({
	mutationId,
	withdrawalId: id,
	/** The bank's reference of the outgoing payment. */
	reference: text(3, 100)
});
export const refuseWithdrawalInput = z.object({ mutationId, withdrawalId: id, reason: longText(3, 500) });

export const TRANSFER_CODES = [
	'DEPOSIT',
	'PUBLISH_HOLD',
	'RELEASE',
	'COMMISSION',
	'REFUND',
	'WITHDRAWAL',
	'WITHDRAWAL_HOLD',
	'WITHDRAWAL_RETURN',
	'WITHDRAWAL_FEE'
] as const;
export type TransferCode = (typeof TRANSFER_CODES)[number];

export const STATEMENT_MAX_LIMIT = 100;

export const statementInput = z
	.object({
		/** `nextCursor` of the previous page. */
		cursor: cursor(100),
		code: z.enum(TRANSFER_CODES).optional(),
		/** Movements at or after this instant. */
		from: instant.optional(),
		/** Movements before this instant. */
		to: instant.optional(),
		limit: z.number().int().min(1).max(STATEMENT_MAX_LIMIT).default(20)
	})
	.refine((input) => !input.from || !input.to || input.from < input.to, {
		error: 'The start of the period must come before its end.',
		path: ['to']
	});
export type StatementInput = z.input<typeof statementInput>;
