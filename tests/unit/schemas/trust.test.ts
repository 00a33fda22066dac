// Checks the trust inputs: ratings, verification requests and decisions, and messages with their bounds.
import { describe, expect, it } from 'vitest';
import {
	decideVerificationInput,
	messageListInput,
	messageSendInput,
	profileInput,
	ratingSubmitInput,
	verificationsInput,
	verificationSubmitInput
} from '$lib/domain/schemas/trust';
import { refusal, uuid, ids } from './support';

describe('ratingSubmitInput', () => {
	const score = { path: 'score', message: 'A score is a whole number from 1 to 5.' };

	it('keeps the score and the comment', () => {
		expect(ratingSubmitInput.parse({ taskId: uuid, score: 4, comment: ' Good ' })).toEqual({
			taskId: uuid,
			score: 4,
			comment: 'Good'
		});
	});

	it('accepts 1 and 5', () => {
		expect(ratingSubmitInput.parse({ taskId: uuid, score: 1 }).score).toBe(1);
		expect(ratingSubmitInput.parse({ taskId: uuid, score: 5 }).score).toBe(5);
	});

	it.each([0, 6, 2.5])('refuses %d with the score message', (value) => {
		expect(refusal(ratingSubmitInput, { taskId: uuid, score: value })).toEqual([score]);
	});

	it('bounds the comment at 1000 characters', () => {
		expect(ratingSubmitInput.parse({ taskId: uuid, score: 3, comment: '' }).comment).toBe('');
		expect(ratingSubmitInput.safeParse({ taskId: uuid, score: 3, comment: 'c'.repeat(1001) }).success).toBe(
			false
		);
	});
});

describe('profileInput', () => {
	it('keeps the user', () => {
		expect(profileInput.parse({ userId: uuid })).toEqual({ userId: uuid });
		expect(profileInput.safeParse({}).success).toBe(false);
	});
});

describe('verificationSubmitInput', () => {
	it('keeps the note and the documents', () => {
		const fileIds = ids(2);
		expect(verificationSubmitInput.parse({ note: ' ID card ', fileIds })).toEqual({
			note: 'ID card',
			fileIds
		});
	});

	it('accepts 1 to 5 documents', () => {
		expect(verificationSubmitInput.parse({ fileIds: ids(1) }).fileIds).toHaveLength(1);
		expect(verificationSubmitInput.parse({ fileIds: ids(5) }).fileIds).toHaveLength(5);
	});

	it('refuses none or 6 documents with their messages', () => {
		expect(refusal(verificationSubmitInput, { fileIds: [] })).toEqual([
			{ path: 'fileIds', message: 'Add at least one document.' }
		]);
		expect(refusal(verificationSubmitInput, { fileIds: ids(6) })).toEqual([
			{ path: 'fileIds', message: 'Add at most 5 documents.' }
		]);
	});

	it('bounds the note at 1000 characters', () => {
		expect(verificationSubmitInput.safeParse({ note: 'n'.repeat(1001), fileIds: ids(1) }).success).toBe(
			false
		);
	});
});

describe('verificationsInput', () => {
	it('means every status when none is given', () => {
		expect(verificationsInput.parse(undefined)).toEqual({});
		expect(verificationsInput.parse({})).toEqual({});
	});

	it('keeps a known status and refuses others', () => {
		expect(verificationsInput.parse({ status: 'REFUSED' })).toEqual({ status: 'REFUSED' });
		expect(verificationsInput.safeParse({ status: 'LOST' }).success).toBe(false);
	});
});

describe('decideVerificationInput', () => {
	const reason = { path: 'reason', message: 'Give the reason for refusing (at least 3 characters).' };

	it('approves without a reason', () => {
		expect(decideVerificationInput.parse({ verificationId: uuid, approve: true })).toEqual({
			verificationId: uuid,
			approve: true
		});
	});

	it('refuses with a reason of 3 characters', () => {
		expect(decideVerificationInput.parse({ verificationId: uuid, approve: false, reason: ' abc ' })).toEqual({
			verificationId: uuid,
			approve: false,
			reason: 'abc'
		});
	});

	it('wants a reason of at least 3 characters to refuse, on reason', () => {
		expect(refusal(decideVerificationInput, { verificationId: uuid, approve: false })).toEqual([reason]);
		expect(
			refusal(decideVerificationInput, { verificationId: uuid, approve: false, reason: ' ab ' })
		).toEqual([reason]);
	});
});

describe('messageListInput', () => {
	it('defaults to a page of 50 and keeps the cursor', () => {
		expect(messageListInput.parse({ taskId: uuid })).toEqual({ taskId: uuid, limit: 50 });
		expect(messageListInput.parse({ taskId: uuid, cursor: 'c', limit: 3 })).toEqual({
			taskId: uuid,
			cursor: 'c',
			limit: 3
		});
	});

	it('bounds the page at 1 and 100', () => {
		expect(messageListInput.parse({ taskId: uuid, limit: 1 }).limit).toBe(1);
		expect(messageListInput.parse({ taskId: uuid, limit: 100 }).limit).toBe(100);
		expect(messageListInput.safeParse({ taskId: uuid, limit: 0 }).success).toBe(false);
		expect(messageListInput.safeParse({ taskId: uuid, limit: 101 }).success).toBe(false);
	});
});

describe('messageSendInput', () => {
	it('defaults the files to none', () => {
		expect(messageSendInput.parse({ taskId: uuid, body: ' Hi ' })).toEqual({
			taskId: uuid,
			body: 'Hi',
			fileIds: []
		});
	});

	it('accepts 6 files and refuses 7 with its message', () => {
		expect(messageSendInput.parse({ taskId: uuid, body: 'Hi', fileIds: ids(6) }).fileIds).toHaveLength(6);
		expect(refusal(messageSendInput, { taskId: uuid, body: 'Hi', fileIds: ids(7) })).toEqual([
			{ path: 'fileIds', message: 'A message carries at most 6 files.' }
		]);
	});

	it('bounds the body at 1 and 4000 characters', () => {
		expect(messageSendInput.parse({ taskId: uuid, body: 'b'.repeat(4000) }).body).toHaveLength(4000);
		expect(messageSendInput.safeParse({ taskId: uuid, body: 'b'.repeat(4001) }).success).toBe(false);
		expect(messageSendInput.safeParse({ taskId: uuid, body: ' ' }).success).toBe(false);
	});
});
