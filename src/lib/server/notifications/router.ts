import { markReadInput, notificationListInput } from '$lib/domain/schemas/notification';
import { listNotifications, markRead, unreadCount } from './centre';
import { authedProcedure, router } from '../core/trpc';

export const notificationRouter = router({
	list: authedProcedure
		.input(notificationListInput)
		.query(({ ctx, input }) => listNotifications(ctx.db, ctx.actor, input)),
	unreadCount: authedProcedure.query(({ ctx }) => unreadCount(ctx.db, ctx.actor.userId)),
	markRead: authedProcedure
		.input(markReadInput)
		.mutation(({ ctx, input }) => markRead(ctx.db, ctx.actor, input))
});
