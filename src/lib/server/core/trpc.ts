// tRPC set-up: superjson (bigint and Date survive the wire), errors with a stable `key` that the UI
// localises, and the three procedure kinds: public, signed in, admin.
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { DomainError, isDomainError } from '$lib/domain/errors';
import { actorOf } from './actor';
import { assertNotSuspended } from './suspension';
import { isUnavailableError } from '../db/health';
import { sqlStateOf } from '../db/errors';
import type { Context } from './context';

const t = initTRPC.context<Context>().create({
	transformer: superjson,
	errorFormatter({ shape, error }) {
		const cause = error.cause;
		if (cause instanceof ZodError) {
			const issues = cause.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
			const first = issues[0];
			return {
				...shape,
				message: first ? `${first.path.join('.') || 'input'}: ${first.message}` : 'Invalid input.',
				data: { ...shape.data, key: 'invalid_input', issues }
			};
		}
		const key = isDomainError(cause) ? cause.key : error.code === 'INTERNAL_SERVER_ERROR' ? 'internal' : null;
		// Never leak internals of unexpected failures to clients.
		const message =
			error.code === 'INTERNAL_SERVER_ERROR' ? 'Something went wrong on our side.' : shape.message;
		return { ...shape, message, data: { ...shape.data, key, issues: null, stack: undefined } };
	}
});

/**
 * Rules raise DomainErrors; clients see them as typed tRPC errors with the same code and message. Input
 * that the schemas let through but PostgreSQL refuses as data (SQLSTATE class 22: a character, a date or
 * a number it cannot store) is the caller's mistake, not ours: a BAD_REQUEST, logged so that the schema
 * that let it through gets tightened.
 */
const domainErrors = t.middleware(async ({ ctx, next, path }) => {
	const result = await next();
	if (result.ok) return result;
	const cause = result.error.cause;
	if (isDomainError(cause)) throw new TRPCError({ code: cause.code, message: cause.message, cause });
	if (isUnavailableError(cause)) {
		ctx.health?.report(cause);
		const refusal = new DomainError(
			'SERVICE_UNAVAILABLE',
			'unavailable',
			'The service is restarting. Try again in a few seconds.'
		);
		throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: refusal.message, cause: refusal });
	}
	if (sqlStateOf(cause)?.startsWith('22')) {
		console.warn(`tRPC ${path}: the database refused input the schema accepted:`, (cause as Error).message);
		const refusal = new DomainError(
			'BAD_REQUEST',
			'invalid_input',
			'This input contains a value that cannot be stored.'
		);
		throw new TRPCError({ code: 'BAD_REQUEST', message: refusal.message, cause: refusal });
	}
	return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(domainErrors);

/**
 * Mutations a suspended user may still call: signing out, marking their own notifications read (it changes
 * nothing anyone else sees), and sync.push, which answers each queued entry as refused (`suspended`)
 * instead of failing the whole batch, so the device's outbox does not stall.
 */
const ALLOWED_WHILE_SUSPENDED = new Set(['auth.logout', 'notification.markRead', 'sync.push']);

export const authedProcedure = publicProcedure.use(async ({ ctx, next, type, path }) => {
	if (!ctx.user) throw new DomainError('UNAUTHORIZED', 'unauthorized', 'Please sign in first.');
	// Read from the database, not the session: a suspension holds from the next call on. Reads still work.
	if (type === 'mutation' && !ALLOWED_WHILE_SUSPENDED.has(path))
		await assertNotSuspended(ctx.db, ctx.user.id);
	return next({ ctx: { ...ctx, user: ctx.user, actor: actorOf(ctx.user) } });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
	if (!ctx.user.isAdmin)
		throw new DomainError('FORBIDDEN', 'admin_only', 'Only platform admins may do this.');
	return next();
});
