// Auto-release: a handover the requester confirmed is paid out when the platform has not reviewed it
// within `autoReleaseHours` of the confirmation, exactly as an admin's approval would pay it
// (the release_to_worker effect, then handovers/approval.ts).
import { addHours, SYSTEM_ACTOR, transition } from '$lib/domain/task-state';
import { markApproved } from '../handovers/approval';
import { getSettings } from '../core/settings';
import { commit, facts, lockTask } from '../tasks/lifecycle';
import { inTransaction } from '../core/transaction';
import { forEachIsolated } from './isolated';
import { SWEEP_BATCH } from './lapse';
import type { ServiceDeps } from '../core/context';

/** Pays out every confirmed handover left unreviewed too long; returns how many. */
export async function autoReleaseDue(deps: ServiceDeps, now: Date): Promise<number> {
	const { autoReleaseHours } = await getSettings(deps.db, deps.config);
	const due = await deps.db.handover.findMany({
		where: {
			status: 'PENDING',
			requesterVerdict: 'CONFIRMED',
			requesterAt: { lte: addHours(now, -autoReleaseHours) },
			task: { status: 'SUBMITTED' }
		},
		orderBy: { requesterAt: 'asc' },
		take: SWEEP_BATCH,
		select: { id: true, taskId: true }
	});
	return forEachIsolated('auto-release', due, (item) =>
		inTransaction(deps.db, async (tx) => {
			const task = await lockTask(tx, item.taskId);
			// Re-checked under the lock: reviewed, objected to or re-timed since the query.
			const handover = await tx.handover.findUniqueOrThrow({ where: { id: item.id } });
			if (handover.status !== 'PENDING' || handover.requesterVerdict !== 'CONFIRMED') return false;
			const settings = await getSettings(tx, deps.config);
			const event = {
				type: 'auto_release',
				confirmedAt: handover.requesterAt,
				autoReleaseHours: settings.autoReleaseHours
			} as const;
			const result = transition(facts(task), event, SYSTEM_ACTOR, now);
			if (!result.ok) return false;
			const { payout = 0n } = await commit(tx, task, result, { now });
			await markApproved(tx, task, handover, null, now, payout);
			return true;
		})
	);
}
