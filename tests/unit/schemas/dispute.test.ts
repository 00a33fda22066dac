// Checks the dispute inputs: statement and reason bounds, file limits, status default and worker amount.
import { describe, expect, it } from 'vitest';
import {
	disputeForTaskInput,
	disputesInput,
	openDisputeInput,
	resolveDisputeInput
} from '$lib/domain/schemas/dispute';
import { refusal, uuid, ids as fileIds } from './support';

describe('openDisputeInput', () => {
	const open = { taskId: uuid, statement: 'It was not done.' };

	it('defaults the files to none', () => {
		expect(openDisputeInput.parse(open)).toEqual({
			taskId: uuid,
			statement: 'It was not done.',
			fileIds: []
		});
	});

	it('accepts one to 20 files and refuses 21', () => {
		const one = fileIds(1);
		expect(openDisputeInput.parse({ ...open, fileIds: one }).fileIds).toEqual(one);
		expect(openDisputeInput.parse({ ...open, fileIds: fileIds(20) }).fileIds).toHaveLength(20);
		expect(openDisputeInput.safeParse({ ...open, fileIds: fileIds(21) }).success).toBe(false);
	});

	it('bounds the statement at 10 and 5000 characters', () => {
		expect(openDisputeInput.parse({ ...open, statement: 's'.repeat(10) }).statement).toHaveLength(10);
		expect(openDisputeInput.parse({ ...open, statement: 's'.repeat(5000) }).statement).toHaveLength(5000);
		expect(openDisputeInput.safeParse({ ...open, statement: 's'.repeat(9) }).success).toBe(false);
		expect(openDisputeInput.safeParse({ ...open, statement: 's'.repeat(5001) }).success).toBe(false);
	});
});

describe('disputeForTaskInput', () => {
	it('keeps the task and wants a UUID', () => {
		expect(disputeForTaskInput.parse({ taskId: uuid })).toEqual({ taskId: uuid });
		expect(disputeForTaskInput.safeParse({ taskId: 'x' }).success).toBe(false);
	});
});

describe('disputesInput', () => {
	it('defaults to the open disputes', () => {
		expect(disputesInput.parse(undefined)).toEqual({ status: 'OPEN' });
		expect(disputesInput.parse({})).toEqual({ status: 'OPEN' });
	});

	it('accepts both statuses and refuses others', () => {
		expect(disputesInput.parse({ status: 'OPEN' })).toEqual({ status: 'OPEN' });
		expect(disputesInput.parse({ status: 'RESOLVED' })).toEqual({ status: 'RESOLVED' });
		expect(disputesInput.safeParse({ status: 'CLOSED' }).success).toBe(false);
		expect(disputesInput.safeParse({ status: '' }).success).toBe(false);
	});
});

describe('resolveDisputeInput', () => {
	const resolve = { disputeId: uuid, workerAmount: 500n, reason: 'Half done.' };

	it('keeps every field', () => {
		expect(resolveDisputeInput.parse(resolve)).toEqual(resolve);
	});

	it('accepts a worker amount from 0 to MAX_AMOUNT', () => {
		expect(resolveDisputeInput.parse({ ...resolve, workerAmount: 0n }).workerAmount).toBe(0n);
		expect(resolveDisputeInput.parse({ ...resolve, workerAmount: 10_000_000_000n }).workerAmount).toBe(
			10_000_000_000n
		);
	});

	it('refuses amounts out of range or not bigint with their messages', () => {
		expect(refusal(resolveDisputeInput, { ...resolve, workerAmount: -1n })).toEqual([
			{ path: 'workerAmount', message: 'The worker’s part cannot be negative.' }
		]);
		expect(refusal(resolveDisputeInput, { ...resolve, workerAmount: 10_000_000_001n })).toEqual([
			{ path: 'workerAmount', message: 'That amount is larger than the platform accepts.' }
		]);
		expect(refusal(resolveDisputeInput, { ...resolve, workerAmount: 5 })).toEqual([
			{ path: 'workerAmount', message: 'An amount is a whole number of minor units (bigint).' }
		]);
	});

	it('bounds the reason at 3 and 2000 characters', () => {
		expect(resolveDisputeInput.parse({ ...resolve, reason: 'abc' }).reason).toBe('abc');
		expect(resolveDisputeInput.parse({ ...resolve, reason: 'r'.repeat(2000) }).reason).toHaveLength(2000);
		expect(resolveDisputeInput.safeParse({ ...resolve, reason: 'ab' }).success).toBe(false);
		expect(resolveDisputeInput.safeParse({ ...resolve, reason: 'r'.repeat(2001) }).success).toBe(false);
	});
});
