// What pages show when the server cannot be reached: the tasks this device synced last. Loaded on demand
// (it brings Dexie), never on an online first paint.
import { getMeta, localDb } from './db';
import type { TaskView } from './types';

export async function offlineFeed(search: { q: string; category: string }) {
	const db = localDb();
	const terms = search.q.toLowerCase().split(/\s+/).filter(Boolean);
	const open = await db.tasks.where('status').equals('OPEN').reverse().sortBy('createdAt');
	const items = open.filter(
		(task) =>
			(!search.category || task.category === search.category) &&
			terms.every((term) =>
				`${task.title}\n${task.description}\n${task.address}`.toLowerCase().includes(term)
			)
	);
	return { items, lastSyncAt: (await getMeta<Date>(db, 'lastSyncAt')) ?? null };
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
