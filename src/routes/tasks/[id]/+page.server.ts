import { error } from '@sveltejs/kit';
import { MAX_HANDOVER_FILES } from '$lib/domain/schemas/handover';
import { CHUNK_SIZE } from '$lib/domain/schemas/upload';
import { getRuntime } from '$lib/server/runtime';
import { callerFor, errorKeyOf } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	try {
		const task = await callerFor(event).task.get({ id: event.params.id });
		// Limits for the worker's browser, sent as data so that the page needs no schema module (and no
		// zod) on the phone; the file size is checked before hashing a large photo for nothing.
		const uploadLimits = task.viewer.isClaimant
			? {
					chunkSize: CHUNK_SIZE,
					maxFiles: MAX_HANDOVER_FILES,
					maxFileBytes: getRuntime().config.uploadMaxBytes
				}
			: null;
		return { task, uploadLimits };
	} catch (cause) {
		const key = errorKeyOf(cause);
		if (key === 'not_found' || key === 'invalid_input') {
			error(404, { message: 'This task was not found.', key: 'not_found' });
		}
		throw cause;
	}
};
