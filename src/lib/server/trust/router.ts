// Trust between strangers: ratings, public profiles, identity verification and the task's message thread.
// The admin's side of verification is under `admin.` (admin/router.ts).
import {
	messageListInput,
	messageSendInput,
	profileInput,
	ratingSubmitInput,
	verificationSubmitInput
} from '$lib/domain/schemas/trust';
import { taskIdInput } from '$lib/domain/schemas/task';
import { authedProcedure, publicProcedure, router } from '../core/trpc';
import { listMessages, sendMessage } from './messages';
import { userProfile } from './profiles';
import { ratingState, submitRating } from './ratings';
import { myVerifications, submitVerification } from './verifications';

export const ratingRouter = router({
	submit: authedProcedure
		.input(ratingSubmitInput)
		.mutation(({ ctx, input }) => submitRating(ctx.db, ctx.actor, input)),
	/** Whether the caller may still rate this task, and the rating they gave. */
	forTask: authedProcedure
		.input(taskIdInput)
		.query(({ ctx, input }) => ratingState(ctx.db, ctx.actor, input.id))
});

export const userRouter = router({
	profile: publicProcedure.input(profileInput).query(({ ctx, input }) => userProfile(ctx.db, input.userId))
});

export const verificationRouter = router({
	submit: authedProcedure
		.input(verificationSubmitInput)
		.mutation(({ ctx, input }) => submitVerification(ctx.db, ctx.actor, input)),
	mine: authedProcedure.query(({ ctx }) => myVerifications(ctx.db, ctx.actor))
});

export const messageRouter = router({
	list: authedProcedure
		.input(messageListInput)
		.query(({ ctx, input }) => listMessages(ctx.db, ctx.actor, input)),
	send: authedProcedure
		.input(messageSendInput)
		.mutation(({ ctx, input }) => sendMessage(ctx.db, ctx.actor, input))
});
