// Uploads a file now, online: the same preparation as the handover's outbox (photos downscaled on the
// device, sha256 for content addressing) and the same resumable protocol (upload.begin / chunk / status,
// continuing from the server's confirmed offset), without the offline queue. For documents and message
// photos, which are sent while the user watches.
import type { UploadApi } from './sync/engine';
import { prepareFile, sha256Hex } from './photos';
import { trpc } from './trpc';

export const onlineUploadApi = (chunkSize: number): UploadApi => ({
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
	const bytes = new Uint8Array(prepared.bytes);
	const size = bytes.byteLength;
	let state = await api.begin({
		name: prepared.name,
		size,
		type: prepared.type,
		sha256: await sha256Hex(prepared.bytes)
	});
	while (!state.complete) {
		onProgress?.(state.offset, size);
		const form = new FormData();
		form.set('uploadId', state.uploadId);
		form.set('offset', String(state.offset));
		form.set('chunk', new Blob([bytes.slice(state.offset, state.offset + api.chunkSize)]), 'chunk');
		try {
			state = await api.chunk(form);
		} catch (error) {
			// Another tab or a lost answer moved the offset: continue from what the server confirmed.
			if ((error as { data?: { key?: string } }).data?.key !== 'wrong_offset') throw error;
			state = await api.status(state.uploadId);
		}
	}
	onProgress?.(size, size);
	if (!state.fileId) throw new Error('The server finished the upload without a file id.');
	return { fileId: state.fileId, name: prepared.name, size };
}
