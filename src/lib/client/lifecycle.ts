// Work that must finish before the app reloads itself (a service-worker update): saving drafts, flushing
// the outbox. Modules register what they need; the update prompt awaits it all before reloading, so an
// update never throws away unsaved work.
type Hook = () => Promise<void> | void;

const hooks = new Set<Hook>();

/** Registers work to run before a reload; returns a function that unregisters it. */
export function onBeforeReload(hook: Hook): () => void {
	hooks.add(hook);
	return () => hooks.delete(hook);
}

/** Runs every registered hook; one failing does not stop the others. Resolves when all are done. */
export async function runBeforeReload(): Promise<void> {
	await Promise.allSettled([...hooks].map(async (hook) => hook()));
}
