// Checks the notification inputs: page defaults and bounds, marking read, and the watched-task limit.
import { describe, expect, it } from 'vitest';
import {
	markReadInput,
	MAX_WATCHED_TASKS,
	notificationListInput,
	watchedTasks
} from '$lib/domain/schemas/notification';
import { ids } from './support';

describe('notificationListInput', () => {
	it('defaults to a page of 20', () => {
		expect(notificationListInput.parse(undefined)).toEqual({ limit: 20 });
		expect(notificationListInput.parse({})).toEqual({ limit: 20 });
	});

	it('keeps the cursor and the limit', () => {
		expect(notificationListInput.parse({ cursor: 'c', limit: 7 })).toEqual({ cursor: 'c', limit: 7 });
	});

	it('bounds the limit at 1 and 100 whole notifications', () => {
		expect(notificationListInput.parse({ limit: 1 }).limit).toBe(1);
		expect(notificationListInput.parse({ limit: 100 }).limit).toBe(100);
		expect(notificationListInput.safeParse({ limit: 0 }).success).toBe(false);
		expect(notificationListInput.safeParse({ limit: 101 }).success).toBe(false);
		expect(notificationListInput.safeParse({ limit: 2.5 }).success).toBe(false);
	});

	it('bounds the cursor at 200 characters', () => {
		expect(notificationListInput.safeParse({ cursor: 'c'.repeat(201) }).success).toBe(false);
	});
});

describe('markReadInput', () => {
	it('means all unread when no ids are given', () => {
		expect(markReadInput.parse(undefined)).toEqual({});
		expect(markReadInput.parse({})).toEqual({});
	});

	it('accepts 1 to 500 ids and refuses none or 501', () => {
		const one = ids(1);
		expect(markReadInput.parse({ ids: one })).toEqual({ ids: one });
		expect(markReadInput.parse({ ids: ids(2) }).ids).toHaveLength(2);
		expect(markReadInput.parse({ ids: ids(500) }).ids).toHaveLength(500);
		expect(markReadInput.safeParse({ ids: [] }).success).toBe(false);
		expect(markReadInput.safeParse({ ids: ids(501) }).success).toBe(false);
	});
});

describe('watchedTasks', () => {
	it('accepts none, one and up to 50 tasks', () => {
		const one = ids(1);
		expect(MAX_WATCHED_TASKS).toBe(50);
		expect(watchedTasks.parse([])).toEqual([]);
		expect(watchedTasks.parse(one)).toEqual(one);
		expect(watchedTasks.parse(ids(50))).toHaveLength(50);
	});

	it('refuses 51 tasks with its message', () => {
		const result = watchedTasks.safeParse(ids(51));
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((issue) => issue.message)).toEqual(['Watch at most 50 tasks at once.']);
	});
});
