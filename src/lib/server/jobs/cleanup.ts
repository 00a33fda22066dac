// The hourly clean-up: what users left behind must not fill the disk or the tables.
// - Uploads idle for PARTIAL_IDLE_HOURS are abandoned: their rows and partial bytes go (and partial files
//   on disk that no upload row names, left by a crash, once they are as old).
// - Files attached to nothing (no handover, message, dispute or verification) UNATTACHED_DAYS after they
//   were uploaded go, and their bytes with the last file that refers to them (content is shared).
// - Sign-in counters whose window has passed, and places people signed in from long ago.
// Each step works in small batches with SKIP LOCKED, so it never waits for (or blocks) users, and
// running it twice at once does nothing twice.
import { Prisma } from '../db';
import { unattached, lockContent } from '../access/files';
import type { UploadDeps } from '../uploads/uploads';
import { inTransaction } from '../core/transaction';
import { KNOWN_SOURCE_DAYS, THROTTLE_WINDOW_MINUTES } from '../auth/throttle';

export const PARTIAL_IDLE_HOURS = 24;
export const UNATTACHED_DAYS = 7;
const BATCH = 200;
const HOUR = 3_600_000;

export type CleanupDeps = Pick<UploadDeps, 'db' | 'storage'>;

export interface CleanupResult {
	partialUploads: number;
	strayPartials: number;
	files: number;
	contents: number;
	throttles: number;
	knownSources: number;
}

/** Deletes abandoned uploads (rows and bytes), oldest first. */
async function abandonedUploads({ db, storage }: CleanupDeps, before: Date): Promise<number> {
	let removed = 0;
	for (;;) {
		const ids = await inTransaction(db, async (tx) => {
			const rows = await tx.$queryRaw<{ id: string }[]>`
				SELECT "id" FROM "Upload" WHERE "status" = 'UPLOADING' AND "updatedAt" < ${before}
				ORDER BY "updatedAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
			const found = rows.map((row) => row.id);
			// Bytes first: a row without its bytes restarts at 0 at worst; bytes without a row would stay.
			for (const id of found) await storage.discardPartial(id);
			await tx.upload.deleteMany({ where: { id: { in: found } } });
			return found;
		});
		removed += ids.length;
		if (ids.length < BATCH) return removed;
	}
}

/** Partial files on disk that no open upload names (a crash between the two), once they are as old. */
async function strayPartials({ db, storage }: CleanupDeps, before: Date): Promise<number> {
	const old = (await storage.partials()).filter((partial) => partial.modifiedAt < before);
	let removed = 0;
	for (let i = 0; i < old.length; i += BATCH) {
		const names = old.slice(i, i + BATCH).map((partial) => partial.uploadId);
		const ids = names.filter((name) => /^[0-9a-f-]{36}$/.test(name));
		const open = new Set(
			(
				await db.upload.findMany({ where: { id: { in: ids }, status: 'UPLOADING' }, select: { id: true } })
			).map((upload) => upload.id)
		);
		for (const name of names.filter((name) => !open.has(name))) {
			await storage.discardPartial(name);
			removed++;
		}
	}
	return removed;
}

/** Deletes files attached to nothing since before `before`; then the content nobody refers to any more. */
async function unattachedFiles({ db, storage }: CleanupDeps, before: Date) {
	let files = 0;
	let contents = 0;
	for (;;) {
		const gone = await inTransaction(db, async (tx) => {
			// A file being attached right now is locked (files.assertOwnsFiles) and skipped.
			const rows = await tx.$queryRaw<{ id: string; sha256: string }[]>`
				SELECT f."id", f."sha256" FROM "StoredFile" f
				WHERE f."createdAt" < ${before} AND ${unattached}
				ORDER BY f."createdAt" LIMIT ${BATCH} FOR UPDATE OF f SKIP LOCKED`;
			const ids = rows.map((row) => row.id);
			await tx.upload.deleteMany({ where: { fileId: { in: ids } } });
			await tx.storedFile.deleteMany({ where: { id: { in: ids } } });
			return rows;
		});
		files += gone.length;
		// The bytes go in a transaction of their own, under the content's lock, once no file refers to them:
		// an upload of the same content meanwhile either sees them still there or stores them anew.
		for (const sha256 of [...new Set(gone.map((row) => row.sha256))].sort()) {
			const deleted = await inTransaction(db, async (tx) => {
				await lockContent(tx, sha256);
				if ((await tx.storedFile.count({ where: { sha256 } })) > 0) return false;
				await storage.deleteStored(sha256);
				return true;
			});
			if (deleted) contents++;
		}
		if (gone.length < BATCH) return { files, contents };
	}
}

export async function runCleanup(deps: CleanupDeps, now: Date = new Date()): Promise<CleanupResult> {
	const idleSince = new Date(now.getTime() - PARTIAL_IDLE_HOURS * HOUR);
	const partialUploads = await abandonedUploads(deps, idleSince);
	const strays = await strayPartials(deps, idleSince);
	const { files, contents } = await unattachedFiles(
		deps,
		new Date(now.getTime() - UNATTACHED_DAYS * 24 * HOUR)
	);
	const throttles = await deps.db.$executeRaw(
		Prisma.sql`DELETE FROM "LoginThrottle" WHERE "windowStart" < ${new Date(now.getTime() - THROTTLE_WINDOW_MINUTES * 60_000)}`
	);
	const knownSources = await deps.db.knownSignIn.deleteMany({
		where: { lastAt: { lt: new Date(now.getTime() - KNOWN_SOURCE_DAYS * 24 * HOUR) } }
	});
	return {
		partialUploads,
		strayPartials: strays,
		files,
		contents,
		throttles,
		knownSources: knownSources.count
	};
}
