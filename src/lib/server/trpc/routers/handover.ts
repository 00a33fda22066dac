import { submitHandoverInput } from '$lib/domain/schemas/handover';
import { submitHandover } from '../../handovers';
import { authedProcedure, router } from '../init';

export const handoverRouter = router({
	submit: authedProcedure
		.input(submitHandoverInput)
		.mutation(({ ctx, input }) => submitHandover(ctx, ctx.actor, input))
});
