// The admin console's procedures (users, tasks, ledger, settings, audit log, overview), merged into the
// `admin` router. Each service checks the admin itself too, so a misplaced procedure cannot leak.
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
import { adminProcedure } from '../core/trpc';

export const adminConsoleProcedures = {
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
	audit: adminProcedure.input(adminAuditInput).query(({ ctx, input }) => auditLog(ctx.db, ctx.actor, input))
};
