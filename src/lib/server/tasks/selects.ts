// What a task looks like to the API: the selects that decide which columns leave the database, and the
// shapes the API answers with (categories and kinds in lower case).
import { Prisma } from '../db';
import type { TaskCategory, UserKind } from '../db/generated/enums';

/** What anyone may see of a task: enough for a worker to decide. */
export const publicTaskSelect = {
	id: true,
	title: true,
	description: true,
	category: true,
	address: true,
	lat: true,
	lng: true,
	startsAt: true,
	endsAt: true,
	conditions: true,
	bounty: true,
	currency: true,
	status: true,
	createdAt: true,
	// The claim's terms: how long a worker has to hand over, and whether only verified workers may claim.
	claimHours: true,
	requireVerified: true,
	requester: { select: { id: true, displayName: true, kind: true, verifiedAt: true } }
} satisfies Prisma.TaskSelect;

export const feedItemSelect = {
	id: true,
	title: true,
	category: true,
	address: true,
	startsAt: true,
	endsAt: true,
	bounty: true,
	currency: true,
	status: true,
	createdAt: true
} satisfies Prisma.TaskSelect;

export const toApiCategory = (category: TaskCategory) => category.toLowerCase() as Lowercase<TaskCategory>;

export const toApiKind = (kind: UserKind) => kind.toLowerCase() as Lowercase<UserKind>;

export function presentPublic(task: Prisma.TaskGetPayload<{ select: typeof publicTaskSelect }>) {
	return {
		...task,
		category: toApiCategory(task.category),
		requester: { ...task.requester, kind: toApiKind(task.requester.kind) }
	};
}

/** Selects the public view of a task plus what `viewOf` needs to describe the caller's relation to it. */
export const viewableTaskSelect = { ...publicTaskSelect, claimantId: true } satisfies Prisma.TaskSelect;
