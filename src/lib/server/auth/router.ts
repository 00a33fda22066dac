import { loginInput, registerInput } from '$lib/domain/schemas/auth';
import { hashToken, newDeviceToken } from './sessions';
import type { SignInSource } from './throttle';
import { authenticate, register } from './users';
import { authedProcedure, publicProcedure, router } from '../core/trpc';
import type { Context } from '../core/context';
import type { PublicUser } from './users';

/** Where a sign-in comes from: the address, and the browser's device cookie (a new one if it has none). */
function sourceOf(ctx: Context): { source: SignInSource; device: string } {
	const device = ctx.deviceToken ?? newDeviceToken();
	return { source: { address: ctx.clientAddress, deviceHash: hashToken(device) }, device };
}

async function startSession(ctx: Context, user: PublicUser, device: string) {
	const session = await ctx.auth.createSession(user.id, {});
	ctx.cookies.set(session.id, session.expiresAt);
	if (device !== ctx.deviceToken) ctx.cookies.setDevice(device);
	return user;
}

export const authRouter = router({
	register: publicProcedure.input(registerInput).mutation(async ({ ctx, input }) => {
		const { source, device } = sourceOf(ctx);
		const user = await register(ctx.db, input, ctx.config.currency, source);
		return startSession(ctx, user, device);
	}),

	login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
		const { source, device } = sourceOf(ctx);
		const user = await authenticate(ctx.db, input, source);
		return startSession(ctx, user, device);
	}),

	logout: authedProcedure.mutation(async ({ ctx }) => {
		if (ctx.sessionId) await ctx.auth.invalidateSession(ctx.sessionId);
		ctx.cookies.clear();
		return { ok: true as const };
	}),

	me: publicProcedure.query(({ ctx }) => ctx.user)
});
