import { z } from 'zod';
import { id, text } from './common';

export { CHUNK_SIZE, MAX_CHUNK_SIZE } from '../constants';

const MAX_FILE_OFFSET = 2_147_483_647;

export const uploadBeginInput = z.object({
	name: text(1, 200),
	// Sizes and offsets are int4 columns; the server's own file limit (UPLOAD_MAX_BYTES) is far lower.
	size: z.number().int().min(1).max(MAX_FILE_OFFSET),
	type: text(0, 100),
	sha256: z
		.string()
		.toLowerCase()
		.regex(/^[0-9a-f]{64}$/, { error: 'sha256 is 64 hexadecimal characters.' })
});
export type UploadBeginInput = z.infer<typeof uploadBeginInput>;

export const uploadStatusInput = z.object({ uploadId: id });

/** The fields of the multipart `upload.chunk` form, once read from FormData. */
export const uploadChunkFields = z.object({
	uploadId: id,
	offset: z.coerce.number().int().min(0).max(MAX_FILE_OFFSET),
	chunk: z.instanceof(Blob, { error: 'chunk must be a file part.' })
});
