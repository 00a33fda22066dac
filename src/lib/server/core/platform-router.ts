// What every page may know about the platform itself, signed in or not.
import { publicProcedure, router } from './trpc';

export const platformRouter = router({
	/** `testMoney`: the sandbox provider is on (PAYMENT_SANDBOX=on), so deposits are not real money. */
	info: publicProcedure.query(({ ctx }) => ({
		testMoney: ctx.config.paymentSandbox,
		currency: ctx.config.currency
	}))
});
