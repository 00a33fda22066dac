// A task and what the viewer may do with it. Offline, the copy this device synced (public details only)
// so a worker can still read it and queue a claim.
import { error } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { apiFor, isUnreachable, keyOf, pageError } from '$lib/client/load-api';
import { CHUNK_SIZE, MAX_HANDOVER_FILES } from '$lib/domain/constants';
import type { PageLoad } from './$types';

type UploadLimits = { chunkSize: number; maxFiles: number; maxFileBytes: number };
const LIMITS_KEY = 'jiedan:upload-limits';

function rememberLimits(limits: UploadLimits) {
	try {
		localStorage.setItem(LIMITS_KEY, JSON.stringify(limits));
	} catch {
		// Storage full or disabled: offline, the defaults below apply.
	}
}

/** The server's limits as last seen; else the defaults (the server still checks every file). */
function rememberedLimits(): UploadLimits {
	try {
		const saved = JSON.parse(localStorage.getItem(LIMITS_KEY) ?? 'null') as UploadLimits | null;
		if (saved && typeof saved.maxFileBytes === 'number') return saved;
	} catch {
		// Unreadable: use the defaults.
	}
	return { chunkSize: CHUNK_SIZE, maxFiles: MAX_HANDOVER_FILES, maxFileBytes: 25 * 1024 * 1024 };
}

export const load: PageLoad = async ({ fetch, params, depends }) => {
	// Live updates invalidate this key when the task changes (src/lib/client/live.svelte.ts).
	depends(`jiedan:task:${params.id}`);
	const api = apiFor(fetch);
	try {
		const [task, uploadLimits] = await Promise.all([
			api.task.get.query({ id: params.id }),
			api.upload.limits.query()
		]);
		if (browser) rememberLimits(uploadLimits);
		return { task, uploadLimits, offline: null };
	} catch (cause) {
		if (browser && isUnreachable(cause)) {
			const { offlineTask } = await import('$lib/client/offline');
			const cached = await offlineTask(params.id);
			if (!cached.task)
				error(503, {
					message: 'You are offline and this task is not saved on this device.',
					key: 'offline_not_cached'
				});
			return {
				task: { ...cached.task, viewer: { ...cached.task.viewer, claimLapsedAt: null }, private: null },
				// A worker must be able to hand over from a page first opened offline.
				uploadLimits: rememberedLimits(),
				offline: { lastSyncAt: cached.lastSyncAt }
			};
		}
		const key = keyOf(cause);
		if (key === 'not_found' || key === 'invalid_input') {
			error(404, { message: 'This task was not found.', key: 'not_found' });
		}
		pageError(cause);
	}
};
