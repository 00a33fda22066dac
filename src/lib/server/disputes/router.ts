import { disputeForTaskInput, openDisputeInput } from '$lib/domain/schemas/dispute';
import { disputesForTask, openDispute } from './disputes';
import { authedProcedure, router } from '../core/trpc';

export const disputeRouter = router({
	open: authedProcedure
		.input(openDisputeInput)
		.mutation(({ ctx, input }) => openDispute(ctx, ctx.actor, input)),
	forTask: authedProcedure
		.input(disputeForTaskInput)
		.query(({ ctx, input }) => disputesForTask(ctx.db, ctx.actor, input.taskId))
});
