import { ratingSubmitInput } from '$lib/domain/schemas/trust';
import { taskIdInput } from '$lib/domain/schemas/task';
import { ratingState, submitRating } from './ratings';
import { authedProcedure, router } from '../core/trpc';

export const ratingRouter = router({
	submit: authedProcedure
		.input(ratingSubmitInput)
		.mutation(({ ctx, input }) => submitRating(ctx.db, ctx.actor, input)),
	/** Whether the caller may still rate this task, and the rating they gave. */
	forTask: authedProcedure
		.input(taskIdInput)
		.query(({ ctx, input }) => ratingState(ctx.db, ctx.actor, input.id))
});
