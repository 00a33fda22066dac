// What the service worker decides about requests, as plain functions (unit-tested without a worker).

/** The prerendered app shell (src/routes/shell) that answers every page navigation. */
export const SHELL_URL = '/shell';

/** Cache of task images and handover files (private to whoever is signed in). */
export const FILES_CACHE = 'jiedan-files';

/** The Background Sync tag the sync engine registers; the worker relays it to the pages. */
export const OUTBOX_SYNC_TAG = 'outbox';

/** Paths that are never pages: a navigation to them goes to the network, not to the shell. */
export const NOT_PAGES: RegExp[] = [
	/^\/api\//,
	/^\/files\//,
	/^\/manifest\.webmanifest$/,
	// Downloads such as the wallet statement (/wallet/statement.csv).
	/\.csv$/
];

const AUTH_PROCEDURES = new Set(['auth.login', 'auth.logout', 'auth.register']);

/**
 * Whether a request signs someone in, up or out: the form POST to /logout, or a tRPC call (batched calls
 * are comma-separated in the path) of auth.login / auth.logout / auth.register.
 */
export function isAuthChange(method: string, url: URL, origin: string): boolean {
	if (method !== 'POST' || url.origin !== origin) return false;
	if (url.pathname === '/logout') return true;
	const prefix = '/api/trpc/';
	if (!url.pathname.startsWith(prefix)) return false;
	let procedures: string;
	try {
		procedures = decodeURIComponent(url.pathname.slice(prefix.length));
	} catch {
		return false;
	}
	return procedures.split(',').some((name) => AUTH_PROCEDURES.has(name));
}
