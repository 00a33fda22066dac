// Auto-release: a handover the requester confirmed is paid out when the platform has not reviewed it
// within `autoReleaseHours` of the confirmation, exactly as an admin's approval would pay it (payout.ts).
import { addHours, SYSTEM_ACTOR, transition } from '$lib/domain/task-state';
import { payOut } from '../handovers/payout';
import { getSettings } from '../core/settings';
import { applyEvent, facts, lockTask, type Deps } from '../tasks/lifecycle';
import { inTransaction } from '../core/transaction';
import { forEachIsolated } from './isolated';
import { SWEEP_BATCH } from './lapse';

/** Pays out every confirmed handover left unreviewed too long; returns how many. */
export async function autoReleaseDue(deps: Deps, now: Date): Promise<number> {
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
			if (!transition(facts(task), event, SYSTEM_ACTOR, now).ok) return false;
			await applyEvent(tx, task, event, SYSTEM_ACTOR, {}, now);
			await payOut(tx, task, handover, null, now);
			return true;
		})
	);
}
