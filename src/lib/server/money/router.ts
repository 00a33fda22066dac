import { depositInput, statementInput, withdrawInput } from '$lib/domain/schemas/wallet';
import { myDeposits, providers, requestDeposit } from './deposits';
import { statement } from './statement';
import { walletSummary } from './ledger';
import { myWithdrawals, requestWithdrawal } from './withdrawals';
import { authedProcedure, router } from '../core/trpc';

export const walletRouter = router({
	get: authedProcedure.query(({ ctx }) => walletSummary(ctx.db, ctx.actor.userId, ctx.config.currency)),
	/** The payment providers this server offers, its bank details and the withdrawal terms. */
	providers: authedProcedure.query(({ ctx }) => providers(ctx)),
	deposit: authedProcedure
		.input(depositInput)
		.mutation(({ ctx, input }) => requestDeposit(ctx, ctx.actor, input)),
	deposits: authedProcedure.query(({ ctx }) => myDeposits(ctx.db, ctx.actor)),
	withdraw: authedProcedure
		.input(withdrawInput)
		.mutation(({ ctx, input }) => requestWithdrawal(ctx, ctx.actor, input)),
	withdrawals: authedProcedure.query(({ ctx }) => myWithdrawals(ctx.db, ctx.actor)),
	statement: authedProcedure.input(statementInput).query(({ ctx, input }) => statement(ctx, ctx.actor, input))
});
