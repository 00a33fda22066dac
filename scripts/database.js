// @ts-check
// The database the command-line tools work on: DATABASE_URL when set, else the embedded PostgreSQL in
// DATA_DIR (default ./.data): the one a running app serves, or one started for the duration of the command.
import { runningEmbeddedUrl, startEmbeddedPostgres } from '../src/lib/server/db/embedded.js';

/**
 * @template T
 * @param {(url: string) => Promise<T>} work
 * @returns {Promise<T>}
 */
export async function withDatabase(work) {
	if (process.env.DATABASE_URL) return work(process.env.DATABASE_URL);
	const dataDir = process.env.DATA_DIR ?? '.data';
	const running = runningEmbeddedUrl(dataDir);
	if (running) return work(running);
	const embedded = await startEmbeddedPostgres({ dataDir });
	try {
		return await work(embedded.url);
	} finally {
		await embedded.stop();
	}
}
