/// <reference lib="webworker" />
// The service worker (built by SvelteKit, its precache list injected by @vite-pwa/sveltekit's
// injectManifest step). It keeps the app usable offline:
// - precaches the app shell (/shell, prerendered with ssr = false), every built JS/CSS chunk, the icons and
//   the web app manifest in both languages;
// - answers every page navigation with the shell, which then renders the real route in the browser;
// - keeps task images and handover files (/files/…) in a size- and age-limited cache;
// - activates a new version only when the page asks (after it saved drafts and flushed the outbox);
// - relays Background Sync ('outbox') to the open windows, where the sync engine lives.
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { ExpirationPlugin } from 'workbox-expiration';
import {
	cleanupOutdatedCaches,
	createHandlerBoundToURL,
	precacheAndRoute,
	type PrecacheEntry
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, StaleWhileRevalidate } from 'workbox-strategies';
import { FILES_CACHE, NOT_PAGES, OUTBOX_SYNC_TAG, SHELL_URL, isAuthChange } from '$lib/pwa/sw-routes';

declare global {
	// Background Sync is not in TypeScript's webworker library yet.
	interface SyncEvent extends ExtendableEvent {
		readonly tag: string;
		readonly lastChance: boolean;
	}
	interface ServiceWorkerGlobalScopeEventMap {
		sync: SyncEvent;
	}
}

// This file is also type-checked with the DOM library (one tsconfig for the whole app), where `self` is a
// Window: name the worker scope once, with its own type.
const sw = self as unknown as ServiceWorkerGlobalScope;

// `self.__WB_MANIFEST` must stay spelled exactly like this: the build replaces it with the precache list.
precacheAndRoute((self as unknown as { __WB_MANIFEST: (PrecacheEntry | string)[] }).__WB_MANIFEST);
cleanupOutdatedCaches();

// Page loads: the precached shell, whatever the URL; the client router then renders that URL. Never for
// the API, files or the manifest, which are not pages.
registerRoute(
	new NavigationRoute(createHandlerBoundToURL(SHELL_URL), {
		denylist: NOT_PAGES
	})
);

// Task images and handover files. A file id names fixed content, so a stored copy stays right; only
// complete answers (200) are kept, never errors or partial (206) responses.
registerRoute(
	({ url, request, sameOrigin }) =>
		sameOrigin && url.pathname.startsWith('/files/') && request.headers.get('range') === null,
	new CacheFirst({
		cacheName: FILES_CACHE,
		plugins: [
			new CacheableResponsePlugin({ statuses: [200] }),
			new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * 24 * 60 * 60, purgeOnQuotaError: true })
		]
	})
);

// The manifest without ?lang (the precached copies have it): last answer at once, refreshed behind.
registerRoute(
	({ url, sameOrigin }) => sameOrigin && url.pathname === '/manifest.webmanifest',
	new StaleWhileRevalidate({
		cacheName: 'jiedan-meta',
		plugins: [new CacheableResponsePlugin({ statuses: [200] })]
	})
);

// Stored files belong to whoever was signed in: forget them when someone signs in, up or out on this
// device. The request itself goes on to the network untouched (no respondWith).
sw.addEventListener('fetch', (event) => {
	if (isAuthChange(event.request.method, new URL(event.request.url), sw.location.origin)) {
		event.waitUntil(caches.delete(FILES_CACHE));
	}
});

// A new version waits until the page, having saved its work, asks it to take over.
sw.addEventListener('message', (event) => {
	if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(sw.clients.claim());
});

// Background Sync where the browser has it (not iOS, not Firefox): wake the open windows to flush their
// outbox. The pages also flush on start, `online`, visibility and a timer, so nothing depends on this.
sw.addEventListener('sync', (event) => {
	if (event.tag !== OUTBOX_SYNC_TAG) return;
	event.waitUntil(
		sw.clients
			.matchAll({ type: 'window', includeUncontrolled: true })
			.then((windows) => windows.forEach((client) => client.postMessage({ type: 'FLUSH_OUTBOX' })))
	);
});
