// Bank transfer: the user sends money to the platform's account quoting the deposit's reference; an admin
// confirms the deposit when it shows up on the bank statement. Offered when the bank details are configured.
import type { PaymentProvider } from './provider';

export const bankTransfer: PaymentProvider = {
	id: 'bank_transfer',
	offered: (config) => config.bank !== null,
	begin(deposit, config) {
		if (!config.bank) throw new Error('bank_transfer is not configured (BANK_* variables).');
		return { confirmAtOnce: false, instructions: { reference: deposit.reference, bank: config.bank } };
	}
};
