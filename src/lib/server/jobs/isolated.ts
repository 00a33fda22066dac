// Runs a timer's work item by item: one item's failure is logged and does not stop the others (the next
// sweep tries it again). Returns how many items reported a change.
export async function forEachIsolated<T>(
	what: string,
	items: T[],
	work: (item: T) => Promise<boolean>
): Promise<number> {
	let changed = 0;
	for (const item of items) {
		try {
			if (await work(item)) changed++;
		} catch (error) {
			console.error(`Timer (${what}) failed for`, item, error);
		}
	}
	return changed;
}
