import { profileInput } from '$lib/domain/schemas/trust';
import { userProfile } from './profiles';
import { publicProcedure, router } from '../core/trpc';

export const userRouter = router({
	profile: publicProcedure.input(profileInput).query(({ ctx, input }) => userProfile(ctx.db, input.userId))
});
