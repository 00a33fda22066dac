// GET /api/events: the signed-in user's live updates as server-sent events (see $lib/server/live/events).
// `?tasks=<id>,<id>` (at most 50) names the tasks whose changes the page wants; a task's status is public,
// so any task may be watched. `Last-Event-ID` (or `?since=`) resumes after a notification.
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { watchedTasks } from '$lib/domain/schemas/notification';
import { hashToken } from '$lib/server/auth/sessions';
import { openEventStream } from '$lib/server/live/events';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

const uuid = z.uuid();

export const GET: RequestHandler = ({ locals, url, request }) => {
	if (!locals.user || !locals.sessionId)
		error(401, { message: 'Please sign in first.', key: 'unauthorized' });
	const given = (url.searchParams.get('tasks') ?? '').split(',').map((id) => id.trim());
	const tasks = watchedTasks.safeParse([...new Set(given.filter(Boolean))]);
	if (!tasks.success) {
		error(400, { message: tasks.error.issues[0]?.message ?? 'Invalid input.', key: 'invalid_input' });
	}
	const resumeFrom = request.headers.get('last-event-id') ?? url.searchParams.get('since');
	const { db, live } = getRuntime();
	const body = openEventStream({
		db,
		hub: live,
		userId: locals.user.id,
		taskIds: tasks.data,
		lastEventId: resumeFrom && uuid.safeParse(resumeFrom).success ? resumeFrom : null,
		sessionHash: hashToken(locals.sessionId)
	});
	return new Response(body, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache, no-store',
			// Reverse proxies (nginx) must pass events on as they come.
			'x-accel-buffering': 'no'
		}
	});
};
