// Words for the wallet's movements, deposits and withdrawals in the current language.
import type { DepositStatus, PaymentProviderId, WithdrawalStatus } from '$lib/domain/schemas/wallet';
import type { StatementDescription } from '$lib/domain/statement';
import { m } from '$lib/paraglide/messages.js';

const STATEMENT_LABELS: Record<StatementDescription, () => string> = {
	deposit: m.statement_kind_deposit,
	bounty_held: m.statement_kind_bounty_held,
	bounty_paid: m.statement_kind_bounty_paid,
	bounty_refunded: m.statement_kind_bounty_refunded,
	withdrawal_held: m.statement_kind_withdrawal_held,
	withdrawal_returned: m.statement_kind_withdrawal_returned,
	other_in: m.statement_kind_other_in,
	other_out: m.statement_kind_other_out
};
export function statementLabel(description: StatementDescription): string {
	return STATEMENT_LABELS[description]();
}

const PROVIDER_LABELS: Record<string, () => string> = {
	bank_transfer: m.provider_bank_transfer,
	sandbox: m.provider_sandbox
};
export function providerLabel(provider: PaymentProviderId | string): string {
	// Own keys only: a provider named like an Object method is still just its name.
	return Object.hasOwn(PROVIDER_LABELS, provider) ? PROVIDER_LABELS[provider]!() : provider;
}

const DEPOSIT_STATUS_LABELS: Record<DepositStatus, () => string> = {
	PENDING: m.deposit_status_pending,
	CONFIRMED: m.deposit_status_confirmed,
	CANCELLED: m.deposit_status_cancelled
};
export function depositStatusLabel(status: DepositStatus): string {
	return DEPOSIT_STATUS_LABELS[status]();
}

const WITHDRAWAL_STATUS_LABELS: Record<WithdrawalStatus, () => string> = {
	REQUESTED: m.withdrawal_status_requested,
	PAID: m.withdrawal_status_paid,
	REFUSED: m.withdrawal_status_refused
};
export function withdrawalStatusLabel(status: WithdrawalStatus): string {
	return WITHDRAWAL_STATUS_LABELS[status]();
}

/** The badge colour of a deposit's or withdrawal's status (classes in app.css). */
export function moneyStatusBadge(status: DepositStatus | WithdrawalStatus): string {
	switch (status) {
		case 'PENDING':
		case 'REQUESTED':
			return 'badge-pending';
		case 'CONFIRMED':
		case 'PAID':
			return 'badge-approved';
		case 'CANCELLED':
		case 'REFUSED':
			return 'badge-rejected';
	}
}
