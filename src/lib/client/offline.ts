// What pages show when the server cannot be reached: the tasks this device synced last. Loaded on demand
// (it brings Dexie), never on an online first paint.
import { filterFeed, type FeedFilter, type FeedSort } from '$lib/domain/feed';
import { getMeta, localDb } from './db';
import type { TaskView } from './types';

/** The feed as the server would answer it, over this device's tasks: the same pure filter and order. */
export async function offlineFeed(search: FeedFilter & { sort: FeedSort }) {
	const db = localDb();
	const open = await db.tasks.where('status').equals('OPEN').toArray();
	return {
		items: filterFeed(open, search, search.sort).map(({ distanceKm, ...task }) => ({
			...task,
			...(search.near ? { distanceKm: distanceKm ?? 0 } : {})
		})),
		lastSyncAt: (await getMeta<Date>(db, 'lastSyncAt')) ?? null
	};
}

export async function offlineTask(id: string): Promise<{ task: TaskView | null; lastSyncAt: Date | null }> {
	const db = localDb();
	return {
		task: (await db.tasks.get(id)) ?? null,
		lastSyncAt: (await getMeta<Date>(db, 'lastSyncAt')) ?? null
	};
}

export async function offlineMine() {
	const db = localDb();
	const all = await db.tasks.orderBy('createdAt').reverse().toArray();
	return {
		tasks: {
			posted: all.filter((task) => task.viewer.isRequester),
			claimed: all.filter((task) => task.viewer.isClaimant)
		}
	};
}
