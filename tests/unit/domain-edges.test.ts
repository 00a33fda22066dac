// The small domain modules without a test file of their own: product vocabularies and limits, and the
// error every rule raises.
import { describe, expect, it } from 'vitest';
import {
	CHUNK_SIZE,
	FEED_PAGE_SIZE,
	MAX_CHUNK_SIZE,
	MAX_HANDOVER_FILES,
	PASSWORD_MIN,
	TASK_CATEGORIES,
	USER_KINDS,
	isTaskCategory
} from '$lib/domain/constants';
import { DomainError, isDomainError } from '$lib/domain/errors';

describe('constants', () => {
	it('know exactly the five task categories', () => {
		expect(TASK_CATEGORIES).toEqual(['engineering', 'errand', 'household', 'tutoring', 'other']);
		for (const category of TASK_CATEGORIES) expect(isTaskCategory(category)).toBe(true);
		for (const other of ['', 'Errand', 'errand ', 'delivery', 'constructor', 'toString']) {
			expect(isTaskCategory(other)).toBe(false);
		}
	});

	it('send uploads in 256 KiB chunks and take at most 1 MiB at once', () => {
		expect(CHUNK_SIZE).toBe(262_144);
		expect(MAX_CHUNK_SIZE).toBe(1_048_576);
		expect(CHUNK_SIZE).toBeLessThan(MAX_CHUNK_SIZE);
	});

	it('fix the product limits', () => {
		expect(USER_KINDS).toEqual(['person', 'organisation']);
		expect(PASSWORD_MIN).toBe(8);
		expect(FEED_PAGE_SIZE).toBe(20);
		expect(MAX_HANDOVER_FILES).toBe(20);
	});
});

describe('DomainError', () => {
	it('carries its code, key and English message, and names itself', () => {
		const error = new DomainError('NOT_FOUND', 'task_not_found', 'No such task.');
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('DomainError');
		expect(error.code).toBe('NOT_FOUND');
		expect(error.key).toBe('task_not_found');
		expect(error.message).toBe('No such task.');
		expect(String(error)).toBe('DomainError: No such task.');
	});

	it('is told apart from every other error and from look-alikes', () => {
		expect(isDomainError(new DomainError('CONFLICT', 'taken', 'Someone else holds the task.'))).toBe(true);
		expect(isDomainError(new Error('boom'))).toBe(false);
		expect(isDomainError({ name: 'DomainError', code: 'CONFLICT', key: 'taken', message: 'x' })).toBe(false);
		expect(isDomainError(null)).toBe(false);
		expect(isDomainError(undefined)).toBe(false);
	});
});
