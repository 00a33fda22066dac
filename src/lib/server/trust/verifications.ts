// Identity verification: a person sends an ID document, an organisation its registration (files the user
// uploaded); an admin looks at them and verifies or refuses. Verifying sets User.verifiedAt (kept if it was
// already set); refusing changes nothing on the user. The documents are readable by their owner and admins
// only (see files.ts).
import { DomainError } from '$lib/domain/errors';
import type { DecideVerificationInput, VerificationSubmitInput } from '$lib/domain/schemas/trust';
import type { Db } from '../db';
import { toApiKind } from '../tasks/selects';
import type { VerificationStatus } from '../db/generated/enums';
import { assertOwnsFiles } from '../access/files';
import { notFound, type Actor } from '../core/actor';
import { assertAdmin } from '../access/admin';
import { audit } from '../core/audit';
import { runMutation } from '../core/mutations';
import { notify } from '../notifications/notify';
import { inTransaction } from '../core/transaction';

const fileSelect = {
	orderBy: { position: 'asc' as const },
	select: { file: { select: { id: true, name: true, mimeType: true, size: true } } }
};

const verificationSelect = {
	id: true,
	note: true,
	status: true,
	reason: true,
	decidedAt: true,
	createdAt: true,
	files: fileSelect
};

const flatFiles = <T extends { files: { file: unknown }[] }>(v: T) => ({
	...v,
	files: v.files.map((f) => f.file as { id: string; name: string; mimeType: string; size: number })
});

export async function submitVerification(db: Db, actor: Actor, input: VerificationSubmitInput) {
	return inTransaction(db, async (tx) => {
		// One request at a time: requests by the same user queue on their row.
		const [user] = await tx.$queryRaw<
			{ verifiedAt: Date | null }[]
		>`SELECT "verifiedAt" FROM "User" WHERE "id" = ${actor.userId}::uuid FOR UPDATE`;
		if (!user) throw notFound('This user');
		if (user.verifiedAt) {
			throw new DomainError('CONFLICT', 'already_verified', 'Your identity is already verified.');
		}
		const pending = await tx.verification.count({
			where: { userId: actor.userId, status: 'PENDING' }
		});
		if (pending > 0) {
			throw new DomainError(
				'CONFLICT',
				'verification_pending',
				'Your documents are already waiting for the platform; wait for its answer.'
			);
		}
		const fileIds = await assertOwnsFiles(
			tx,
			actor.userId,
			input.fileIds,
			'You can only send files you uploaded.'
		);
		const created = await tx.verification.create({
			data: {
				userId: actor.userId,
				note: input.note || null,
				files: { create: fileIds.map((fileId, position) => ({ fileId, position })) }
			},
			select: verificationSelect
		});
		return flatFiles(created);
	});
}

/** The caller's verification requests, newest first, and whether they are verified. */
export async function myVerifications(db: Db, actor: Actor) {
	const [user, requests] = await Promise.all([
		db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { verifiedAt: true } }),
		db.verification.findMany({
			where: { userId: actor.userId },
			orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
			take: 20,
			select: verificationSelect
		})
	]);
	return { verifiedAt: user.verifiedAt, requests: requests.map(flatFiles) };
}

/** Requests for the admins, oldest first, with their documents. */
export async function listVerifications(
	db: Db,
	actor: Actor,
	input: { status?: VerificationStatus | undefined }
) {
	assertAdmin(actor);
	const items = await db.verification.findMany({
		where: input.status ? { status: input.status } : {},
		orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
		take: 100,
		select: {
			...verificationSelect,
			user: { select: { id: true, displayName: true, email: true, kind: true, verifiedAt: true } }
		}
	});
	return {
		items: items.map((v) => ({
			...flatFiles(v),
			user: { ...v.user, kind: toApiKind(v.user.kind) }
		}))
	};
}

export async function decideVerification(db: Db, actor: Actor, input: DecideVerificationInput) {
	assertAdmin(actor);
	return runMutation(db, { userId: actor.userId, name: 'admin.decideVerification', input }, async (tx) => {
		const locked = await tx.$queryRaw<
			{ id: string }[]
		>`SELECT "id" FROM "Verification" WHERE "id" = ${input.verificationId}::uuid FOR UPDATE`;
		if (locked.length === 0) throw notFound('This verification request');
		const request = await tx.verification.findUniqueOrThrow({
			where: { id: input.verificationId },
			select: { id: true, status: true, userId: true, user: { select: { verifiedAt: true } } }
		});
		if (request.status !== 'PENDING') {
			throw new DomainError(
				'CONFLICT',
				'verification_already_decided',
				'This request has already been decided.'
			);
		}
		const now = new Date();
		const status: VerificationStatus = input.approve ? 'VERIFIED' : 'REFUSED';
		const reason = input.reason || null;
		await tx.verification.update({
			where: { id: request.id },
			data: { status, reason, decidedById: actor.userId, decidedAt: now }
		});
		const verifiedAt = input.approve ? (request.user.verifiedAt ?? now) : request.user.verifiedAt;
		if (verifiedAt !== request.user.verifiedAt) {
			await tx.user.update({ where: { id: request.userId }, data: { verifiedAt } });
		}
		await audit(tx, actor, {
			action: 'admin.decideVerification',
			targetType: 'verification',
			targetId: request.id,
			before: { status: request.status, userId: request.userId, verifiedAt: request.user.verifiedAt },
			after: { status, reason, userId: request.userId, verifiedAt }
		});
		await notify(tx, {
			userId: request.userId,
			kind: 'verification_decided',
			data: { status, reason }
		});
		return { verificationId: request.id, userId: request.userId, status, reason, verifiedAt };
	});
}
