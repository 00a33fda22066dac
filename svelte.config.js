import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * SvelteKit's route announcer (the live region that reads out each new page) carries one inline style
 * attribute. CSP allows it by its hash alone ('unsafe-hashes'), read from the installed Kit, so that a
 * Kit upgrade that changes it fails the build instead of silently breaking the announcer.
 */
/** @returns {`sha256-${string}`} */
function announcerStyleHash() {
	const kit = dirname(createRequire(import.meta.url).resolve('@sveltejs/kit/package.json'));
	const root = join(kit, 'src/core/sync/write_root.js');
	const style = /id="svelte-announcer"[^>]*\sstyle="([^"]+)"/.exec(readFileSync(root, 'utf8'))?.[1];
	if (!style) throw new Error('svelte.config.js: SvelteKit’s route announcer style was not found.');
	return `sha256-${createHash('sha256').update(style).digest('base64')}`;
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ precompress: true }),
		// Absolute asset URLs: an app shell served for a deep link must not resolve ./_app relative to it.
		paths: { relative: false },
		// SvelteKit's own check covers form posts; tRPC requests are checked in hooks.server.ts.
		csrf: { trustedOrigins: [] },
		// @vite-pwa/sveltekit builds the worker's precache list; the layout registers it (PwaControls).
		serviceWorker: { register: false },
		// Content-Security-Policy: nonces for rendered pages, hashes for the prerendered app shell (as a
		// <meta> tag). Only this origin's scripts, styles, workers and connections (the API, the event
		// stream); images also from blob: (photos shown before they upload). No inline script or style
		// (Svelte sets styles through the DOM, which CSP allows) but Kit's announcer; dev mode adds what
		// Vite needs itself.
		// frame-ancestors and the other headers are set in hooks.server.ts.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				'style-src-attr': ['unsafe-hashes', announcerStyleHash()],
				'img-src': ['self', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'media-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
