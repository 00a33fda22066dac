// Real file bytes for upload tests: a tiny valid PNG and helpers to upload in chunks.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Caller } from './app';

function crc32(bytes: Uint8Array): number {
	let crc = 0xffffffff;
	for (const byte of bytes) {
		crc ^= byte;
		for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.byteLength);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

/**
 * A valid 1×1 PNG; `padding` bytes go into a private ancillary chunk (which decoders skip) to make files
 * that need several upload chunks.
 */
export function pngBytes(padding = 0): Uint8Array {
	const header = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
	// zlib stream of one scanline: filter 0 and one RGBA pixel.
	const idat = deflateSync(Buffer.from([0, 0x0f, 0x76, 0x6e, 0xff]));
	const parts = [header, chunk('IHDR', ihdr)];
	if (padding > 0) parts.push(chunk('prVt', new Uint8Array(padding).fill(7)));
	parts.push(chunk('IDAT', idat), chunk('IEND', new Uint8Array()));
	return new Uint8Array(Buffer.concat(parts));
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
