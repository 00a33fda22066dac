// Every `admin.*` procedure. Each service checks the admin itself too (access/admin.ts), so a procedure
// mounted in the wrong place cannot leak.
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
import { adminDeposits, cancelDeposit, confirmDeposit, recordDeposit } from '../money/deposits';
import { approve, reject, reviewQueue } from '../handovers/handovers';
import { verifyLedger } from '../money/verify.js';
import { adminWithdrawals, markWithdrawalPaid, refuseWithdrawal } from '../money/withdrawals';
import { adminProcedure, router } from '../core/trpc';
import {
	adminAccountsInput,
	adminAuditInput,
	adminTasksInput,
	adminTransfersInput,
	adminUsersInput,
	forceCancelInput,
	suspendUserInput,
	unsuspendUserInput,
	updateSettingsInput
} from '$lib/domain/schemas/admin-console';
import { auditLog, overview } from './audit-log';
import { listAccounts, listTransfers } from './ledger';
import { settingsView, updateSettings } from './settings';
import { forceCancel, listTasks } from './tasks';
import { listUsers, suspendUser, unsuspendUser } from './users';

import { decideVerificationInput, verificationsInput } from '$lib/domain/schemas/trust';
import { decideVerification, listVerifications } from '../trust/verifications';

export const adminRouter = router({
	// The console: overview, users, tasks, ledger, settings, audit log.
	overview: adminProcedure.query(({ ctx }) => overview(ctx.db, ctx.actor)),
	users: adminProcedure.input(adminUsersInput).query(({ ctx, input }) => listUsers(ctx, ctx.actor, input)),
	suspendUser: adminProcedure
		.input(suspendUserInput)
		.mutation(({ ctx, input }) => suspendUser(ctx, ctx.actor, input)),
	unsuspendUser: adminProcedure
		.input(unsuspendUserInput)
		.mutation(({ ctx, input }) => unsuspendUser(ctx, ctx.actor, input)),
	tasks: adminProcedure.input(adminTasksInput).query(({ ctx, input }) => listTasks(ctx, ctx.actor, input)),
	forceCancel: adminProcedure
		.input(forceCancelInput)
		.mutation(({ ctx, input }) => forceCancel(ctx, ctx.actor, input)),
	accounts: adminProcedure
		.input(adminAccountsInput)
		.query(({ ctx, input }) => listAccounts(ctx.db, ctx.actor, input)),
	transfers: adminProcedure
		.input(adminTransfersInput)
		.query(({ ctx, input }) => listTransfers(ctx.db, ctx.actor, input)),
	settings: adminProcedure.query(({ ctx }) => settingsView(ctx, ctx.actor)),
	updateSettings: adminProcedure
		.input(updateSettingsInput)
		.mutation(({ ctx, input }) => updateSettings(ctx, ctx.actor, input)),
	audit: adminProcedure.input(adminAuditInput).query(({ ctx, input }) => auditLog(ctx.db, ctx.actor, input)),
	// Identity verifications.
	verifications: adminProcedure
		.input(verificationsInput)
		.query(({ ctx, input }) => listVerifications(ctx.db, ctx.actor, input)),
	decideVerification: adminProcedure
		.input(decideVerificationInput)
		.mutation(({ ctx, input }) => decideVerification(ctx.db, ctx.actor, input)),
	// Money: deposits and withdrawals.
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
