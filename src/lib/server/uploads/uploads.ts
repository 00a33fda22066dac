// Resumable uploads. `begin` opens (or finds again) an upload for a file the client describes by name,
// size and sha256; `chunk` appends bytes at exactly the confirmed offset, so a client that lost its
// connection asks for the offset and continues from there. The last chunk checks the sha256 and the
// content type and turns the upload into a stored file.
//
// Each user has quotas (config `uploadQuota`): the bytes they store, the bytes they park (uploaded but
// attached to nothing yet, and uploads still open), and the uploads they start per hour; a new upload
// over any of them is refused with a clear error. Parked bytes do not stay: jobs/cleanup.ts removes
// uploads idle for a day and files attached to nothing after a week.
import { DomainError } from '$lib/domain/errors';
import { MAX_CHUNK_SIZE, type UploadBeginInput } from '$lib/domain/schemas/upload';
import type { AppConfig } from '../core/config';
import type { Db, Tx } from '../db';
import { notFound, type Actor } from '../core/actor';
import { sniffType } from './file-types';
import { lockContent, unattached } from '../access/files';
import type { FileStore, ServiceDeps } from '../core/context';
import { inTransaction } from '../core/transaction';

/** Uploads need the store the bytes go to as well. */
export type UploadDeps = ServiceDeps & { storage: FileStore };

export interface UploadState {
	uploadId: string;
	offset: number;
	size: number;
	complete: boolean;
	fileId: string | null;
}

const present = (upload: {
	id: string;
	offset: number;
	size: number;
	status: string;
	fileId: string | null;
}) => ({
	uploadId: upload.id,
	offset: upload.offset,
	size: upload.size,
	complete: upload.status === 'COMPLETE',
	fileId: upload.fileId
});

