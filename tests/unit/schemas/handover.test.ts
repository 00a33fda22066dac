// Checks the handover inputs: report and reason bounds, the file limit and its default.
import { describe, expect, it } from 'vitest';
import {
	approveInput,
	confirmHandoverInput,
	MAX_HANDOVER_FILES,
	objectHandoverInput,
	rejectInput,
	submitHandoverInput
} from '$lib/domain/schemas/handover';
import { uuid, other, ids as fileIds } from './support';

describe('submitHandoverInput', () => {
	const submit = { taskId: uuid, report: ' Done. ' };

	it('keeps every field and defaults the files to none', () => {
		expect(submitHandoverInput.parse({ ...submit, mutationId: other })).toEqual({
			mutationId: other,
			taskId: uuid,
			report: 'Done.',
			fileIds: []
		});
	});

	it('accepts one file and up to MAX_HANDOVER_FILES, refusing one more', () => {
		const one = fileIds(1);
		expect(MAX_HANDOVER_FILES).toBe(20);
		expect(submitHandoverInput.parse({ ...submit, fileIds: one }).fileIds).toEqual(one);
		expect(submitHandoverInput.parse({ ...submit, fileIds: fileIds(20) }).fileIds).toHaveLength(20);
		expect(submitHandoverInput.safeParse({ ...submit, fileIds: fileIds(21) }).success).toBe(false);
		expect(submitHandoverInput.safeParse({ ...submit, fileIds: ['x'] }).success).toBe(false);
	});

	it('bounds the report at 1 and 10 000 characters', () => {
		expect(submitHandoverInput.parse({ ...submit, report: 'r'.repeat(10_000) }).report).toHaveLength(10_000);
		expect(submitHandoverInput.safeParse({ ...submit, report: 'r'.repeat(10_001) }).success).toBe(false);
		expect(submitHandoverInput.safeParse({ ...submit, report: '  ' }).success).toBe(false);
	});
});

describe('review inputs', () => {
	it('approveInput keeps the handover', () => {
		expect(approveInput.parse({ mutationId: other, handoverId: uuid })).toEqual({
			mutationId: other,
			handoverId: uuid
		});
		expect(approveInput.safeParse({}).success).toBe(false);
	});

	it('rejectInput keeps the reason and bounds it at 3 and 2000 characters', () => {
		expect(rejectInput.parse({ handoverId: uuid, reason: ' Redo ' })).toEqual({
			handoverId: uuid,
			reason: 'Redo'
		});
		expect(rejectInput.parse({ handoverId: uuid, reason: 'r'.repeat(2000) }).reason).toHaveLength(2000);
		expect(rejectInput.safeParse({ handoverId: uuid, reason: 'ab' }).success).toBe(false);
		expect(rejectInput.safeParse({ handoverId: uuid, reason: 'r'.repeat(2001) }).success).toBe(false);
	});

	it('confirmHandoverInput keeps the task', () => {
		expect(confirmHandoverInput.parse({ mutationId: other, taskId: uuid })).toEqual({
			mutationId: other,
			taskId: uuid
		});
		expect(confirmHandoverInput.safeParse({ taskId: 'x' }).success).toBe(false);
	});

	it('objectHandoverInput keeps the reason and bounds it at 3 and 2000 characters', () => {
		expect(objectHandoverInput.parse({ taskId: uuid, reason: 'Wrong' })).toEqual({
			taskId: uuid,
			reason: 'Wrong'
		});
		expect(objectHandoverInput.parse({ taskId: uuid, reason: 'abc' }).reason).toBe('abc');
		expect(objectHandoverInput.safeParse({ taskId: uuid, reason: 'ab' }).success).toBe(false);
		expect(objectHandoverInput.safeParse({ taskId: uuid, reason: 'r'.repeat(2001) }).success).toBe(false);
	});
});
