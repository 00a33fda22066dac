import { loginInput, registerInput } from '$lib/domain/schemas/auth';
import { authenticate, register } from '../../auth/users';
import { authedProcedure, publicProcedure, router } from '../init';
import type { Context } from '../context';
import type { PublicUser } from '../../auth/users';

async function startSession(ctx: Context, user: PublicUser) {
	const session = await ctx.auth.createSession(user.id, {});
	ctx.cookies.set(session.id, session.expiresAt);
	return user;
}

export const authRouter = router({
	register: publicProcedure.input(registerInput).mutation(async ({ ctx, input }) => {
		const user = await register(ctx.db, input, ctx.config.currency);
		return startSession(ctx, user);
	}),

	login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
		const user = await authenticate(ctx.db, input, ctx.clientAddress);
		return startSession(ctx, user);
	}),

	logout: authedProcedure.mutation(async ({ ctx }) => {
		if (ctx.sessionId) await ctx.auth.invalidateSession(ctx.sessionId);
		ctx.cookies.clear();
		return { ok: true as const };
	}),

	me: publicProcedure.query(({ ctx }) => ctx.user)
});
