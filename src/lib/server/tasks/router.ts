import {
	cancelInput,
	claimInput,
	consentCancelInput,
	declineCancelInput,
	feedInput,
	publishInput,
	raiseBountyInput,
	releaseInput,
	requestCancelInput,
	taskIdInput,
	updateInput
} from '$lib/domain/schemas/task';
import { feed } from './feed';
import { cancel, consentCancel, declineCancel, requestCancel } from './cancellation';
import { claim, publish, raiseBounty, release, update } from './commands';
import { getTask, myTasks } from './queries';
import { authedProcedure, publicProcedure, router } from '../core/trpc';

export const taskRouter = router({
	publish: authedProcedure.input(publishInput).mutation(({ ctx, input }) => publish(ctx, ctx.actor, input)),
	feed: publicProcedure.input(feedInput).query(({ ctx, input }) => feed(ctx.db, input)),
	get: publicProcedure.input(taskIdInput).query(({ ctx, input }) => {
		const actor = ctx.user ? { userId: ctx.user.id, isAdmin: ctx.user.isAdmin } : null;
		return getTask(ctx.db, actor, input.id);
	}),
	mine: authedProcedure.query(({ ctx }) => myTasks(ctx.db, ctx.actor)),
	claim: authedProcedure.input(claimInput).mutation(({ ctx, input }) => claim(ctx, ctx.actor, input)),
	cancel: authedProcedure.input(cancelInput).mutation(({ ctx, input }) => cancel(ctx, ctx.actor, input)),
	requestCancel: authedProcedure
		.input(requestCancelInput)
		.mutation(({ ctx, input }) => requestCancel(ctx, ctx.actor, input)),
	consentCancel: authedProcedure
		.input(consentCancelInput)
		.mutation(({ ctx, input }) => consentCancel(ctx, ctx.actor, input)),
	declineCancel: authedProcedure
		.input(declineCancelInput)
		.mutation(({ ctx, input }) => declineCancel(ctx, ctx.actor, input)),
	release: authedProcedure.input(releaseInput).mutation(({ ctx, input }) => release(ctx, ctx.actor, input)),
	update: authedProcedure.input(updateInput).mutation(({ ctx, input }) => update(ctx, ctx.actor, input)),
	raiseBounty: authedProcedure
		.input(raiseBountyInput)
		.mutation(({ ctx, input }) => raiseBounty(ctx, ctx.actor, input))
});
