// A task and what the viewer may do with it. Offline, the copy this device synced (public details only)
// so a worker can still read it and queue a claim.
import { error } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { apiFor, isUnreachable, keyOf } from '$lib/client/load-api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params }) => {
	const api = apiFor(fetch);
	try {
		const [task, uploadLimits] = await Promise.all([
			api.task.get.query({ id: params.id }),
			api.upload.limits.query()
		]);
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
				task: { ...cached.task, private: null },
				uploadLimits: null,
				offline: { lastSyncAt: cached.lastSyncAt }
			};
		}
		const key = keyOf(cause);
		if (key === 'not_found' || key === 'invalid_input') {
			error(404, { message: 'This task was not found.', key: 'not_found' });
		}
		throw cause;
	}
};
