import {
	decideVerificationInput,
	verificationsInput,
	verificationSubmitInput
} from '$lib/domain/schemas/trust';
import { decideVerification, listVerifications, myVerifications, submitVerification } from './verifications';
import { adminProcedure, authedProcedure, router } from '../core/trpc';

export const verificationRouter = router({
	submit: authedProcedure
		.input(verificationSubmitInput)
		.mutation(({ ctx, input }) => submitVerification(ctx.db, ctx.actor, input)),
	mine: authedProcedure.query(({ ctx }) => myVerifications(ctx.db, ctx.actor))
});

/** The admin's side, mounted under `admin.` (see admin.ts). */
export const verificationAdminProcedures = {
	verifications: adminProcedure
		.input(verificationsInput)
		.query(({ ctx, input }) => listVerifications(ctx.db, ctx.actor, input)),
	decideVerification: adminProcedure
		.input(decideVerificationInput)
		.mutation(({ ctx, input }) => decideVerification(ctx.db, ctx.actor, input))
};
