import { approveInput, rejectInput } from '$lib/domain/schemas/handover';
import { recordDepositInput } from '$lib/domain/schemas/wallet';
import { approve, reject, reviewQueue } from '../../handovers';
import { recordDeposit } from '../../wallet';
import { verifyLedger } from '../../ledger-verify.js';
import { adminProcedure, router } from '../init';
import { adminConsoleProcedures } from './admin-console';

export const adminRouter = router({
	...adminConsoleProcedures,
	recordDeposit: adminProcedure
		.input(recordDepositInput)
		.mutation(({ ctx, input }) => recordDeposit(ctx, ctx.actor, input)),
	reviewQueue: adminProcedure.query(({ ctx }) => reviewQueue(ctx.db, ctx.actor)),
	approve: adminProcedure.input(approveInput).mutation(({ ctx, input }) => approve(ctx, ctx.actor, input)),
	/** Recomputes every balance from the transfers; `ok` false is an alarm. */
	ledgerVerify: adminProcedure.query(({ ctx }) => verifyLedger((sql) => ctx.db.$queryRawUnsafe(sql))),
	reject: adminProcedure.input(rejectInput).mutation(({ ctx, input }) => reject(ctx, ctx.actor, input))
});
