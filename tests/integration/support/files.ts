// Upload helpers for tests: hashes, chunk forms, a whole chunked upload.
import { createHash } from 'node:crypto';
import type { Caller } from './app';

export { pngBytes } from '../../support/png';

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
