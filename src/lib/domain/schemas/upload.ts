import { z } from 'zod';
import { id, text } from './common';

export { CHUNK_SIZE, MAX_CHUNK_SIZE } from '../constants';

export const uploadBeginInput = z.object({
	name: text(1, 200),
	size: z.number().int().min(1),
	type: z.string().trim().max(100),
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
	offset: z.coerce.number().int().min(0),
	chunk: z.instanceof(Blob, { error: 'chunk must be a file part.' })
});
