// The whole API, mounted at /api/trpc. docs/API.md describes every procedure.
import { adminRouter } from './routers/admin';
import { authRouter } from './routers/auth';
import { handoverRouter } from './routers/handover';
import { notificationRouter } from './routers/notification';
import { syncRouter } from './routers/sync';
import { taskRouter } from './routers/task';
import { uploadRouter } from './routers/upload';
import { walletRouter } from './routers/wallet';
import { createCallerFactory, router } from './init';

export const appRouter = router({
	auth: authRouter,
	wallet: walletRouter,
	task: taskRouter,
	upload: uploadRouter,
	handover: handoverRouter,
	admin: adminRouter,
	sync: syncRouter,
	notification: notificationRouter
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
