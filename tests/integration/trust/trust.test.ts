// Trust between strangers: ratings after completion, public profiles and their record, identity
// verification with private documents, and each task's message thread. Strangers are refused throughout.
import { randomUUID } from 'node:crypto';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicUser } from '$lib/server/auth/users';
import { canReadFile } from '$lib/server/access/files';
import { createTestApp, type TestApp } from '../support/app';
import { pngBytes, uploadFile } from '../support/files';
import { taskInput } from '../fixtures';

let app: TestApp;
let admin: PublicUser;

beforeAll(async () => {
	app = await createTestApp();
	admin = await app.admin();
});
afterAll(() => app.close());

/** A requester with a published task. */
async function posted(bounty = 1_000n, overrides: Parameters<typeof taskInput>[0] = {}) {
	const requester = await app.user({ displayName: 'Requester' });
	await app.fund(requester, bounty);
	const taskId = (await app.as(requester).task.publish(taskInput({ bounty, ...overrides }))).id;
	return { requester, taskId };
}

/** A task taken all the way to COMPLETED by a worker. */
async function completed(worker?: PublicUser) {
	const { requester, taskId } = await posted();
	const w = worker ?? (await app.user({ displayName: 'Worker' }));
	expect(await app.as(w).task.claim({ taskId })).toEqual({ status: 'claimed' });
	const handover = await app.as(w).handover.submit({ taskId, report: 'Done.', fileIds: [] });
	await app.as(admin).admin.approve({ handoverId: handover.id });
	return { requester, worker: w, taskId };
}

