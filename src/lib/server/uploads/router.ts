import { z } from 'zod';
import { uploadBeginInput, uploadChunkFields, uploadStatusInput } from '$lib/domain/schemas/upload';
import { beginUpload, receiveChunk, uploadStatus } from './uploads';
import { CHUNK_SIZE, MAX_HANDOVER_FILES } from '$lib/domain/constants';
import { authedProcedure, publicProcedure, router } from '../core/trpc';

/** `upload.chunk` arrives as multipart form data: uploadId, offset and the chunk's bytes. */
const chunkForm = z
	.instanceof(FormData, { error: 'upload.chunk takes multipart form data.' })
	.transform((form, ctx) => {
		const parsed = uploadChunkFields.safeParse({
			uploadId: form.get('uploadId'),
			offset: form.get('offset'),
			chunk: form.get('chunk')
		});
		if (!parsed.success) {
			for (const issue of parsed.error.issues)
				ctx.addIssue({ ...issue, code: 'custom', message: issue.message });
			return z.NEVER;
		}
		return parsed.data;
	});

export const uploadRouter = router({
	begin: authedProcedure
		.input(uploadBeginInput)
		.mutation(({ ctx, input }) => beginUpload(ctx, ctx.actor, input)),
	chunk: authedProcedure.input(chunkForm).mutation(async ({ ctx, input }) => {
		const bytes = new Uint8Array(await input.chunk.arrayBuffer());
		return receiveChunk(ctx, ctx.actor, { uploadId: input.uploadId, offset: input.offset, bytes });
	}),
	/** What a client needs to know before it hashes and slices a file. */
	limits: publicProcedure.query(({ ctx }) => ({
		chunkSize: CHUNK_SIZE,
		maxFiles: MAX_HANDOVER_FILES,
		maxFileBytes: ctx.config.uploadMaxBytes
	})),
	status: authedProcedure
		.input(uploadStatusInput)
		.query(({ ctx, input }) => uploadStatus(ctx.db, ctx.actor, input.uploadId))
});
