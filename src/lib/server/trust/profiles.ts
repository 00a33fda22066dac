// Public profiles: who someone is and their record on the platform, as a worker and as a requester. A few
// aggregate queries whatever the history's length (no query per task).
import { disputeRate, onTimeRate, PROFILE_COMMENTS } from '$lib/domain/trust';
import type { Db } from '../db';
import { toApiKind } from '../tasks/selects';
import { notFound } from '../core/actor';

interface TaskCounts {
	completedAsWorker: bigint;
	endedAsWorker: bigint;
	disputedAsWorker: bigint;
	posted: bigint;
	completedAsRequester: bigint;
}

interface Timeliness {
	firstSubmissions: bigint;
	firstSubmissionsOnTime: bigint;
	lapses: bigint;
}

interface RatingAggregate {
	role: 'worker' | 'requester';
	average: number | null;
	count: bigint;
}

const ratio = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);

export async function userProfile(db: Db, userId: string) {
	const [user, counts, timeliness, ratings, comments] = await Promise.all([
		db.user.findUnique({
			where: { id: userId },
			select: { id: true, displayName: true, kind: true, createdAt: true, verifiedAt: true }
		}),
		// "Ended" is COMPLETED or CANCELLED; the claimant stays recorded on a task that ended while held.
		db.$queryRaw<TaskCounts[]>`
			SELECT
				count(*) FILTER (WHERE t."claimantId" = ${userId}::uuid AND t."status" = 'COMPLETED') AS "completedAsWorker",
				count(*) FILTER (WHERE t."claimantId" = ${userId}::uuid AND t."status" IN ('COMPLETED', 'CANCELLED')) AS "endedAsWorker",
				count(*) FILTER (WHERE t."claimantId" = ${userId}::uuid AND t."status" IN ('COMPLETED', 'CANCELLED')
					AND EXISTS (SELECT 1 FROM "Dispute" d WHERE d."taskId" = t."id")) AS "disputedAsWorker",
				count(*) FILTER (WHERE t."requesterId" = ${userId}::uuid) AS "posted",
				count(*) FILTER (WHERE t."requesterId" = ${userId}::uuid AND t."status" = 'COMPLETED') AS "completedAsRequester"
			FROM "Task" t
			WHERE t."claimantId" = ${userId}::uuid OR t."requesterId" = ${userId}::uuid`,
		// Each task's first handover by this worker, and every claim of theirs that lapsed.
		db.$queryRaw<Timeliness[]>`
			SELECT
				(SELECT count(*) FROM (SELECT DISTINCT "taskId" FROM "Handover" WHERE "workerId" = ${userId}::uuid) s)
					AS "firstSubmissions",
				(SELECT count(*) FROM (
					SELECT DISTINCT ON ("taskId") "onTime" FROM "Handover"
					WHERE "workerId" = ${userId}::uuid ORDER BY "taskId", "createdAt", "id") f WHERE f."onTime")
					AS "firstSubmissionsOnTime",
				(SELECT count(*) FROM "ClaimLapse" WHERE "workerId" = ${userId}::uuid) AS "lapses"`,
		// Ratings received, split by the role the user had on the task.
		db.$queryRaw<RatingAggregate[]>`
			SELECT CASE WHEN t."requesterId" = r."rateeId" THEN 'requester' ELSE 'worker' END AS "role",
				avg(r."score")::float8 AS "average", count(*) AS "count"
			FROM "Rating" r JOIN "Task" t ON t."id" = r."taskId"
			WHERE r."rateeId" = ${userId}::uuid
			GROUP BY 1`,
		db.rating.findMany({
			where: { rateeId: userId, comment: { not: null } },
			orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
			take: PROFILE_COMMENTS,
			select: {
				score: true,
				comment: true,
				createdAt: true,
				raterId: true,
				rater: { select: { displayName: true } },
				task: { select: { requesterId: true } }
			}
		})
	]);
	if (!user) throw notFound('This user');
	const c = counts[0]!;
	const t = timeliness[0]!;
	const byRole = (role: RatingAggregate['role']) => {
		const row = ratings.find((r) => r.role === role);
		return {
			average: row?.average === null || !row ? null : Math.round(row.average * 100) / 100,
			count: Number(row?.count ?? 0)
		};
	};
	const asWorker = byRole('worker');
	const asRequester = byRole('requester');
	return {
		id: user.id,
		displayName: user.displayName,
		kind: toApiKind(user.kind),
		memberSince: user.createdAt,
		verifiedAt: user.verifiedAt,
		worker: {
			completed: Number(c.completedAsWorker),
			onTimeRate: ratio(
				onTimeRate({
					firstSubmissionsOnTime: Number(t.firstSubmissionsOnTime),
					firstSubmissions: Number(t.firstSubmissions),
					lapses: Number(t.lapses)
				})
			),
			disputeRate: ratio(
				disputeRate({ disputed: Number(c.disputedAsWorker), ended: Number(c.endedAsWorker) })
			),
			averageRating: asWorker.average,
			ratingCount: asWorker.count
		},
		requester: {
			posted: Number(c.posted),
			completed: Number(c.completedAsRequester),
			averageRating: asRequester.average,
			ratingCount: asRequester.count
		},
		recentComments: comments.map((r) => ({
			score: r.score,
			comment: r.comment!,
			createdAt: r.createdAt,
			// The role of the person rated: the rater was the other side.
			about: r.task.requesterId === r.raterId ? ('worker' as const) : ('requester' as const),
			raterName: r.rater.displayName
		}))
	};
}