describe('rating.submit', () => {
	it('lets the requester and the worker rate each other once after completion, and tells the ratee', async () => {
		const { requester, worker, taskId } = await completed();
		const given = await app.as(requester).rating.submit({ taskId, score: 5, comment: ' Quick and tidy. ' });
		expect(given).toMatchObject({
			taskId,
			rateeId: worker.id,
			score: 5,
			comment: 'Quick and tidy.',
			role: 'requester'
		});
		const back = await app.as(worker).rating.submit({ taskId, score: 4 });
		expect(back).toMatchObject({ rateeId: requester.id, score: 4, comment: null, role: 'worker' });

		await expect(app.as(requester).rating.submit({ taskId, score: 1 })).rejects.toMatchObject({
			code: 'CONFLICT',
			cause: { key: 'already_rated' }
		});
		expect(await app.db.rating.count({ where: { taskId } })).toBe(2);
		const told = await app.db.notification.findMany({ where: { kind: 'rated', taskId } });
		expect(told.map((n) => n.userId).sort()).toEqual([requester.id, worker.id].sort());
		expect(await app.as(requester).rating.forTask({ id: taskId })).toMatchObject({
			canRate: false,
			role: 'requester',
			given: { score: 5 }
		});
	});

	it('records one rating when the same side submits twice at once', async () => {
		const { requester, taskId } = await completed();
		const results = await Promise.allSettled(
			[5, 3].map((score) => app.as(requester).rating.submit({ taskId, score }))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(refused.reason).toMatchObject({ code: 'CONFLICT', cause: { key: 'already_rated' } });
		expect(await app.db.rating.count({ where: { taskId } })).toBe(1);
	});

	it('refuses strangers, admins and unfinished tasks with clear errors', async () => {
		const { taskId } = await completed();
		for (const user of [await app.user(), admin]) {
			await expect(app.as(user).rating.submit({ taskId, score: 5 })).rejects.toMatchObject({
				code: 'FORBIDDEN',
				cause: { key: 'rating_not_participant' }
			});
			await expect(app.as(user).rating.forTask({ id: taskId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		}
		const open = await posted();
		const worker = await app.user();
		await app.as(worker).task.claim({ taskId: open.taskId });
		for (const user of [open.requester, worker]) {
			await expect(app.as(user).rating.submit({ taskId: open.taskId, score: 5 })).rejects.toMatchObject({
				code: 'CONFLICT',
				cause: { key: 'rating_not_completed' }
			});
		}
		await expect(app.as(worker).rating.submit({ taskId: randomUUID(), score: 5 })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		expect(await app.db.rating.count({ where: { taskId: { in: [taskId, open.taskId] } } })).toBe(0);
	});

	it('refuses bad scores and long comments as input errors', async () => {
		const { requester, taskId } = await completed();
		for (const input of [
			{ score: 0 },
			{ score: 6 },
			{ score: 4.5 },
			{ score: 3, comment: 'x'.repeat(1001) }
		]) {
			await expect(app.as(requester).rating.submit({ taskId, ...input })).rejects.toMatchObject({
				code: 'BAD_REQUEST'
			});
		}
		expect(await app.db.rating.count({ where: { taskId } })).toBe(0);
	});
});

describe('user.profile', () => {
	it('describes a worker and a requester from aggregates of their history', async () => {
		const worker = await app.user({ displayName: 'Li Wei', kind: 'person' });
		const a = await completed(worker);
		const b = await completed(worker);
		await app.as(a.requester).rating.submit({ taskId: a.taskId, score: 5, comment: 'Great work' });
		await app.as(b.requester).rating.submit({ taskId: b.taskId, score: 4, comment: 'Good' });
		await app.as(worker).rating.submit({ taskId: a.taskId, score: 2, comment: 'Slow to answer' });

		// A claim that lapsed, and a task that ended in a dispute (written as the services would leave them).
		const lapsed = await posted();
		await app.db.claimLapse.create({
			data: {
				taskId: lapsed.taskId,
				workerId: worker.id,
				claimedAt: new Date(Date.now() - 3_600_000),
				expiredAt: new Date()
			}
		});
		const disputed = await posted();
		await app.as(worker).task.claim({ taskId: disputed.taskId });
		await app.db.task.update({ where: { id: disputed.taskId }, data: { status: 'CANCELLED' } });
		await app.db.dispute.create({
			data: {
				taskId: disputed.taskId,
				openedById: disputed.requester.id,
				statement: 'Never came',
				statusBefore: 'CLAIMED',
				status: 'RESOLVED'
			}
		});
		// A rework round: only the task's first handover counts towards the on-time rate.
		const late = await posted();
		await app.as(worker).task.claim({ taskId: late.taskId });
		await app.as(worker).handover.submit({ taskId: late.taskId, report: 'First try', fileIds: [] });
		await app.db.handover.updateMany({ where: { taskId: late.taskId }, data: { onTime: false } });

		const profile = await app.as(null).user.profile({ userId: worker.id });
		expect(profile).toMatchObject({
			id: worker.id,
			displayName: 'Li Wei',
			kind: 'person',
			verifiedAt: null,
			worker: {
				completed: 2,
				// 2 first handovers on time of 3 first handovers + 1 lapse
				onTimeRate: 0.5,
				// 1 disputed of the 3 tasks held that ended
				disputeRate: 0.333,
				averageRating: 4.5,
				ratingCount: 2
			},
			requester: { posted: 0, completed: 0, averageRating: null, ratingCount: 0 }
		});
		expect(profile.memberSince).toBeInstanceOf(Date);
		expect(profile.recentComments.map((c) => [c.comment, c.about])).toEqual([
			['Good', 'worker'],
			['Great work', 'worker']
		]);
		expect(superjson.stringify(profile)).not.toContain('@example.com');

		const requesterProfile = await app.as(null).user.profile({ userId: a.requester.id });
		expect(requesterProfile).toMatchObject({
			worker: { completed: 0, onTimeRate: null, disputeRate: null, averageRating: null, ratingCount: 0 },
			requester: { posted: 1, completed: 1, averageRating: 2, ratingCount: 1 }
		});
		expect(requesterProfile.recentComments).toEqual([
			expect.objectContaining({
				comment: 'Slow to answer',
				about: 'requester',
				raterName: 'Li Wei',
				score: 2
			})
		]);
	});

	it('answers NOT_FOUND for an unknown user and BAD_REQUEST for a malformed id', async () => {
		await expect(app.as(null).user.profile({ userId: randomUUID() })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		await expect(app.as(null).user.profile({ userId: 'nope' })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
	});
});

describe('identity verification', () => {
	it('takes documents, lets an admin verify them, audits and tells the user', async () => {
		const org = await app.user({ kind: 'organisation', displayName: 'Acme Ltd' });
		const doc = (await uploadFile(app.as(org), pngBytes(40), 'licence.png')).fileId;
		const request = await app.as(org).verification.submit({ note: 'Business licence', fileIds: [doc] });
		expect(request).toMatchObject({ status: 'PENDING', note: 'Business licence', files: [{ id: doc }] });

		await expect(app.as(org).verification.submit({ fileIds: [doc] })).rejects.toMatchObject({
			code: 'CONFLICT',
			cause: { key: 'verification_pending' }
		});

		const queue = await app.as(admin).admin.verifications({ status: 'PENDING' });
		const item = queue.items.find((v) => v.id === request.id);
		expect(item).toMatchObject({
			user: { id: org.id, kind: 'organisation', verifiedAt: null },
			files: [{ id: doc }]
		});

		const mutationId = randomUUID();
		const decided = await app
			.as(admin)
			.admin.decideVerification({ mutationId, verificationId: request.id, approve: true });
		expect(decided).toMatchObject({ status: 'VERIFIED', userId: org.id });
		expect(decided.verifiedAt).toBeInstanceOf(Date);
		// A replay changes nothing and answers the same.
		expect(
			await app.as(admin).admin.decideVerification({ mutationId, verificationId: request.id, approve: true })
		).toEqual(decided);
		await expect(
			app
				.as(admin)
				.admin.decideVerification({ verificationId: request.id, approve: false, reason: 'Changed my mind' })
		).rejects.toMatchObject({ code: 'CONFLICT', cause: { key: 'verification_already_decided' } });

		const user = await app.db.user.findUniqueOrThrow({ where: { id: org.id } });
		expect(user.verifiedAt).toEqual(decided.verifiedAt);
		const entries = await app.db.auditEntry.findMany({
			where: { targetType: 'verification', targetId: request.id }
		});
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			actorId: admin.id,
			action: 'admin.decideVerification',
			before: { status: 'PENDING', verifiedAt: null },
			after: { status: 'VERIFIED', verifiedAt: decided.verifiedAt!.toISOString() }
		});
		const notes = await app.db.notification.findMany({
			where: { userId: org.id, kind: 'verification_decided' }
		});
		expect(notes.map((n) => n.data)).toEqual([{ status: 'VERIFIED', reason: null }]);
		expect((await app.as(org).verification.mine()).verifiedAt).toEqual(decided.verifiedAt);
		expect((await app.as(null).user.profile({ userId: org.id })).verifiedAt).toEqual(decided.verifiedAt);
		await expect(app.as(org).verification.submit({ fileIds: [doc] })).rejects.toMatchObject({
			cause: { key: 'already_verified' }
		});
	});

	it('refuses with a reason, which the user reads; they may then try again', async () => {
		const person = await app.user();
		const doc = (await uploadFile(app.as(person), pngBytes(30), 'id.png')).fileId;
		const request = await app.as(person).verification.submit({ fileIds: [doc] });
		await expect(
			app.as(admin).admin.decideVerification({ verificationId: request.id, approve: false })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await app.as(admin).admin.decideVerification({
			verificationId: request.id,
			approve: false,
			reason: 'The photo is blurred.'
		});
		const mine = await app.as(person).verification.mine();
		expect(mine).toMatchObject({
			verifiedAt: null,
			requests: [{ status: 'REFUSED', reason: 'The photo is blurred.' }]
		});
		expect((await app.db.user.findUniqueOrThrow({ where: { id: person.id } })).verifiedAt).toBeNull();
		const again = await app.as(person).verification.submit({ fileIds: [doc] });
		expect(again.status).toBe('PENDING');
		const all = (await app.as(admin).admin.verifications({})).items.map((v) => v.id);
		expect(all.indexOf(request.id)).toBeLessThan(all.indexOf(again.id));
	});

	it('takes 1 to 5 of the user’s own files only', async () => {
		const person = await app.user();
		const other = await app.user();
		const theirs = (await uploadFile(app.as(other), pngBytes(20))).fileId;
		await expect(app.as(person).verification.submit({ fileIds: [theirs] })).rejects.toMatchObject({
			code: 'FORBIDDEN',
			cause: { key: 'files_not_yours' }
		});
		await expect(app.as(person).verification.submit({ fileIds: [] })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		const six = Array.from({ length: 6 }, () => randomUUID());
		await expect(app.as(person).verification.submit({ fileIds: six })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		expect(await app.db.verification.count({ where: { userId: person.id } })).toBe(0);
	});

	it('keeps the documents from everyone but their owner and admins', async () => {
		const { requester, taskId } = await posted();
		const worker = await app.user();
		await app.as(worker).task.claim({ taskId });
		const doc = (await uploadFile(app.as(worker), pngBytes(25), 'passport.png')).fileId;
		await app.as(worker).verification.submit({ fileIds: [doc] });
		// Even attached to a handover the requester may read, an identity document stays private.
		await app.as(worker).handover.submit({ taskId, report: 'Here', fileIds: [doc] });
		expect(await canReadFile(app.db, { id: worker.id, isAdmin: false }, doc)).toMatchObject({ id: doc });
		expect(await canReadFile(app.db, { id: admin.id, isAdmin: true }, doc)).toMatchObject({ id: doc });
		expect(await canReadFile(app.db, { id: requester.id, isAdmin: false }, doc)).toBeNull();
		expect(await canReadFile(app.db, { id: (await app.user()).id, isAdmin: false }, doc)).toBeNull();
	});

	it('lets only verified workers claim a task that asks for them', async () => {
		const { taskId } = await posted(1_000n, { requireVerified: true });
		const worker = await app.user();
		expect(await app.as(worker).task.claim({ taskId })).toMatchObject({
			status: 'rejected',
			reason: 'not_verified'
		});
		expect((await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('OPEN');
		const doc = (await uploadFile(app.as(worker), pngBytes(22), 'id.png')).fileId;
		const request = await app.as(worker).verification.submit({ fileIds: [doc] });
		await app.as(admin).admin.decideVerification({ verificationId: request.id, approve: true });
		expect(await app.as(worker).task.claim({ taskId })).toEqual({ status: 'claimed' });
	});

	it('is refused to non-admins and answers NOT_FOUND for unknown requests', async () => {
		const person = await app.user();
		const doc = (await uploadFile(app.as(person), pngBytes(21))).fileId;
		const request = await app.as(person).verification.submit({ fileIds: [doc] });
		for (const user of [person, await app.user()]) {
			await expect(app.as(user).admin.verifications({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
			await expect(
				app.as(user).admin.decideVerification({ verificationId: request.id, approve: true })
			).rejects.toMatchObject({ code: 'FORBIDDEN' });
		}
		await expect(
			app.as(admin).admin.decideVerification({ verificationId: randomUUID(), approve: true })
		).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect((await app.db.verification.findUniqueOrThrow({ where: { id: request.id } })).status).toBe(
			'PENDING'
		);
		expect((await app.db.user.findUniqueOrThrow({ where: { id: person.id } })).verifiedAt).toBeNull();
		// Nobody sees another user's requests through verification.mine.
		expect((await app.as(await app.user()).verification.mine()).requests).toEqual([]);
	});
});

describe('messages', () => {
	it('carry text and photos between the requester, the worker and admins, and tell the others', async () => {
		const { requester, taskId } = await posted();
		const worker = await app.user({ displayName: 'Zhang' });
		await app.as(worker).task.claim({ taskId });
		const photo = (await uploadFile(app.as(worker), pngBytes(33), 'door.png')).fileId;
		const mutationId = randomUUID();
		const sent = await app
			.as(worker)
			.message.send({ mutationId, taskId, body: ' Which door is it? ', fileIds: [photo] });
		expect(sent).toMatchObject({
			body: 'Which door is it?',
			author: { id: worker.id, displayName: 'Zhang' },
			files: [{ id: photo }]
		});
		expect(
			await app.as(worker).message.send({ mutationId, taskId, body: 'Which door is it?', fileIds: [photo] })
		).toEqual(sent);
		await app.as(requester).message.send({ taskId, body: 'The blue one.' });
		await app.as(admin).message.send({ taskId, body: 'Platform here: all fine?' });

		for (const reader of [requester, worker, admin]) {
			const page = await app.as(reader).message.list({ taskId });
			expect(page.items.map((msg) => msg.body)).toEqual([
				'Which door is it?',
				'The blue one.',
				'Platform here: all fine?'
			]);
			expect(page.nextCursor).toBeNull();
		}
		const notes = await app.db.notification.findMany({
			where: { kind: 'message', taskId },
			orderBy: { createdAt: 'asc' }
		});
		expect(notes.map((n) => n.userId)).toEqual([requester.id, worker.id, requester.id, worker.id]);

		expect(await canReadFile(app.db, { id: requester.id, isAdmin: false }, photo)).toMatchObject({
			id: photo
		});
		expect(await canReadFile(app.db, { id: (await app.user()).id, isAdmin: false }, photo)).toBeNull();
	});

	it('pages back through a long thread', async () => {
		const { requester, taskId } = await posted();
		for (let i = 1; i <= 5; i++) await app.as(requester).message.send({ taskId, body: `Note ${i}` });
		const first = await app.as(requester).message.list({ taskId, limit: 2 });
		expect(first.items.map((msg) => msg.body)).toEqual(['Note 4', 'Note 5']);
		const second = await app.as(requester).message.list({ taskId, limit: 2, cursor: first.nextCursor! });
		expect(second.items.map((msg) => msg.body)).toEqual(['Note 2', 'Note 3']);
		const third = await app.as(requester).message.list({ taskId, limit: 2, cursor: second.nextCursor! });
		expect(third).toMatchObject({ items: [{ body: 'Note 1' }], nextCursor: null });
		await expect(app.as(requester).message.list({ taskId, cursor: 'garbage' })).rejects.toMatchObject({
			code: 'BAD_REQUEST',
			cause: { key: 'bad_cursor' }
		});
	});

	it('refuses strangers and former claimants, reading or writing, and leaks nothing', async () => {
		const { requester, taskId } = await posted();
		const worker = await app.user();
		const former = await app.user();
		await app.as(former).task.claim({ taskId });
		await app.as(former).message.send({ taskId, body: 'Secret gate code 4711' });
		await app.as(former).task.release({ taskId });
		await app.as(worker).task.claim({ taskId });
		const photo = (await uploadFile(app.as(requester), pngBytes(27))).fileId;
		await app.as(requester).message.send({ taskId, body: 'Code changed', fileIds: [photo] });

		for (const intruder of [await app.user(), former]) {
			await expect(app.as(intruder).message.list({ taskId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
			await expect(app.as(intruder).message.send({ taskId, body: 'Hello?' })).rejects.toMatchObject({
				code: 'FORBIDDEN'
			});
			expect(await canReadFile(app.db, { id: intruder.id, isAdmin: false }, photo)).toBeNull();
		}
		await expect(app.as(null).message.list({ taskId })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
		await expect(app.as(worker).message.list({ taskId: randomUUID() })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		expect(await app.db.message.count({ where: { taskId } })).toBe(2);
		// The worker now holding it sees the thread since their own claim, never the former worker's messages;
		// the requester sees all of it.
		expect((await app.as(worker).message.list({ taskId })).items.map((m) => m.body)).toEqual([
			'Code changed'
		]);
		expect((await app.as(requester).message.list({ taskId })).items).toHaveLength(2);
	});

	it('refuses empty or long bodies, too many files and files of others', async () => {
		const { requester, taskId } = await posted();
		const other = await app.user();
		const theirs = (await uploadFile(app.as(other), pngBytes(23))).fileId;
		await expect(
			app.as(requester).message.send({ taskId, body: 'Look', fileIds: [theirs] })
		).rejects.toMatchObject({
			code: 'FORBIDDEN',
			cause: { key: 'files_not_yours' }
		});
		for (const input of [
			{ body: '   ' },
			{ body: 'x'.repeat(4001) },
			{ body: 'Seven', fileIds: Array.from({ length: 7 }, () => randomUUID()) }
		]) {
			await expect(app.as(requester).message.send({ taskId, ...input })).rejects.toMatchObject({
				code: 'BAD_REQUEST'
			});
		}
		expect(await app.db.message.count({ where: { taskId } })).toBe(0);
	});
});
