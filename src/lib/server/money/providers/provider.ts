// The seam between deposits and the ways money reaches the platform. A provider says whether this server
// offers it and what happens to a new deposit: credited at once, or pending with instructions for the
// payer until someone (an admin today; a provider's callback later) confirms that the money arrived.
import type { PaymentProviderId } from '$lib/domain/schemas/wallet';
import type { AppConfig, BankDetails } from '../../core/config';

export interface NewDeposit {
	id: string;
	reference: string;
	amount: bigint;
	currency: string;
}

/** What the payer needs to make a pending deposit arrive. */
export interface DepositInstructions {
	/** Quote this on the transfer so the platform can match it. */
	reference: string;
	bank: BankDetails;
}

export interface DepositStart {
	/** True: credit the wallet in the same transaction. False: the deposit waits as PENDING. */
	confirmAtOnce: boolean;
	instructions: DepositInstructions | null;
}

export interface PaymentProvider {
	readonly id: PaymentProviderId;
	offered(config: AppConfig): boolean;
	begin(deposit: NewDeposit, config: AppConfig): DepositStart;
}
