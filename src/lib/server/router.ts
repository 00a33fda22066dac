// The whole API, mounted at /api/trpc. docs/API.md describes every procedure.
import { adminRouter } from './admin/router';
import { authRouter } from './auth/router';
import { disputeRouter } from './disputes/router';
import { handoverRouter } from './handovers/router';
import { messageRouter, ratingRouter, userRouter, verificationRouter } from './trust/router';
import { notificationRouter } from './notifications/router';
import { syncRouter } from './sync/router';
import { taskRouter } from './tasks/router';
import { uploadRouter } from './uploads/router';
import { walletRouter } from './money/router';
import { createCallerFactory, publicProcedure, router } from './core/trpc';

/** What every page may know about the platform itself, signed in or not. */
const platformRouter = router({
	/** `testMoney`: the sandbox provider is on (PAYMENT_SANDBOX=on), so deposits are not real money. */
	info: publicProcedure.query(({ ctx }) => ({
		testMoney: ctx.config.paymentSandbox,
		currency: ctx.config.currency
	}))
});

export const appRouter = router({
	auth: authRouter,
	wallet: walletRouter,
	task: taskRouter,
	upload: uploadRouter,
	handover: handoverRouter,
	dispute: disputeRouter,
	admin: adminRouter,
	sync: syncRouter,
	rating: ratingRouter,
	user: userRouter,
	verification: verificationRouter,
	message: messageRouter,
	notification: notificationRouter,
	platform: platformRouter
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
