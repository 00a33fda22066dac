// @ts-check
// npm start — owns only "serve the production build": rebuilds it when a source is newer, then runs
// adapter-node's server (PORT, default 3000). The database (embedded when DATABASE_URL is unset) and its
// migrations are the app's own start-up work (hooks.server.ts `init`), not this script's.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = join(root, 'build/index.js');
const INPUTS = ['src', 'prisma', 'static', 'messages', 'svelte.config.js', 'vite.config.ts', 'package.json'];

/**
 * Whether `path`, or anything under it, changed after `time`; stops at the first one found. Folders count
 * too: adding, removing or renaming a file changes its folder's mtime.
 * @param {string} path
 * @param {number} time
 * @returns {boolean}
 */
function changedSince(path, time) {
	if (!existsSync(path)) return false;
	const stats = statSync(path);
	if (stats.mtimeMs > time) return true;
	return stats.isDirectory() && readdirSync(path).some((name) => changedSince(join(path, name), time));
}

const builtAt = existsSync(entry) ? statSync(entry).mtimeMs : -Infinity;
if (INPUTS.some((input) => changedSince(join(root, input), builtAt))) {
	console.log('The build is missing or older than its sources: running vite build.');
	// Not with a test runner's variables: vite.config.ts leaves the service worker out under VITEST, and a
	// build without it cannot serve the app (an e2e test started after a source edit would fail at start).
	const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
	const build = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit', env });
	if (build.status !== 0) process.exit(build.status ?? 1);
}
// adapter-node refuses request bodies over BODY_SIZE_LIMIT (512 KiB unless set); an upload chunk may be
// 1 MiB (MAX_CHUNK_SIZE) plus its multipart envelope.
process.env.BODY_SIZE_LIMIT ??= '1536K';
// A computed specifier, so type checking does not need a build to exist.
await import(pathToFileURL(entry).href);
