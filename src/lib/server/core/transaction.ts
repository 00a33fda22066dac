// Runs state changes in one interactive transaction, retrying the rare deadlock or write conflict that
// PostgreSQL resolves by aborting one side (Prisma reports it as P2034).
import type { Db, Tx } from '../db';
import { sqlStateOf, type PrismaLikeError } from '../db/errors';

const ATTEMPTS = 4;

const RETRYABLE = new Set(['P2034', '40001', '40P01']);

function isRetryable(error: unknown): boolean {
	const { code } = (error ?? {}) as PrismaLikeError;
	return RETRYABLE.has(code ?? '') || RETRYABLE.has(sqlStateOf(error) ?? '');
}

export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			// Claims on one task queue behind its row lock, so allow for a wait longer than Prisma's 2 s.
			return await db.$transaction(work, { maxWait: 15_000, timeout: 30_000 });
		} catch (error) {
			if (attempt >= ATTEMPTS || !isRetryable(error)) throw error;
			await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
		}
	}
}
