// What a handover may contain, decided by the bytes, never by the file name or the declared type.
import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';

export const ALLOWED_TYPES = new Set([
	'image/jpeg',
	'image/png',
	'image/webp',
	'image/heic',
	'image/heif',
	'image/avif',
	'application/pdf',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	'text/plain'
]);

/** Reads the start of a file and names its type, or null when it is not one we accept. */
export async function sniffType(path: string): Promise<string | null> {
	const detected = await fileTypeFromFile(path);
	if (detected) return ALLOWED_TYPES.has(detected.mime) ? detected.mime : null;
	return (await looksLikeText(path)) ? 'text/plain' : null;
}

/** Plain text has no magic number: accept valid UTF-8 without control bytes other than whitespace. */
async function looksLikeText(path: string): Promise<boolean> {
	const handle = await open(path, 'r');
	try {
		const buffer = Buffer.alloc(64 * 1024);
		const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
		const sample = buffer.subarray(0, bytesRead);
		for (const byte of sample) {
			if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
		}
		// `stream` keeps a multi-byte character cut at the sample's end from counting as an error.
		new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
		return true;
	} catch {
		return false;
	} finally {
		await handle.close();
	}
}
