// Who may download a stored file: its owner (who uploaded it) and admins; the requester of a task whose
// handover includes it; the participants of a task whose messages or dispute carry it (its requester and
// the worker holding it or who held it). Identity documents sent for verification stay with their owner and admins,
// whatever else they are attached to. Everyone else is told the file does not exist.
import { z } from 'zod';
import { DomainError } from '$lib/domain/errors';
import type { PublicUser } from '$lib/server/auth/users';
import { Prisma, type Db, type Tx } from '$lib/server/db';
import { threadVisibleSince } from '$lib/domain/trust';
import { canSeeDispute } from './tasks';

const fileId = z.uuid();

export interface ReadableFile {
	id: string;
	name: string;
	size: number;
	mimeType: string;
	sha256: string;
}

/** The file if `user` may read it, else null (also for ids that are not UUIDs or do not exist). */
export async function canReadFile(
	db: Db,
	user: Pick<PublicUser, 'id' | 'isAdmin'>,
	id: string
): Promise<ReadableFile | null> {
	if (!fileId.safeParse(id).success) return null;
	const file = await db.storedFile.findUnique({
		where: { id },
		select: { id: true, name: true, size: true, mimeType: true, sha256: true, ownerId: true }
	});
	if (!file) return null;
	const { ownerId, ...readable } = file;
	if (user.isAdmin || ownerId === user.id) return readable;
	const participant = { task: { OR: [{ requesterId: user.id }, { claimantId: user.id }] } };
	const [identityDocument, viaRequestedTask, viaMessage, viaDispute] = await Promise.all([
		db.verificationFile.findFirst({ where: { fileId: id }, select: { fileId: true } }),
		db.handoverFile.findFirst({
			where: { fileId: id, handover: { task: { requesterId: user.id } } },
			select: { fileId: true }
		}),
		db.messageFile.findMany({
			where: { fileId: id, message: participant },
			select: {
				message: {
					select: {
						createdAt: true,
						task: { select: { requesterId: true, claimantId: true, claimedAt: true } }
					}
				}
			}
		}),
		db.disputeFile.findMany({
			where: { fileId: id, dispute: participant },
			select: {
				dispute: { select: { task: { select: { status: true, requesterId: true, claimantId: true } } } }
			}
		})
	]);
	if (identityDocument) return null;
	// A worker reads only the messages of their own claim, not those of a worker before them.
	const actor = { userId: user.id, isAdmin: user.isAdmin };
	const readableMessage = viaMessage.some(({ message }) => {
		const since = threadVisibleSince(message.task, actor);
		return since === null || message.createdAt >= since;
	});
	const readableDispute = viaDispute.some(({ dispute }) => canSeeDispute(dispute.task, actor));
	return viaRequestedTask || readableMessage || readableDispute ? readable : null;
}

/**
 * Refuses (FORBIDDEN `files_not_yours`) unless every file is the caller's own. The files stay locked
 * (FOR KEY SHARE) until the caller's transaction ends, so the clean-up of unattached files cannot remove
 * one that is being attached right now.
 */
export async function assertOwnsFiles(tx: Tx, userId: string, fileIds: string[], message: string) {
	const ids = [...new Set(fileIds)];
	if (ids.length === 0) return ids;
	const owned = await tx.$queryRaw<{ id: string }[]>`
		SELECT "id" FROM "StoredFile" WHERE "id" = ANY(${ids}::uuid[]) AND "ownerId" = ${userId}::uuid
		FOR KEY SHARE`;
	if (owned.length !== ids.length) throw new DomainError('FORBIDDEN', 'files_not_yours', message);
	return ids;
}

/** SQL: the stored file `f` is attached to nothing (no handover, message, dispute or verification). */
export const unattached = Prisma.sql`
	NOT EXISTS (SELECT 1 FROM "HandoverFile" l WHERE l."fileId" = f."id")
	AND NOT EXISTS (SELECT 1 FROM "MessageFile" l WHERE l."fileId" = f."id")
	AND NOT EXISTS (SELECT 1 FROM "DisputeFile" l WHERE l."fileId" = f."id")
	AND NOT EXISTS (SELECT 1 FROM "VerificationFile" l WHERE l."fileId" = f."id")`;

/** Locks the content `sha256` for this transaction: storing, reusing and deleting it take turns. */
export async function lockContent(tx: Tx, sha256: string): Promise<void> {
	await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`file:${sha256}`}, 0))`;
}
