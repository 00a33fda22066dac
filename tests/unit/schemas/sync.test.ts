// Checks the sync inputs: the pushed batch's size and entries, and the pull cursor and page bounds.
import { describe, expect, it } from 'vitest';
import { MAX_PUSH_BATCH, pullInput, pushInput } from '$lib/domain/schemas/sync';

const createdAt = new Date('2026-03-01T10:00:00.000Z');
const entry = (name = 'task.claim') => ({ id: crypto.randomUUID(), name, args: { taskId: 'x' }, createdAt });
const batch = (n: number) => Array.from({ length: n }, () => entry());

describe('pushInput', () => {
	it('keeps every field of a queued mutation', () => {
		const queued = entry('handover.submit');
		expect(pushInput.parse({ mutations: [queued] })).toEqual({ mutations: [queued] });
	});

	it('accepts each syncable procedure and refuses others', () => {
		for (const name of ['task.publish', 'task.claim', 'task.release', 'task.cancel', 'handover.submit'])
			expect(pushInput.parse({ mutations: [entry(name)] }).mutations[0]?.name).toBe(name);
		expect(pushInput.safeParse({ mutations: [entry('wallet.withdraw')] }).success).toBe(false);
	});

	it('takes 1 to 50 mutations', () => {
		expect(MAX_PUSH_BATCH).toBe(50);
		expect(pushInput.parse({ mutations: batch(2) }).mutations).toHaveLength(2);
		expect(pushInput.parse({ mutations: batch(50) }).mutations).toHaveLength(50);
		expect(pushInput.safeParse({ mutations: [] }).success).toBe(false);
		expect(pushInput.safeParse({ mutations: batch(51) }).success).toBe(false);
	});

	it('wants a UUID, an args record and a sane instant', () => {
		expect(pushInput.safeParse({ mutations: [{ ...entry(), id: 'x' }] }).success).toBe(false);
		expect(pushInput.safeParse({ mutations: [{ ...entry(), args: 'x' }] }).success).toBe(false);
		const result = pushInput.safeParse({ mutations: [{ ...entry(), createdAt: new Date('1999-12-31') }] });
		expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
			['mutations.0.createdAt', 'Choose a date from the year 2000 on.']
		]);
	});
});

describe('pullInput', () => {
	it('defaults to a page of 200', () => {
		expect(pullInput.parse({})).toEqual({ limit: 200 });
	});

	it('keeps the cursor and the limit', () => {
		expect(pullInput.parse({ cursor: 'c', limit: 5 })).toEqual({ cursor: 'c', limit: 5 });
	});

	it('bounds the limit at 1 and 500 whole entries', () => {
		expect(pullInput.parse({ limit: 1 }).limit).toBe(1);
		expect(pullInput.parse({ limit: 500 }).limit).toBe(500);
		expect(pullInput.safeParse({ limit: 0 }).success).toBe(false);
		expect(pullInput.safeParse({ limit: 501 }).success).toBe(false);
		expect(pullInput.safeParse({ limit: 1.5 }).success).toBe(false);
	});

	it('bounds the cursor at 4000 characters', () => {
		expect(pullInput.parse({ cursor: 'c'.repeat(4000) }).cursor).toHaveLength(4000);
		expect(pullInput.safeParse({ cursor: 'c'.repeat(4001) }).success).toBe(false);
	});
});
