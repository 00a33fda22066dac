// Real PNG files made on the spot, for upload and browser tests.
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

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
	const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
	// zlib stream of one scanline: filter 0 and one RGBA pixel.
	const idat = deflateSync(Buffer.from([0, 0x0f, 0x76, 0x6e, 0xff]));
	const parts = [SIGNATURE, chunk('IHDR', ihdr)];
	if (padding > 0) parts.push(chunk('prVt', new Uint8Array(padding).fill(7)));
	parts.push(chunk('IDAT', idat), chunk('IEND', new Uint8Array()));
	return new Uint8Array(Buffer.concat(parts));
}

/** A photo-like PNG of random pixels: noise does not compress, so even as JPEG it needs several chunks. */
export function noisePng(width: number, height: number): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
	const rows = [];
	for (let y = 0; y < height; y++) rows.push(Buffer.from([0]), randomBytes(width * 3));
	return Buffer.concat([
		SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 1 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}
