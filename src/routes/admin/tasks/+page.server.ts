import { TASK_STATUSES, type TaskStatus } from '$lib/domain/task-state';
import { requireAdminPage } from '$lib/server/access/pages';
import { callerFor, pageError } from '$lib/server/caller';
import type { PageServerLoad } from './$types';

const isStatus = (value: string | null): value is TaskStatus =>
	(TASK_STATUSES as readonly string[]).includes(value ?? '');

export const load: PageServerLoad = async (event) => {
	requireAdminPage(event);
	const params = event.url.searchParams;
	const q = params.get('q')?.trim() || undefined;
	const status = params.get('status');
	const cursor = params.get('cursor') || undefined;
	const tasks = await callerFor(event)
		.admin.tasks({ q, status: isStatus(status) ? status : undefined, cursor })
		.catch(pageError);
	return { ...tasks, q: q ?? '', status: isStatus(status) ? status : '', paged: !!cursor };
};
