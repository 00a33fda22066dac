// Runs state changes in one interactive transaction, retrying the rare deadlock or write conflict that
// PostgreSQL resolves by aborting one side (Prisma reports it as P2034).
import type { Db, Tx } from './db';

const ATTEMPTS = 4;

const RETRYABLE = new Set(['P2034', '40001', '40P01']);

interface PrismaLikeError {
	code?: string;
	meta?: { driverAdapterError?: { cause?: { originalCode?: string } } };
}

function isRetryable(error: unknown): boolean {
	const { code, meta } = (error ?? {}) as PrismaLikeError;
	if (RETRYABLE.has(code ?? '')) return true;
	// A raw query ($queryRaw, $executeRaw) that PostgreSQL aborts is reported as P2010 ("raw query failed"),
	// the SQL state only in the driver adapter's error.
	return code === 'P2010' && RETRYABLE.has(meta?.driverAdapterError?.cause?.originalCode ?? '');
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
