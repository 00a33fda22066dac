import { pullInput, pushInput } from '$lib/domain/schemas/sync';
import { pull, push } from './sync';
import { authedProcedure, router } from '../core/trpc';

export const syncRouter = router({
	push: authedProcedure.input(pushInput).mutation(({ ctx, input }) => push(ctx, ctx.actor, input)),
	pull: authedProcedure.input(pullInput).query(({ ctx, input }) => pull(ctx.db, ctx.actor, input))
});
