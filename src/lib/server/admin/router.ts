import { disputesInput, resolveDisputeInput } from '$lib/domain/schemas/dispute';
import { approveInput, rejectInput } from '$lib/domain/schemas/handover';
import { listDisputes, resolveDispute } from '../disputes/disputes';
import {
	cancelDepositInput,
	confirmDepositInput,
	depositsFilter,
	markWithdrawalPaidInput,
	recordDepositInput,
	refuseWithdrawalInput,
	withdrawalsFilter
} from '$lib/domain/schemas/wallet';
import { adminDeposits, cancelDeposit, confirmDeposit } from '../money/deposits';
import { approve, reject, reviewQueue } from '../handovers/handovers';
import { recordDeposit } from '../money/wallet';
import { verifyLedger } from '../money/verify.js';
import { adminWithdrawals, markWithdrawalPaid, refuseWithdrawal } from '../money/withdrawals';
import { adminProcedure, router } from '../core/trpc';
import { verificationAdminProcedures } from '../trust/verification-router';
import { adminConsoleProcedures } from './console-router';

export const adminRouter = router({
	...verificationAdminProcedures,
	...adminConsoleProcedures,
	recordDeposit: adminProcedure
		.input(recordDepositInput)
		.mutation(({ ctx, input }) => recordDeposit(ctx, ctx.actor, input)),
	deposits: adminProcedure
		.input(depositsFilter)
		.query(({ ctx, input }) => adminDeposits(ctx.db, ctx.actor, input)),
	confirmDeposit: adminProcedure
		.input(confirmDepositInput)
		.mutation(({ ctx, input }) => confirmDeposit(ctx, ctx.actor, input)),
	cancelDeposit: adminProcedure
		.input(cancelDepositInput)
		.mutation(({ ctx, input }) => cancelDeposit(ctx, ctx.actor, input)),
	withdrawals: adminProcedure
		.input(withdrawalsFilter)
		.query(({ ctx, input }) => adminWithdrawals(ctx.db, ctx.actor, input)),
	markWithdrawalPaid: adminProcedure
		.input(markWithdrawalPaidInput)
		.mutation(({ ctx, input }) => markWithdrawalPaid(ctx, ctx.actor, input)),
	refuseWithdrawal: adminProcedure
		.input(refuseWithdrawalInput)
		.mutation(({ ctx, input }) => refuseWithdrawal(ctx, ctx.actor, input)),
	reviewQueue: adminProcedure.query(({ ctx }) => reviewQueue(ctx, ctx.actor)),
	approve: adminProcedure.input(approveInput).mutation(({ ctx, input }) => approve(ctx, ctx.actor, input)),
	/** Recomputes every balance from the transfers; `ok` false is an alarm. */
	ledgerVerify: adminProcedure.query(({ ctx }) => verifyLedger((sql) => ctx.db.$queryRawUnsafe(sql))),
	reject: adminProcedure.input(rejectInput).mutation(({ ctx, input }) => reject(ctx, ctx.actor, input)),
	disputes: adminProcedure
		.input(disputesInput)
		.query(({ ctx, input }) => listDisputes(ctx.db, ctx.actor, input)),
	resolveDispute: adminProcedure
		.input(resolveDisputeInput)
		.mutation(({ ctx, input }) => resolveDispute(ctx, ctx.actor, input))
});
