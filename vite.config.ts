import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';
import { benchTier, e2eTier, integrationTier, unitTier } from './tests/projects';

// The web app manifest is an endpoint (one language per answer), so the precache list names both
// languages itself, revised whenever the file that makes them changes.
const manifestRevision = createHash('sha256')
	.update(readFileSync(new URL('./src/lib/pwa/manifest.ts', import.meta.url)))
	.digest('hex')
	.slice(0, 16);

export default defineConfig({
	plugins: [
		// Tests import no messages (`npm install` compiles them anyway), and the compiler's storage layer leaves
		// timers that hold a test run open for half a minute.
		!process.env.VITEST &&
			paraglideVitePlugin({
				project: './project.inlang',
				outdir: './src/lib/paraglide',
				// The language follows a choice the user made (cookie), else the browser's, else English.
				strategy: ['cookie', 'preferredLanguage', 'baseLocale']
			}),
		sveltekit(),
		!process.env.VITEST &&
			SvelteKitPWA({
				strategies: 'injectManifest',
				srcDir: 'src',
				filename: 'service-worker.ts',
				registerType: 'prompt',
				// Registered by src/lib/ui/PwaControls.svelte with virtual:pwa-register/svelte.
				injectRegister: false,
				// Served by src/routes/manifest.webmanifest in the request's language.
				manifest: false,
				injectManifest: {
					// Every built client file (JS and CSS of all routes, icons) and the prerendered app shell; not
					// the shell's own data (signed out, from build time), which the router never needs.
					globPatterns: ['client/**/*.{js,css,ico,png,svg,webp}', 'prerendered/**/*.{html,json}'],
					globIgnores: ['prerendered/dependencies/shell/__data.json'],
					additionalManifestEntries: ['en', 'zh-CN'].map((lang) => ({
						url: `/manifest.webmanifest?lang=${lang}`,
						revision: manifestRevision
					}))
				},
				// Icons made at build time from one drawing (written to the build output, never committed):
				// pwa-64x64, pwa-192x192, pwa-512x512, maskable-icon-512x512, apple-touch-icon-180x180 and
				// favicon.ico. The drawing has its own margin and a safe zone for maskable icons, so no padding;
				// maskable and Apple icons fill the rounded corners with the theme colour.
				pwaAssets: {
					image: 'static/icon.svg',
					preset: {
						transparent: { sizes: [64, 192, 512], favicons: [[48, 'favicon.ico']], padding: 0 },
						maskable: { sizes: [512], padding: 0, resizeOptions: { background: '#0f766e' } },
						apple: { sizes: [180], padding: 0, resizeOptions: { background: '#0f766e' } }
					},
					includeHtmlHeadLinks: false,
					injectThemeColor: false,
					overrideManifestIcons: false
				},
				devOptions: { enabled: false }
			})
	],
	test: {
		expect: { requireAssertions: true },
		projects: [unitTier, integrationTier, benchTier, e2eTier].map((test) => ({ extends: true, test }))
	}
});
