import { confirmHandoverInput, objectHandoverInput, submitHandoverInput } from '$lib/domain/schemas/handover';
import { confirmHandover, objectToHandover, submitHandover } from './handovers';
import { authedProcedure, router } from '../core/trpc';

export const handoverRouter = router({
	submit: authedProcedure
		.input(submitHandoverInput)
		.mutation(({ ctx, input }) => submitHandover(ctx, ctx.actor, input)),
	confirm: authedProcedure
		.input(confirmHandoverInput)
		.mutation(({ ctx, input }) => confirmHandover(ctx, ctx.actor, input)),
	object: authedProcedure
		.input(objectHandoverInput)
		.mutation(({ ctx, input }) => objectToHandover(ctx, ctx.actor, input))
});
