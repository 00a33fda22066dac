// Checks the admin console's inputs: fields kept, reason and target bounds, enums and the settings patch.
import { describe, expect, it } from 'vitest';
import {
	adminAccountsInput,
	adminAuditInput,
	adminTasksInput,
	adminTransfersInput,
	adminUsersInput,
	forceCancelInput,
	suspendUserInput,
	suspensionReason,
	unsuspendUserInput,
	updateSettingsInput
} from '$lib/domain/schemas/admin-console';
import { uuid, other } from './support';

describe('list inputs', () => {
	it('adminUsersInput keeps the search and the cursor', () => {
		expect(adminUsersInput.parse({ q: ' li ', cursor: 'c1' })).toEqual({ q: 'li', cursor: 'c1' });
		expect(adminUsersInput.parse({})).toEqual({});
		expect(adminUsersInput.safeParse({ cursor: 'c'.repeat(201) }).success).toBe(false);
	});

	it('adminTasksInput keeps the search, status and cursor and refuses unknown statuses', () => {
		expect(adminTasksInput.parse({ q: 'boxes', status: 'DISPUTED', cursor: 'c' })).toEqual({
			q: 'boxes',
			status: 'DISPUTED',
			cursor: 'c'
		});
		expect(adminTasksInput.safeParse({ status: 'LOST' }).success).toBe(false);
	});

	it('adminAccountsInput keeps the kind and refuses unknown kinds', () => {
		expect(adminAccountsInput.parse({ kind: 'WITHDRAWAL_PENDING', cursor: 'c' })).toEqual({
			kind: 'WITHDRAWAL_PENDING',
			cursor: 'c'
		});
		expect(adminAccountsInput.parse({ kind: 'WALLET' })).toEqual({ kind: 'WALLET' });
		expect(adminAccountsInput.safeParse({ kind: 'SAVINGS' }).success).toBe(false);
	});

	it('adminTransfersInput keeps both ids and refuses a bad one', () => {
		expect(adminTransfersInput.parse({ accountId: uuid, taskId: other, cursor: 'c' })).toEqual({
			accountId: uuid,
			taskId: other,
			cursor: 'c'
		});
		expect(adminTransfersInput.safeParse({ taskId: 'x' }).success).toBe(false);
	});

	it('adminAuditInput keeps every filter', () => {
		const filter = { cursor: 'c', actorId: uuid, targetType: 'verification', targetId: 't-1' };
		expect(adminAuditInput.parse(filter)).toEqual(filter);
		expect(adminAuditInput.parse({})).toEqual({});
		expect(adminAuditInput.safeParse({ targetType: 'planet' }).success).toBe(false);
	});

	it('adminAuditInput bounds the target id at 1 and 100 characters', () => {
		expect(adminAuditInput.parse({ targetId: 't'.repeat(100) }).targetId).toBe('t'.repeat(100));
		expect(adminAuditInput.safeParse({ targetId: 't'.repeat(101) }).success).toBe(false);
		expect(adminAuditInput.safeParse({ targetId: '' }).success).toBe(false);
	});
});

describe('account actions', () => {
	it('suspensionReason takes 3 to 500 characters', () => {
		expect(suspensionReason.parse('abc')).toBe('abc');
		expect(suspensionReason.parse('r'.repeat(500))).toBe('r'.repeat(500));
		expect(suspensionReason.safeParse('ab').success).toBe(false);
		expect(suspensionReason.safeParse('r'.repeat(501)).success).toBe(false);
	});

	it('suspendUserInput keeps every field', () => {
		expect(suspendUserInput.parse({ mutationId: other, userId: uuid, reason: ' Spam. ' })).toEqual({
			mutationId: other,
			userId: uuid,
			reason: 'Spam.'
		});
		expect(suspendUserInput.safeParse({ userId: uuid }).success).toBe(false);
	});

	it('unsuspendUserInput keeps the user', () => {
		expect(unsuspendUserInput.parse({ mutationId: other, userId: uuid })).toEqual({
			mutationId: other,
			userId: uuid
		});
		expect(unsuspendUserInput.safeParse({}).success).toBe(false);
	});
});

describe('forceCancelInput', () => {
	it('keeps every field', () => {
		expect(forceCancelInput.parse({ taskId: uuid, reason: 'Fraud' })).toEqual({
			taskId: uuid,
			reason: 'Fraud'
		});
	});

	it('bounds the reason at 3 and 2000 characters', () => {
		expect(forceCancelInput.parse({ taskId: uuid, reason: 'r'.repeat(2000) }).reason).toHaveLength(2000);
		expect(forceCancelInput.safeParse({ taskId: uuid, reason: 'r'.repeat(2001) }).success).toBe(false);
		expect(forceCancelInput.safeParse({ taskId: uuid, reason: 'ab' }).success).toBe(false);
	});
});

describe('updateSettingsInput', () => {
	it('keeps the patch', () => {
		expect(updateSettingsInput.parse({ mutationId: uuid, patch: { commissionBps: 750 } })).toEqual({
			mutationId: uuid,
			patch: { commissionBps: 750 }
		});
	});

	it('refuses an empty patch on its path', () => {
		const result = updateSettingsInput.safeParse({ patch: {} });
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
			['patch', 'Change at least one setting.']
		]);
	});
});
