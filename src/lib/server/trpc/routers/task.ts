import { cancelInput, claimInput, feedInput, publishInput, taskIdInput } from '$lib/domain/schemas/task';
import { cancel, claim, feed, getTask, myTasks, publish } from '../../tasks';
import { authedProcedure, publicProcedure, router } from '../init';

export const taskRouter = router({
	publish: authedProcedure.input(publishInput).mutation(({ ctx, input }) => publish(ctx, ctx.actor, input)),
	feed: publicProcedure.input(feedInput).query(({ ctx, input }) => feed(ctx.db, input)),
	get: publicProcedure.input(taskIdInput).query(({ ctx, input }) => {
		const actor = ctx.user ? { userId: ctx.user.id, isAdmin: ctx.user.isAdmin } : null;
		return getTask(ctx.db, actor, input.id);
	}),
	mine: authedProcedure.query(({ ctx }) => myTasks(ctx.db, ctx.actor)),
	claim: authedProcedure.input(claimInput).mutation(({ ctx, input }) => claim(ctx, ctx.actor, input)),
	cancel: authedProcedure.input(cancelInput).mutation(({ ctx, input }) => cancel(ctx, ctx.actor, input))
});
