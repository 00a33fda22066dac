// Trust between strangers: who may rate whom after a task, how a worker's record is scored, and who takes
// part in a task's conversation. Pure rules; the services in src/lib/server/ apply them to stored facts.

export const RATING_MIN = 1;
export const RATING_MAX = 5;
export const RATING_COMMENT_MAX = 1000;
export const VERIFICATION_MAX_FILES = 5;
export const VERIFICATION_NOTE_MAX = 1000;
export const MESSAGE_BODY_MAX = 4000;
export const MESSAGE_MAX_FILES = 6;
/** How many of the latest rating comments a profile shows. */
export const PROFILE_COMMENTS = 5;

export interface TaskParties {
	status: string;
	requesterId: string;
	/** The worker holding the task, or who held it when it ended (null after a release or a lapse). */
	claimantId: string | null;
}

export type RatingRole = 'requester' | 'worker';

export type RatingDecision =
	| { ok: true; role: RatingRole; rateeId: string }
	| { ok: false; refusal: 'not_participant' | 'not_completed' };

/**
 * After a task is COMPLETED its requester rates its worker and the worker rates the requester. Nobody else
 * rates, and nothing is rated before completion. (Once each is enforced by the store: one rating per rater
 * and task.)
 */
export function ratingFor(task: TaskParties, raterId: string): RatingDecision {
	const role: RatingRole | null =
		raterId === task.requesterId ? 'requester' : raterId === task.claimantId ? 'worker' : null;
	if (!role || !task.claimantId) return { ok: false, refusal: 'not_participant' };
	if (task.status !== 'COMPLETED') return { ok: false, refusal: 'not_completed' };
	return { ok: true, role, rateeId: role === 'requester' ? task.claimantId : task.requesterId };
}

export const isValidScore = (score: number): boolean =>
	Number.isInteger(score) && score >= RATING_MIN && score <= RATING_MAX;

/**
 * A worker's on-time rate: of the claims that reached a verdict on time-keeping, how many handed over before
 * the deadline. Each task's first handover counts once (rework rounds do not), and so does each claim that
 * lapsed. Null without any history: no record is not a bad record.
 */
export function onTimeRate(record: {
	firstSubmissionsOnTime: number;
	firstSubmissions: number;
	lapses: number;
}): number | null {
	const total = record.firstSubmissions + record.lapses;
	return total === 0 ? null : record.firstSubmissionsOnTime / total;
}

/** Of the tasks a worker held that ended (completed or cancelled), the share that went through a dispute. */
export function disputeRate(record: { disputed: number; ended: number }): number | null {
	return record.ended === 0 ? null : record.disputed / record.ended;
}

/** Who reads and writes a task's messages: its requester, the worker holding it (or who held it), admins. */
export function isThreadParticipant(task: TaskParties, actor: { userId: string; isAdmin: boolean }): boolean {
	return actor.isAdmin || actor.userId === task.requesterId || actor.userId === task.claimantId;
}

/**
 * Which of a thread's messages an actor may read: all of them for the requester and admins; for the worker,
 * only those written since their claim began (`claimedAt`), so a worker who takes over a released or
 * lapsed task never reads the conversation with the one before.
 */
export function threadVisibleSince(
	task: Pick<TaskParties, 'requesterId'> & { claimedAt: Date | null },
	actor: { userId: string; isAdmin: boolean }
): Date | null {
	if (actor.isAdmin || actor.userId === task.requesterId) return null;
	return task.claimedAt ?? new Date(8.64e15);
}

/** Whom a new message is announced to: the requester and the worker, except its author. */
export function messageRecipients(task: TaskParties, authorId: string): string[] {
	return [task.requesterId, task.claimantId].filter((id): id is string => id !== null && id !== authorId);
}
