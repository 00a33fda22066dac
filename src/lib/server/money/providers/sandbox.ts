// Sandbox: every deposit is confirmed at once, with no money behind it. For demos and development only;
// config.ts never enables it in production.
import type { PaymentProvider } from './provider';

export const sandbox: PaymentProvider = {
	id: 'sandbox',
	offered: (config) => config.paymentSandbox,
	begin: () => ({ confirmAtOnce: true, instructions: null })
};
