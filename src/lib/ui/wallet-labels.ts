// Words for the wallet's movements, deposits and withdrawals in the current language.
import type { DepositStatus, PaymentProviderId, WithdrawalStatus } from '$lib/domain/schemas/wallet';
import type { StatementDescription } from '$lib/domain/statement';
import { m } from '$lib/paraglide/messages.js';

export function statementLabel(description: StatementDescription): string {
	switch (description) {
		case 'deposit':
			return m.statement_kind_deposit();
		case 'bounty_held':
			return m.statement_kind_bounty_held();
		case 'bounty_paid':
			return m.statement_kind_bounty_paid();
		case 'bounty_refunded':
			return m.statement_kind_bounty_refunded();
		case 'withdrawal_held':
			return m.statement_kind_withdrawal_held();
		case 'withdrawal_returned':
			return m.statement_kind_withdrawal_returned();
		case 'other_in':
			return m.statement_kind_other_in();
		case 'other_out':
			return m.statement_kind_other_out();
	}
}

export function providerLabel(provider: PaymentProviderId | string): string {
	switch (provider) {
		case 'bank_transfer':
			return m.provider_bank_transfer();
		case 'sandbox':
			return m.provider_sandbox();
		default:
			return provider;
	}
}

export function depositStatusLabel(status: DepositStatus): string {
	switch (status) {
		case 'PENDING':
			return m.deposit_status_pending();
		case 'CONFIRMED':
			return m.deposit_status_confirmed();
		case 'CANCELLED':
			return m.deposit_status_cancelled();
	}
}

export function withdrawalStatusLabel(status: WithdrawalStatus): string {
	switch (status) {
		case 'REQUESTED':
			return m.withdrawal_status_requested();
		case 'PAID':
			return m.withdrawal_status_paid();
		case 'REFUSED':
			return m.withdrawal_status_refused();
	}
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
