// Who may download a stored file: its owner (who uploaded it) and admins; the requester of a task whose
// handover includes it; the participants of a task whose messages or dispute carry it (its requester and
// the worker holding it or who held it). Identity documents sent for verification stay with their owner and admins,
// whatever else they are attached to. Everyone else is told the file does not exist.
import { z } from 'zod';
import type { PublicUser } from '$lib/server/auth/users';
import type { Db } from '$lib/server/db';
import { threadVisibleSince } from '$lib/domain/trust';

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
		db.disputeFile.findFirst({ where: { fileId: id, dispute: participant }, select: { fileId: true } })
	]);
	if (identityDocument) return null;
	// A worker reads only the messages of their own claim, not those of a worker before them.
	const readableMessage = viaMessage.some(({ message }) => {
		const since = threadVisibleSince(message.task, { userId: user.id, isAdmin: user.isAdmin });
		return since === null || message.createdAt >= since;
	});
	return viaRequestedTask || readableMessage || viaDispute ? readable : null;
}
