// The payment providers this code knows; `offeredProviders` filters them by the server's configuration.
import type { PaymentProviderId } from '$lib/domain/schemas/wallet';
import type { AppConfig } from '../../core/config';
import { bankTransfer } from './bank-transfer';
import type { PaymentProvider } from './provider';
import { sandbox } from './sandbox';

export type { DepositInstructions, PaymentProvider } from './provider';

const PROVIDERS: Record<PaymentProviderId, PaymentProvider> = {
	bank_transfer: bankTransfer,
	sandbox
};

export function offeredProviders(config: AppConfig): PaymentProvider[] {
	return Object.values(PROVIDERS).filter((provider) => provider.offered(config));
}

/** The provider if this server offers it, else null. */
export function offeredProvider(config: AppConfig, id: PaymentProviderId): PaymentProvider | null {
	const provider = PROVIDERS[id];
	return provider.offered(config) ? provider : null;
}
