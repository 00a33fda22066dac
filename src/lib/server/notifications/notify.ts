// Writing notifications. A row inserted here is announced by a database trigger (pg_notify at commit) to
// every app server, which forwards it to the user's open pages; a rolled-back transaction announces nothing.
import type { NotificationKind } from '$lib/domain/notifications';
import type { Tx } from '../db';
import { toAuditJson } from '../core/json';

export interface NotificationRequest {
	userId: string;
	kind: NotificationKind;
	taskId?: string | null;
	data?: Record<string, unknown>;
}

/** Tells each user once (a user named twice, such as an admin who is also the requester, gets one row). */
export async function notify(tx: Tx, ...requests: NotificationRequest[]): Promise<void> {
	const seen = new Set<string>();
	const rows = requests.filter((r) => {
		const key = `${r.userId}:${r.kind}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
	if (rows.length === 0) return;
	await tx.notification.createMany({
		data: rows.map((r) => ({
			userId: r.userId,
			kind: r.kind,
			taskId: r.taskId ?? null,
			data: r.data ? (toAuditJson(r.data) as object) : undefined
		}))
	});
}
