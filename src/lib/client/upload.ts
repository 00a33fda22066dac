// Uploads files now, online: the same preparation as the handover's outbox (photos downscaled on the
// device, sha256 for content addressing) and the same resumable chunks (`sendBytes`: upload.begin / chunk /
// status, continuing from the server's confirmed offset), without the offline queue. For documents,
// message photos and a dispute's evidence, which are sent while the user watches.
import { CHUNK_SIZE } from '$lib/domain/constants';
import { ClientError } from './errors';
import { prepareFile, sha256Hex } from './photos';
import { sendBytes, SyncStopped, type UploadApi } from './sync/engine';
import { trpc } from './trpc';

export const onlineUploadApi = (chunkSize: number = CHUNK_SIZE): UploadApi => ({
	begin: (file) => trpc.upload.begin.mutate(file),
	chunk: (form) => trpc.upload.chunk.mutate(form),
	status: (uploadId) => trpc.upload.status.query({ uploadId }),
	chunkSize
});

/** Sends one file and returns its stored id; `onProgress` gets the bytes confirmed so far and the total. */
export async function uploadNow(
	api: UploadApi,
	chosen: File,
	onProgress?: (sent: number, size: number) => void
): Promise<{ fileId: string; name: string; size: number }> {
	const prepared = await prepareFile(chosen);
	const meta = {
		name: prepared.name.slice(0, 200),
		type: prepared.type.slice(0, 100),
		size: prepared.bytes.byteLength,
		sha256: await sha256Hex(prepared.bytes)
	};
	try {
		const fileId = await sendBytes(api, meta, prepared.bytes, {
			beforeChunk: (offset) => onProgress?.(offset, meta.size)
		});
		onProgress?.(meta.size, meta.size);
		return { fileId, name: meta.name, size: meta.size };
	} catch (error) {
		if (error instanceof SyncStopped) {
			const key = { offline: 'network', signed_out: 'unauthorized' }[error.problem as string];
			throw new ClientError(key ?? 'internal', 'The upload stopped; try again.');
		}
		throw error;
	}
}

/**
 * Sends several files one after another and returns their ids in order; `onProgress` gets the share done
 * (0…1), each file counting equally (photos shrink on the device, so bytes chosen are not bytes sent).
 */
export async function uploadFiles(files: File[], onProgress?: (share: number) => void): Promise<string[]> {
	const api = onlineUploadApi();
	const ids: string[] = [];
	for (const [index, file] of files.entries()) {
		const { fileId } = await uploadNow(api, file, (sent, size) =>
			onProgress?.((index + (size ? sent / size : 1)) / files.length)
		);
		ids.push(fileId);
	}
	onProgress?.(1);
	return ids;
}
