// Inputs of the admin console's procedures (users, tasks, ledger, settings, audit log), shared with its pages.
import { z } from 'zod';
import { settingsPatch } from '../settings';
import { TASK_STATUSES } from '../task-state';
import { cursor as pageCursor, id, longText, mutationId, searchText, text } from './common';

/** An opaque page cursor handed out by the previous page. */
const cursor = pageCursor();

export const adminUsersInput = z.object({ q: searchText().optional(), cursor });
export type AdminUsersInput = z.infer<typeof adminUsersInput>;

/** Why an account is suspended: shown to its owner. */
export const suspensionReason = longText(3, 500);

export const suspendUserInput = z.object({ mutationId, userId: id, reason: suspensionReason });
export const unsuspendUserInput = z.object({ mutationId, userId: id });

export const adminTasksInput = z.object({
	q: searchText().optional(),
	status: z.enum(TASK_STATUSES).optional(),
	cursor
});
export type AdminTasksInput = z.infer<typeof adminTasksInput>;

export const forceCancelInput = z.object({ mutationId, taskId: id, reason: longText(3, 2000) });

export const ACCOUNT_KINDS = [
	'WALLET',
	'ESCROW',
	'PLATFORM_REVENUE',
	'EXTERNAL',
	'WITHDRAWAL_PENDING'
] as const;
export type AccountKindName = (typeof ACCOUNT_KINDS)[number];

export const adminAccountsInput = z.object({ kind: z.enum(ACCOUNT_KINDS).optional(), cursor });
export const adminTransfersInput = z.object({ accountId: id.optional(), taskId: id.optional(), cursor });

export const updateSettingsInput = z.object({ mutationId, patch: settingsPatch });

export const AUDIT_TARGET_TYPES = [
	'task',
	'handover',
	'dispute',
	'user',
	'withdrawal',
	'deposit',
	'verification',
	'settings'
] as const;

export const adminAuditInput = z.object({
	cursor,
	actorId: id.optional(),
	targetType: z.enum(AUDIT_TARGET_TYPES).optional(),
	targetId: text(1, 100).optional()
});
