// Browser helpers for the installable app: persistent storage, applying a service-worker update safely,
// Background Sync for the outbox. Safe to import anywhere (nothing runs at import time).
import { OUTBOX_SYNC_TAG } from '$lib/pwa/sw-routes';
import { runBeforeReload } from './lifecycle';

export interface StorageState {
	/** Bytes this site stores (caches, IndexedDB, …), as the browser estimates it. */
	usage: number;
	/** Whether the browser promised not to clear it under storage pressure. */
	persisted: boolean;
}

const storageListeners = new Set<() => void>();
let persistRequest: Promise<boolean> | undefined;

/** Calls `listener` whenever the storage state may have changed (e.g. persistence was granted). */
export function onStorageChange(listener: () => void): () => void {
	storageListeners.add(listener);
	return () => storageListeners.delete(listener);
}

/** How much the site stores and whether it is kept; null where the browser cannot tell. */
export async function storageState(): Promise<StorageState | null> {
	const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
	if (!storage?.estimate) return null;
	try {
		const [estimate, persisted] = await Promise.all([
			storage.estimate(),
			storage.persisted ? storage.persisted() : Promise.resolve(false)
		]);
		return { usage: estimate.usage ?? 0, persisted };
	} catch {
		return null;
	}
}

/**
 * Asks the browser to keep this site's data (drafts, the outbox, cached tasks) even when space runs low.
 * Call it after the app is installed and when the first draft is stored. Asks at most once per page load
 * (Firefox shows a prompt; Chrome decides silently); resolves to whether the data is now kept.
 */
export function requestPersistentStorage(): Promise<boolean> {
	const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
	if (!storage?.persist || !storage.persisted) return Promise.resolve(false);
	persistRequest ??= (async () => {
		try {
			return (await storage.persisted()) || (await storage.persist());
		} catch {
			return false;
		} finally {
			storageListeners.forEach((listener) => listener());
		}
	})();
	return persistRequest;
}

/**
 * Applies a waiting service-worker update: first everything registered with onBeforeReload (saving drafts,
 * flushing the outbox) finishes, and only then is the new version activated (which reloads the page).
 */
export async function applyUpdate(activate: () => Promise<void>): Promise<void> {
	await runBeforeReload();
	await activate();
}

/** Reloads the page once the work registered with onBeforeReload is done. */
export async function reloadSafely(reload: () => void = () => location.reload()): Promise<void> {
	await runBeforeReload();
	reload();
}

interface SyncManager {
	register(tag: string): Promise<void>;
}

/**
 * Asks for a Background Sync of the outbox (the service worker then posts FLUSH_OUTBOX to the open
 * windows, see onFlushOutbox). Resolves to false where the browser has no Background Sync (iOS, Firefox):
 * the outbox must flush on its own triggers anyway.
 */
export async function requestOutboxSync(): Promise<boolean> {
	if (typeof navigator === 'undefined' || !navigator.serviceWorker) return false;
	try {
		const registration = await navigator.serviceWorker.ready;
		const sync = (registration as ServiceWorkerRegistration & { sync?: SyncManager }).sync;
		if (!sync) return false;
		await sync.register(OUTBOX_SYNC_TAG);
		return true;
	} catch {
		return false;
	}
}

/** Calls `flush` when the service worker relays a Background Sync of the outbox. */
export function onFlushOutbox(flush: () => void): () => void {
	if (typeof navigator === 'undefined' || !navigator.serviceWorker) return () => {};
	const listener = (event: MessageEvent) => {
		if ((event.data as { type?: unknown } | null)?.type === 'FLUSH_OUTBOX') flush();
	};
	navigator.serviceWorker.addEventListener('message', listener);
	return () => navigator.serviceWorker.removeEventListener('message', listener);
}
