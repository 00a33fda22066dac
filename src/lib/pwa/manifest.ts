// The web app manifest, one per language (a manifest has a single `lang`). Served by
// src/routes/manifest.webmanifest; the service worker precaches both (vite.config.ts revisions them by
// this file's content, so change names and icons here).
import type { Locale } from '$lib/paraglide/runtime.js';

/** Icon files generated at build time from static/icon.svg (see `pwaAssets` in vite.config.ts). */
export const ICONS = {
	any192: '/pwa-192x192.png',
	any512: '/pwa-512x512.png',
	maskable512: '/maskable-icon-512x512.png'
} as const;

const TEXT: Record<Locale, { name: string; short_name: string; description: string }> = {
	'zh-CN': {
		name: '接单 · 任务悬赏',
		short_name: '接单',
		description: '发布任务、接单、交接成果，酬金由平台托管。'
	},
	en: {
		name: 'Jiedan · task bounties',
		short_name: 'Jiedan',
		description: 'Post tasks, claim them and hand over the results, with the bounty held in escrow.'
	}
};

export function webManifest(locale: Locale) {
	return {
		id: '/',
		lang: locale,
		dir: 'ltr',
		...TEXT[locale],
		start_url: '/',
		scope: '/',
		display: 'standalone',
		theme_color: '#0f766e',
		background_color: '#ffffff',
		icons: [
			{ src: ICONS.any192, sizes: '192x192', type: 'image/png', purpose: 'any' },
			{ src: ICONS.any512, sizes: '512x512', type: 'image/png', purpose: 'any' },
			{ src: ICONS.maskable512, sizes: '512x512', type: 'image/png', purpose: 'maskable' }
		]
	};
}

/**
 * The manifest's language: `?lang=` (what the page links to), else the language the user chose (Paraglide's
 * cookie), else the browser's (any zh → Chinese), else English.
 */
export function manifestLocale(
	lang: string | null,
	cookie: string | undefined,
	acceptLanguage: string | null
): Locale {
	for (const value of [lang, cookie]) {
		if (value === 'en' || value === 'zh-CN') return value;
	}
	const first = (acceptLanguage ?? '')
		.split(',')
		.map((part) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
		})
		.filter((entry) => entry.tag && entry.q > 0 && !Number.isNaN(entry.q))
		.sort((a, b) => b.q - a.q)
		.find(
			(entry) =>
				entry.tag === '*' ||
				entry.tag === 'en' ||
				entry.tag.startsWith('en-') ||
				entry.tag === 'zh' ||
				entry.tag.startsWith('zh-')
		);
	return first && (first.tag === 'zh' || first.tag.startsWith('zh-')) ? 'zh-CN' : 'en';
}
