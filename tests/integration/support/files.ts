// Real file bytes for upload tests: a tiny valid PNG and helpers to upload in chunks.
import { createHash } from 'node:crypto';
import type { Caller } from './app';

/** A 1×1 PNG, followed by `padding` bytes of a tEXt-like tail to make multi-chunk files. */
export function pngBytes(padding = 0): Uint8Array {
	const png = Buffer.from(
		'89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
			'1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082',
		'hex'
	);
	return new Uint8Array(Buffer.concat([png, Buffer.alloc(padding, 7)]));
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function chunkForm(uploadId: string, offset: number, bytes: Uint8Array): FormData {
	const form = new FormData();
	form.set('uploadId', uploadId);
	form.set('offset', String(offset));
	form.set('chunk', new Blob([bytes as Uint8Array<ArrayBuffer>]));
	return form;
}

/** Uploads a whole file in chunks of `chunkSize` and returns the stored file's id. */
export async function uploadFile(
	caller: Caller,
	bytes: Uint8Array,
	name = 'photo.png',
	chunkSize = 256 * 1024
) {
	const begun = await caller.upload.begin({
		name,
		size: bytes.byteLength,
		type: 'image/png',
		sha256: sha256Hex(bytes)
	});
	let state = { offset: begun.offset, complete: begun.complete, fileId: begun.fileId };
	while (!state.complete) {
		const next = bytes.subarray(state.offset, state.offset + chunkSize);
		state = await caller.upload.chunk(chunkForm(begun.uploadId, state.offset, next));
	}
	return { uploadId: begun.uploadId, fileId: state.fileId! };
}
