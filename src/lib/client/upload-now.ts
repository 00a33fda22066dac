// Uploads chosen files at once, for forms that need a network anyway (a dispute's evidence): the same
// preparation as a queued handover (photos downscaled, sha256) and the same resumable chunked upload,
// without the outbox. Returns the stored files' ids in the order given.
import { CHUNK_SIZE } from '$lib/domain/constants';
import { ClientError } from './errors';
import { prepareFile, sha256Hex } from './photos';
import { sendBytes, SyncStopped, type UploadApi } from './sync/engine';
import { trpc } from './trpc';

const uploadApi: UploadApi = {
	begin: (file) => trpc.upload.begin.mutate(file),
	chunk: (form) => trpc.upload.chunk.mutate(form),
	status: (uploadId) => trpc.upload.status.query({ uploadId }),
	chunkSize: CHUNK_SIZE
};

/** `onProgress(sent, total)` counts bytes across all files, after preparation. */
export async function uploadNow(
	files: File[],
	onProgress?: (sent: number, total: number) => void
): Promise<string[]> {
	const prepared = [];
	for (const file of files) {
		const ready = await prepareFile(file);
		prepared.push({
			name: ready.name.slice(0, 200),
			type: ready.type.slice(0, 100),
			size: ready.bytes.byteLength,
			sha256: await sha256Hex(ready.bytes),
			bytes: ready.bytes
		});
	}
	const total = prepared.reduce((sum, file) => sum + file.size, 0);
	let done = 0;
	const ids: string[] = [];
	for (const file of prepared) {
		try {
			ids.push(
				await sendBytes(uploadApi, file, file.bytes, {
					beforeChunk: (offset) => onProgress?.(done + offset, total)
				})
			);
		} catch (error) {
			if (error instanceof SyncStopped) {
				const key = { offline: 'network', signed_out: 'unauthorized' }[error.problem as string];
				throw new ClientError(key ?? 'internal', 'The upload stopped; try again.');
			}
			throw error;
		}
		done += file.size;
		onProgress?.(done, total);
	}
	return ids;
}
