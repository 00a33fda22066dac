// Claim deadlines: a claim whose deadline passed goes back to the feed (recorded as a lapse against its
// worker), and a worker is warned once before a claim runs out. Plain functions of `now`, run by the sweep
// job every minute and directly by tests. Each task is handled in its own transaction under its row lock
// and re-checked there, so two sweeps at once (or a handover arriving meanwhile) cannot act twice.
import { addHours, SYSTEM_ACTOR, transition } from '$lib/domain/task-state';
import { notify } from '../notifications/notify';
import { getSettings } from '../core/settings';
import { commit, facts, lockTask } from '../tasks/lifecycle';
import { inTransaction } from '../core/transaction';
import { forEachIsolated } from './isolated';
import type { ServiceDeps } from '../core/context';

/** Tasks handled per sweep and timer; the rest wait for the next minute. */
export const SWEEP_BATCH = 200;

/** Every CLAIMED task whose deadline is at or before `now` returns to OPEN. Returns how many did. */
export async function lapseDueClaims(deps: ServiceDeps, now: Date): Promise<number> {
	const due = await deps.db.task.findMany({
		where: { status: 'CLAIMED', claimExpiresAt: { lte: now } },
		orderBy: { claimExpiresAt: 'asc' },
		take: SWEEP_BATCH,
		select: { id: true }
	});
	return forEachIsolated('lapse', due, ({ id }) =>
		inTransaction(deps.db, async (tx) => {
			const task = await lockTask(tx, id);
			const result = transition(facts(task), { type: 'lapse' }, SYSTEM_ACTOR, now);
			// Handed over, released or already lapsed since the query: nothing to do.
			if (!result.ok || !task.claimantId || !task.claimExpiresAt) return false;
			const workerId = task.claimantId;
			const expiredAt = task.claimExpiresAt;
			// The record_lapse effect counts it against the worker.
			await commit(tx, task, result, { extra: { claimedAt: null }, now });
			const data = { title: task.title, expiredAt };
			await notify(
				tx,
				{ userId: workerId, kind: 'lapsed', taskId: task.id, data },
				{ userId: task.requesterId, kind: 'lapsed', taskId: task.id, data }
			);
			return true;
		})
	);
}

/**
 * Warns the worker of each claim ending within `lapseWarningHours` of `now`, once per claim and deadline
 * (the notification's data names the claim; a rework round's fresh deadline earns a fresh warning).
 */
export async function warnLapsingClaims(deps: ServiceDeps, now: Date): Promise<number> {
	const { lapseWarningHours } = await getSettings(deps.db, deps.config);
	const until = addHours(now, lapseWarningHours);
	const lapsing = await deps.db.task.findMany({
		where: { status: 'CLAIMED', claimExpiresAt: { gt: now, lte: until } },
		orderBy: { claimExpiresAt: 'asc' },
		take: SWEEP_BATCH,
		select: { id: true, claimedAt: true, claimExpiresAt: true }
	});
	if (lapsing.length === 0) return 0;
	const warned = await deps.db.notification.findMany({
		where: { kind: 'claim_lapsing', taskId: { in: lapsing.map((t) => t.id) } },
		select: { data: true }
	});
	const keys = new Set(warned.map((n) => warningKey(n.data)));
	const unwarned = lapsing.filter(
		(t) => !keys.has(warningKey({ taskId: t.id, claimedAt: t.claimedAt, expiresAt: t.claimExpiresAt }))
	);
	return forEachIsolated('lapse warning', unwarned, ({ id }) =>
		inTransaction(deps.db, async (tx) => {
			const task = await lockTask(tx, id);
			const expiresAt = task.claimExpiresAt;
			if (task.status !== 'CLAIMED' || !task.claimantId || !expiresAt) return false;
			if (expiresAt <= now || expiresAt > until) return false;
			const data = { taskId: task.id, claimedAt: task.claimedAt, expiresAt, title: task.title };
			// Re-checked under the lock: a sweep running alongside may have warned meanwhile.
			const again = await tx.notification.findMany({
				where: { kind: 'claim_lapsing', taskId: task.id, userId: task.claimantId },
				select: { data: true }
			});
			if (again.some((n) => warningKey(n.data) === warningKey(data))) return false;
			await notify(tx, { userId: task.claimantId, kind: 'claim_lapsing', taskId: task.id, data });
			return true;
		})
	);
}

/** Names one claim's deadline, from a notification's stored data or from the task's columns. */
function warningKey(data: unknown): string {
	const record = (data ?? {}) as Record<string, unknown>;
	const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value ?? ''));
	return `${iso(record.taskId)}|${iso(record.claimedAt)}|${iso(record.expiresAt)}`;
}
