import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

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
		serviceWorker: { register: false }
	}
};

export default config;
