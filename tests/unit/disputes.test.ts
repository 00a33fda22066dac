// How a dispute's decision divides the escrow: exact, whatever the rounding.
import { describe, expect, it } from 'vitest';
import { disputeSplit } from '$lib/domain/disputes';
import { resolveDisputeInput, openDisputeInput } from '$lib/domain/schemas/dispute';

describe('disputeSplit', () => {
	it.each([
		// bounty, worker's part, bps → net, fee, refund
		[12_345n, 0n, 1000, 0n, 0n, 12_345n],
		[12_345n, 12_345n, 1000, 11_110n, 1_235n, 0n],
		[12_345n, 6_172n, 1000, 5_555n, 617n, 6_173n],
		[12_345n, 1n, 1000, 1n, 0n, 12_344n],
		[12_345n, 5n, 1000, 4n, 1n, 12_340n],
		[1n, 1n, 1000, 1n, 0n, 0n],
		[1n, 1n, 5000, 0n, 1n, 0n],
		[999n, 500n, 333, 483n, 17n, 499n],
		[10_000n, 3_333n, 0, 3_333n, 0n, 6_667n],
		[10_000n, 3_333n, 10_000, 0n, 3_333n, 6_667n]
	])('bounty %s, worker part %s at %s bps', (bounty, part, bps, net, fee, refund) => {
		const split = disputeSplit(bounty, part, bps);
		expect(split).toEqual({ workerAmount: part, workerNet: net, fee, requesterAmount: refund });
		expect(split.workerNet + split.fee + split.requesterAmount).toBe(bounty);
	});

	it('sums to the bounty for every part of a small odd bounty at an odd rate', () => {
		for (let part = 0n; part <= 777n; part++) {
			const split = disputeSplit(777n, part, 1234);
			expect(split.workerNet + split.fee + split.requesterAmount).toBe(777n);
			expect(split.workerNet >= 0n && split.fee >= 0n && split.requesterAmount >= 0n).toBe(true);
		}
	});

	it('refuses parts outside 0 … bounty with its own message, and takes both ends', () => {
		// Its own guard, not splitCommission's "A bounty cannot be negative.", answers a negative part.
		const outside = new RangeError('The worker’s part must lie between 0 and the bounty.');
		expect(() => disputeSplit(100n, -1n, 1000)).toThrow(outside);
		expect(() => disputeSplit(100n, 101n, 1000)).toThrow(outside);
		expect(() => disputeSplit(0n, 1n, 1000)).toThrow(outside);
		expect(disputeSplit(100n, 0n, 1000)).toEqual({
			workerAmount: 0n,
			workerNet: 0n,
			fee: 0n,
			requesterAmount: 100n
		});
		expect(disputeSplit(100n, 100n, 1000)).toEqual({
			workerAmount: 100n,
			workerNet: 90n,
			fee: 10n,
			requesterAmount: 0n
		});
		expect(disputeSplit(0n, 0n, 1000)).toEqual({
			workerAmount: 0n,
			workerNet: 0n,
			fee: 0n,
			requesterAmount: 0n
		});
	});

	it('lets splitCommission judge the rate', () => {
		const rate = new RangeError('A commission rate is a whole number of basis points between 0 and 10000.');
		expect(() => disputeSplit(100n, 50n, 10_001)).toThrow(rate);
		expect(() => disputeSplit(100n, 50n, -1)).toThrow(rate);
	});
});

describe('dispute schemas', () => {
	const id = '0192f0c1-7e2a-7c3b-8d4e-5f6a7b8c9d0e';
	it('trim statements and reasons and bound them', () => {
		expect(openDisputeInput.parse({ taskId: id, statement: '  ten chars!  ' })).toEqual({
			taskId: id,
			statement: 'ten chars!',
			fileIds: []
		});
		expect(openDisputeInput.safeParse({ taskId: id, statement: 'too short' }).success).toBe(false);
		expect(resolveDisputeInput.safeParse({ disputeId: id, workerAmount: 0n, reason: 'ok!' }).success).toBe(
			true
		);
		expect(resolveDisputeInput.safeParse({ disputeId: id, workerAmount: -1n, reason: 'ok!' }).success).toBe(
			false
		);
		expect(resolveDisputeInput.safeParse({ disputeId: id, workerAmount: 1n, reason: 'no' }).success).toBe(
			false
		);
	});
});
