// Sends one file through the resumable upload API: announce it by name, size and sha256 (upload.begin),
// then append CHUNK_SIZE slices at the server's confirmed offset (upload.chunk). When a chunk is refused
// for its offset (another tab, a retry after a lost answer) or the connection drops, it asks the server
// for the confirmed offset (upload.status) and continues from there, so nothing is sent twice needlessly.
import { ClientError, errorKey } from './errors';
import { trpc } from './trpc';

const MAX_RETRIES = 6;

export interface UploadOptions {
	/**
	 * Bytes per chunk: CHUNK_SIZE from $lib/domain/schemas/upload. Passed in (pages get it from their
	 * server load) because importing that module would put zod into the worker's bundle.
	 */
	chunkSize: number;
	/** Called with the bytes the server has confirmed so far and the file's size. */
	onProgress?: (sent: number, total: number) => void;
	signal?: AbortSignal;
}

async function sha256Hex(file: Blob): Promise<string> {
	// crypto.subtle exists only on secure origins (https, localhost).
	if (!globalThis.crypto?.subtle) {
		throw new ClientError('insecure_context', 'Uploading needs a secure (https) connection.');
	}
	const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason);
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener(
			'abort',
			() => {
				clearTimeout(timer);
				reject(signal.reason);
			},
			{ once: true }
		);
	});
}

const retryable = (error: unknown) => {
	const key = errorKey(error);
	return key === 'wrong_offset' || key === 'network' || key === 'internal';
};

/** Uploads `file` and resolves with the stored file's id. */
export async function uploadFile(file: File, options: UploadOptions): Promise<string> {
	const { chunkSize, onProgress, signal } = options;
	if (file.size === 0) throw new ClientError('empty_file', 'This file is empty.');
	const sha256 = await sha256Hex(file);
	let state = await trpc.upload.begin.mutate(
		{ name: file.name.slice(0, 200) || 'file', size: file.size, type: file.type.slice(0, 100), sha256 },
		{ signal }
	);
	let failures = 0;
	const recover = async (error: unknown) => {
		if (signal?.aborted || !retryable(error) || ++failures > MAX_RETRIES) throw error;
		if (errorKey(error) !== 'wrong_offset') await wait(500 * 2 ** failures, signal);
	};
	while (!state.complete) {
		onProgress?.(state.offset, file.size);
		const form = new FormData();
		form.set('uploadId', state.uploadId);
		form.set('offset', String(state.offset));
		form.set('chunk', file.slice(state.offset, Math.min(state.offset + chunkSize, file.size)), 'chunk');
		try {
			state = await trpc.upload.chunk.mutate(form, { signal });
			failures = 0;
			continue;
		} catch (error) {
			await recover(error);
		}
		// Continue from what the server has confirmed, not from what we believe we sent.
		try {
			state = await trpc.upload.status.query({ uploadId: state.uploadId }, { signal });
		} catch (error) {
			await recover(error);
		}
	}
	onProgress?.(file.size, file.size);
	if (!state.fileId) throw new ClientError('upload_incomplete', 'The server did not confirm the file.');
	return state.fileId;
}
