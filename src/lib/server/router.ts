// The whole API, mounted at /api/trpc. docs/API.md describes every procedure.
import { adminRouter } from './admin/router';
import { authRouter } from './auth/router';
import { disputeRouter } from './disputes/router';
import { handoverRouter } from './handovers/router';
import { messageRouter } from './trust/message-router';
import { ratingRouter } from './trust/rating-router';
import { notificationRouter } from './notifications/router';
import { platformRouter } from './core/platform-router';
import { syncRouter } from './sync/router';
import { taskRouter } from './tasks/router';
import { uploadRouter } from './uploads/router';
import { userRouter } from './trust/user-router';
import { verificationRouter } from './trust/verification-router';
import { walletRouter } from './money/router';
import { createCallerFactory, router } from './core/trpc';

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
