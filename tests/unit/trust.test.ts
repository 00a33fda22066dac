import { describe, expect, it } from 'vitest';
import { decideVerificationInput, messageSendInput, ratingSubmitInput } from '$lib/domain/schemas/trust';
import {
	disputeRate,
	isThreadParticipant,
	isValidScore,
	messageRecipients,
	onTimeRate,
	ratingFor,
	threadVisibleSince,
	type TaskParties
} from '$lib/domain/trust';

const task = (status: string, claimantId: string | null = 'worker'): TaskParties => ({
	status,
	requesterId: 'requester',
	claimantId
});
const id = '0190d8a4-7d5f-7000-8000-000000000001';

describe('ratingFor', () => {
	it('lets the requester rate the worker and the worker the requester once completed', () => {
		expect(ratingFor(task('COMPLETED'), 'requester')).toEqual({
			ok: true,
			role: 'requester',
			rateeId: 'worker'
		});
		expect(ratingFor(task('COMPLETED'), 'worker')).toEqual({
			ok: true,
			role: 'worker',
			rateeId: 'requester'
		});
	});

	it('refuses anyone else, and every state but COMPLETED', () => {
		expect(ratingFor(task('COMPLETED'), 'stranger')).toEqual({ ok: false, refusal: 'not_participant' });
		for (const status of ['OPEN', 'CLAIMED', 'SUBMITTED', 'DISPUTED', 'CANCELLED']) {
			expect(ratingFor(task(status), 'requester')).toEqual({ ok: false, refusal: 'not_completed' });
			expect(ratingFor(task(status), 'worker')).toEqual({ ok: false, refusal: 'not_completed' });
		}
		// Without a worker there is nobody to rate.
		expect(ratingFor(task('OPEN', null), 'requester')).toEqual({ ok: false, refusal: 'not_participant' });
	});

	it('accepts whole scores from 1 to 5 only', () => {
		expect([1, 2, 3, 4, 5].every(isValidScore)).toBe(true);
		expect([0, 6, 2.5, Number.NaN, -1].some(isValidScore)).toBe(false);
		expect(ratingSubmitInput.safeParse({ taskId: id, score: 3, comment: 'x'.repeat(1000) }).success).toBe(
			true
		);
		expect(ratingSubmitInput.safeParse({ taskId: id, score: 3, comment: 'x'.repeat(1001) }).success).toBe(
			false
		);
	});
});

describe('onTimeRate', () => {
	it('is first handovers on time over first handovers plus lapsed claims', () => {
		expect(onTimeRate({ firstSubmissionsOnTime: 3, firstSubmissions: 3, lapses: 1 })).toBe(0.75);
		expect(onTimeRate({ firstSubmissionsOnTime: 1, firstSubmissions: 2, lapses: 0 })).toBe(0.5);
		expect(onTimeRate({ firstSubmissionsOnTime: 0, firstSubmissions: 0, lapses: 2 })).toBe(0);
	});

	it('is null without any history', () => {
		expect(onTimeRate({ firstSubmissionsOnTime: 0, firstSubmissions: 0, lapses: 0 })).toBeNull();
	});
});

describe('disputeRate', () => {
	it('is disputed over ended tasks, null when none ended', () => {
		expect(disputeRate({ disputed: 1, ended: 4 })).toBe(0.25);
		expect(disputeRate({ disputed: 0, ended: 0 })).toBeNull();
	});
});

describe('message threads', () => {
	it('include the requester, the worker and admins only', () => {
		const t = task('CLAIMED');
		expect(isThreadParticipant(t, { userId: 'requester', isAdmin: false })).toBe(true);
		expect(isThreadParticipant(t, { userId: 'worker', isAdmin: false })).toBe(true);
		expect(isThreadParticipant(t, { userId: 'admin', isAdmin: true })).toBe(true);
		expect(isThreadParticipant(t, { userId: 'stranger', isAdmin: false })).toBe(false);
		expect(isThreadParticipant(task('OPEN', null), { userId: 'worker', isAdmin: false })).toBe(false);
	});

	it('show the requester and admins every message, the worker only those since their claim', () => {
		const claimedAt = new Date('2026-12-03T08:00:00.000Z');
		const held = { requesterId: 'requester', claimedAt };
		expect(threadVisibleSince(held, { userId: 'requester', isAdmin: false })).toBeNull();
		expect(threadVisibleSince(held, { userId: 'admin', isAdmin: true })).toBeNull();
		expect(threadVisibleSince(held, { userId: 'requester', isAdmin: true })).toBeNull();
		expect(threadVisibleSince(held, { userId: 'worker', isAdmin: false })).toEqual(claimedAt);
		// Without a claim a worker sees nothing: the latest instant JavaScript can hold.
		const open = { requesterId: 'requester', claimedAt: null };
		expect(threadVisibleSince(open, { userId: 'worker', isAdmin: false })?.getTime()).toBe(8.64e15);
		expect(threadVisibleSince(open, { userId: 'requester', isAdmin: false })).toBeNull();
		expect(threadVisibleSince(open, { userId: 'admin', isAdmin: true })).toBeNull();
	});

	it('announce a message to the other parties, never its author', () => {
		expect(messageRecipients(task('CLAIMED'), 'worker')).toEqual(['requester']);
		expect(messageRecipients(task('CLAIMED'), 'admin')).toEqual(['requester', 'worker']);
		expect(messageRecipients(task('OPEN', null), 'requester')).toEqual([]);
	});

	it('carry 1 to 4000 characters and at most 6 files', () => {
		expect(messageSendInput.safeParse({ taskId: id, body: 'Hi' }).success).toBe(true);
		expect(messageSendInput.safeParse({ taskId: id, body: ' ' }).success).toBe(false);
		expect(messageSendInput.safeParse({ taskId: id, body: 'x'.repeat(4001) }).success).toBe(false);
		expect(messageSendInput.safeParse({ taskId: id, body: 'x', fileIds: Array(7).fill(id) }).success).toBe(
			false
		);
	});
});

describe('decideVerificationInput', () => {
	it('needs a reason to refuse, not to verify', () => {
		expect(decideVerificationInput.safeParse({ verificationId: id, approve: true }).success).toBe(true);
		expect(decideVerificationInput.safeParse({ verificationId: id, approve: false }).success).toBe(false);
		expect(
			decideVerificationInput.safeParse({ verificationId: id, approve: false, reason: 'Blurred photo' })
				.success
		).toBe(true);
	});
});
