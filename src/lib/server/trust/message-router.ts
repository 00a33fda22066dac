import { messageListInput, messageSendInput } from '$lib/domain/schemas/trust';
import { listMessages, sendMessage } from './messages';
import { authedProcedure, router } from '../core/trpc';

export const messageRouter = router({
	list: authedProcedure
		.input(messageListInput)
		.query(({ ctx, input }) => listMessages(ctx.db, ctx.actor, input)),
	send: authedProcedure
		.input(messageSendInput)
		.mutation(({ ctx, input }) => sendMessage(ctx.db, ctx.actor, input))
});