export async function beginUpload(
	deps: UploadDeps,
	actor: Actor,
	input: UploadBeginInput
): Promise<UploadState> {
	const { db, config } = deps;
	if (input.size > config.uploadMaxBytes) {
		throw new DomainError(
			'BAD_REQUEST',
			'file_too_large',
			`Files can be at most ${Math.floor(config.uploadMaxBytes / (1024 * 1024))} MiB.`
		);
	}
	return inTransaction(db, async (tx) => {
		// One begin at a time per user, so two at once cannot both slip under a quota.
		await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`uploads:${actor.userId}`}, 0))`;
		// Taken before reading what is stored, so the clean-up cannot delete the content meanwhile.
		await lockContent(tx, input.sha256);
		// The same bytes again (an app restart, a second handover): no need to send them. The stored row is
		// reused only under the same name; a new name gets its own row over the same content.
		const stored = await tx.storedFile.findMany({
			where: { ownerId: actor.userId, sha256: input.sha256, size: input.size },
			select: { id: true, name: true, mimeType: true }
		});
		const same = stored.find((file) => file.name === input.name) ?? null;
		const file =
			same ??
			(stored[0]
				? await tx.storedFile.create({
						data: {
							ownerId: actor.userId,
							name: input.name,
							size: input.size,
							mimeType: stored[0].mimeType,
							sha256: input.sha256
						},
						select: { id: true }
					})
				: null);
		if (file) {
			const done = await tx.upload.create({
				data: {
					ownerId: actor.userId,
					name: input.name,
					size: input.size,
					declaredType: input.type,
					sha256: input.sha256,
					offset: input.size,
					status: 'COMPLETE',
					fileId: file.id
				}
			});
			return present(done);
		}
		const open = await tx.upload.findFirst({
			where: { ownerId: actor.userId, sha256: input.sha256, size: input.size, status: 'UPLOADING' },
			orderBy: { createdAt: 'desc' }
		});
		if (open) return present(open);
		await assertWithinQuota(tx, actor.userId, input.size, config.uploadQuota);
		const created = await tx.upload.create({
			data: {
				ownerId: actor.userId,
				name: input.name,
				size: input.size,
				declaredType: input.type,
				sha256: input.sha256
			}
		});
		return present(created);
	});
}

const MiB = 1024 * 1024;
const inMiB = (bytes: number) => `${Math.floor(bytes / MiB)} MiB`;

/** Refuses a new upload of `size` bytes that would take `userId` past any of their quotas. */
async function assertWithinQuota(tx: Tx, userId: string, size: number, quota: AppConfig['uploadQuota']) {
	// Content counts once however many files share it: the disk holds it once.
	const [usage] = await tx.$queryRaw<{ stored: bigint; parked: bigint; open: bigint; recent: bigint }[]>`
		SELECT
			(SELECT COALESCE(SUM(s."size"), 0) FROM (
				SELECT DISTINCT ON ("sha256") "size" FROM "StoredFile" WHERE "ownerId" = ${userId}::uuid
			) s)::bigint AS stored,
			-- Older unattached files are the clean-up's, and on their way out.
			(SELECT COALESCE(SUM(p."size"), 0) FROM (
				SELECT DISTINCT ON (f."sha256") f."size" FROM "StoredFile" f
				WHERE f."ownerId" = ${userId}::uuid AND f."createdAt" > now() - interval '8 days' AND ${unattached}
			) p)::bigint AS parked,
			(SELECT COALESCE(SUM("size"), 0) FROM "Upload"
				WHERE "ownerId" = ${userId}::uuid AND "status" = 'UPLOADING')::bigint AS open,
			-- Uploads that carried bytes; finding a file already stored again costs nothing.
			(SELECT count(*) FROM "Upload"
				WHERE "ownerId" = ${userId}::uuid AND "createdAt" > now() - interval '1 hour'
					AND ("status" = 'UPLOADING' OR "bytesReceived" > 0))::bigint AS recent`;
	const { stored, parked, open, recent } = usage!;
	if (Number(recent) >= quota.perHour) {
		throw new DomainError(
			'TOO_MANY_REQUESTS',
			'upload_rate_exceeded',
			`You started ${quota.perHour} uploads in the last hour, the most the platform takes. Try again later.`
		);
	}
	if (Number(stored) + size > quota.storedBytes) {
		throw new DomainError(
			'FORBIDDEN',
			'upload_quota_exceeded',
			`Your files would take more than your ${inMiB(quota.storedBytes)} of storage. Ask the platform for more.`
		);
	}
	if (Number(parked) + Number(open) + size > quota.unattachedBytes) {
		throw new DomainError(
			'FORBIDDEN',
			'upload_unattached_exceeded',
			`You have ${inMiB(quota.unattachedBytes)} of files not yet attached to anything or still uploading. Hand them over or send them first.`
		);
	}
}

export async function uploadStatus(db: Db, actor: Actor, uploadId: string): Promise<UploadState> {
	const upload = await db.upload.findUnique({ where: { id: uploadId } });
	if (!upload || upload.ownerId !== actor.userId) throw notFound('This upload');
	return present(upload);
}

export async function receiveChunk(
	deps: UploadDeps,
	actor: Actor,
	input: { uploadId: string; offset: number; bytes: Uint8Array }
): Promise<UploadState> {
	const { db, storage } = deps;
	const { uploadId, offset, bytes } = input;
	if (bytes.byteLength === 0 || bytes.byteLength > MAX_CHUNK_SIZE) {
		throw new DomainError(
			'BAD_REQUEST',
			'bad_chunk_size',
			`A chunk carries 1 byte to ${MAX_CHUNK_SIZE} bytes.`
		);
	}
	// Refusals are returned from the transaction rather than thrown, so that what they record commits.
	type Outcome =
		| { kind: 'state'; state: UploadState }
		| { kind: 'wrong_offset'; expected: number }
		| { kind: 'failed'; error: DomainError };
	const outcome = await inTransaction(db, async (tx): Promise<Outcome> => {
		const locked = await tx.$queryRaw<
			{ id: string }[]
		>`SELECT "id" FROM "Upload" WHERE "id" = ${uploadId}::uuid AND "ownerId" = ${actor.userId}::uuid FOR UPDATE`;
		if (locked.length === 0) throw notFound('This upload');
		const upload = await tx.upload.findUniqueOrThrow({ where: { id: uploadId } });
		if (upload.status === 'COMPLETE') return { kind: 'state', state: present(upload) };
		const end = offset + bytes.byteLength;
		// Checked before the offset: no resume ever sends bytes past the end, so they are not counted either.
		if (end > upload.size) {
			throw new DomainError('BAD_REQUEST', 'chunk_past_end', 'This chunk goes past the end of the file.');
		}
		if (offset !== upload.offset) return { kind: 'wrong_offset', expected: upload.offset };
		await storage.writeChunk(uploadId, offset, bytes);
		if (end < upload.size) {
			const updated = await tx.upload.update({
				where: { id: uploadId },
				data: { offset: end, bytesReceived: { increment: bytes.byteLength } }
			});
			return { kind: 'state', state: present(updated) };
		}
		const path = storage.partialFile(uploadId);
		const actualSha = await storage.sha256Of(path);
		const mimeType = actualSha === upload.sha256 ? await sniffType(path) : null;
		if (actualSha !== upload.sha256 || !mimeType) {
			// Start over: the bytes do not match what was announced, or are not a type we accept.
			await storage.discardPartial(uploadId);
			await tx.upload.update({
				where: { id: uploadId },
				data: { offset: 0, bytesReceived: { increment: bytes.byteLength } }
			});
			return {
				kind: 'failed',
				error:
					actualSha !== upload.sha256
						? new DomainError(
								'BAD_REQUEST',
								'checksum_mismatch',
								'The file arrived damaged (sha256 differs); send it again.'
							)
						: new DomainError(
								'BAD_REQUEST',
								'unsupported_type',
								'Only photos (JPEG, PNG, WebP, HEIC), PDF, Word, Excel and plain text files are accepted.'
							)
			};
		}
		await lockContent(tx, upload.sha256);
		await storage.promote(uploadId, upload.sha256);
		const file = await tx.storedFile.create({
			data: { ownerId: actor.userId, name: upload.name, size: upload.size, mimeType, sha256: upload.sha256 },
			select: { id: true }
		});
		const finished = await tx.upload.update({
			where: { id: uploadId },
			data: {
				offset: end,
				bytesReceived: { increment: bytes.byteLength },
				status: 'COMPLETE',
				fileId: file.id
			}
		});
		return { kind: 'state', state: present(finished) };
	});
	if (outcome.kind === 'failed') throw outcome.error;
	if (outcome.kind === 'wrong_offset') {
		// Count the bytes that arrived for nothing; the upload itself is unchanged.
		await db.upload.update({
			where: { id: uploadId },
			data: { bytesReceived: { increment: bytes.byteLength } }
		});
		throw new DomainError(
			'CONFLICT',
			'wrong_offset',
			`This upload continues at byte ${outcome.expected}, not ${offset}.`
		);
	}
	return outcome.state;
}
