// The whole API, mounted at /api/trpc. docs/API.md describes every procedure.
import { adminRouter } from './routers/admin';
import { authRouter } from './routers/auth';
import { disputeRouter } from './routers/dispute';
import { handoverRouter } from './routers/handover';
import { messageRouter } from './routers/message';
import { ratingRouter } from './routers/rating';
import { notificationRouter } from './routers/notification';
import { platformRouter } from './routers/platform';
import { syncRouter } from './routers/sync';
import { taskRouter } from './routers/task';
import { uploadRouter } from './routers/upload';
import { userRouter } from './routers/user';
import { verificationRouter } from './routers/verification';
import { walletRouter } from './routers/wallet';
import { createCallerFactory, router } from './init';

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
