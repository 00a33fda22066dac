// Checks the upload inputs: file metadata bounds, the sha256 format and the chunk form fields.
import { describe, expect, it } from 'vitest';
import { uploadBeginInput, uploadChunkFields, uploadStatusInput } from '$lib/domain/schemas/upload';
import { refusal, uuid } from './support';

const MAX_OFFSET = 2_147_483_647;
const begin = { name: 'a.jpg', size: 10, type: 'image/jpeg', sha256: 'a'.repeat(64) };
const shaError = [{ path: 'sha256', message: 'sha256 is 64 hexadecimal characters.' }];

describe('uploadBeginInput', () => {
	it('keeps every field and lowercases the hash', () => {
		expect(uploadBeginInput.parse({ ...begin, name: ' a.jpg ', sha256: 'AB'.repeat(32) })).toEqual({
			...begin,
			sha256: 'ab'.repeat(32)
		});
	});

	it('refuses a hash with anything before or after its 64 hex digits', () => {
		expect(refusal(uploadBeginInput, { ...begin, sha256: `x${'a'.repeat(64)}` })).toEqual(shaError);
		expect(refusal(uploadBeginInput, { ...begin, sha256: `${'a'.repeat(64)}x` })).toEqual(shaError);
		expect(refusal(uploadBeginInput, { ...begin, sha256: 'a'.repeat(65) })).toEqual(shaError);
		expect(refusal(uploadBeginInput, { ...begin, sha256: 'a'.repeat(63) })).toEqual(shaError);
	});

	it('bounds the size at 1 and the int4 maximum', () => {
		expect(uploadBeginInput.parse({ ...begin, size: 1 }).size).toBe(1);
		expect(uploadBeginInput.parse({ ...begin, size: MAX_OFFSET }).size).toBe(MAX_OFFSET);
		expect(uploadBeginInput.safeParse({ ...begin, size: 0 }).success).toBe(false);
		expect(uploadBeginInput.safeParse({ ...begin, size: MAX_OFFSET + 1 }).success).toBe(false);
		expect(uploadBeginInput.safeParse({ ...begin, size: 1.5 }).success).toBe(false);
	});

	it('bounds the name at 1 to 200 and the type at 0 to 100 characters', () => {
		expect(uploadBeginInput.parse({ ...begin, name: 'n'.repeat(200), type: '' })).toMatchObject({
			name: 'n'.repeat(200),
			type: ''
		});
		expect(uploadBeginInput.safeParse({ ...begin, name: '' }).success).toBe(false);
		expect(uploadBeginInput.safeParse({ ...begin, name: 'n'.repeat(201) }).success).toBe(false);
		expect(uploadBeginInput.parse({ ...begin, type: 't'.repeat(100) }).type).toHaveLength(100);
		expect(uploadBeginInput.safeParse({ ...begin, type: 't'.repeat(101) }).success).toBe(false);
	});
});

describe('uploadStatusInput', () => {
	it('keeps the upload', () => {
		expect(uploadStatusInput.parse({ uploadId: uuid })).toEqual({ uploadId: uuid });
		expect(uploadStatusInput.safeParse({ uploadId: 'x' }).success).toBe(false);
	});
});

describe('uploadChunkFields', () => {
	const chunk = new Blob(['data']);

	it('keeps the fields and reads the offset from form text', () => {
		expect(uploadChunkFields.parse({ uploadId: uuid, offset: '0', chunk })).toEqual({
			uploadId: uuid,
			offset: 0,
			chunk
		});
		expect(uploadChunkFields.parse({ uploadId: uuid, offset: '4096', chunk }).offset).toBe(4096);
	});

	it('bounds the offset at 0 and the int4 maximum', () => {
		expect(uploadChunkFields.parse({ uploadId: uuid, offset: String(MAX_OFFSET), chunk }).offset).toBe(
			MAX_OFFSET
		);
		expect(uploadChunkFields.safeParse({ uploadId: uuid, offset: MAX_OFFSET + 1, chunk }).success).toBe(
			false
		);
		expect(uploadChunkFields.safeParse({ uploadId: uuid, offset: '-1', chunk }).success).toBe(false);
		expect(uploadChunkFields.safeParse({ uploadId: uuid, offset: '1.5', chunk }).success).toBe(false);
	});

	it('wants the chunk as a file part', () => {
		expect(refusal(uploadChunkFields, { uploadId: uuid, offset: '0', chunk: 'data' })).toEqual([
			{ path: 'chunk', message: 'chunk must be a file part.' }
		]);
	});
});
