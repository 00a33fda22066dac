// Live views of the device's own queue (Dexie liveQuery): a task's outbox entries, a queued handover's
// files and one entry, as they go from pending to answered. The pages that show progress subscribe here.
import { liveQuery, type Subscription } from 'dexie';
import { localDb, type LocalFile, type OutboxEntry } from '../db';

function watch<T>(query: () => Promise<T>, onChange: (value: T) => void, fallback: T): () => void {
	const subscription: Subscription = liveQuery(query).subscribe({
		next: onChange,
		error: () => onChange(fallback)
	});
	return () => subscription.unsubscribe();
}

/** The outbox entries about one task, newest first, as they change. */
export const watchTaskOutbox = (taskId: string, onChange: (entries: OutboxEntry[]) => void) =>
	watch(() => localDb().outbox.where('taskId').equals(taskId).reverse().sortBy('createdAt'), onChange, []);

/** Local files (a queued handover's), as their upload progresses. */
export const watchFiles = (ids: string[], onChange: (files: LocalFile[]) => void) =>
	watch(
		() =>
			localDb()
				.files.bulkGet(ids)
				.then((files) => files.filter((file): file is LocalFile => !!file)),
		onChange,
		[]
	);

/** One outbox entry, as it goes from pending to answered. */
export const watchEntry = (id: string, onChange: (entry: OutboxEntry | undefined) => void) =>
	watch(() => localDb().outbox.get(id), onChange, undefined);
