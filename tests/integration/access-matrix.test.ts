// The access matrix: every tRPC procedure, called with other people's ids by a stranger, by someone signed
// out and (for admin procedures) by non-admins, is refused with the stated code and changes nothing; what
// public reads do return carries nothing private. One realistic world, one table, one row per procedure ×
// the ids it takes. A guard test fails when a procedure exists that the table does not cover.
//
// The HTTP routes that take ids are covered through the services they use: /files/[id] → canReadFile,
// /wallet/statement.csv → wallet.statement (a row below, plus the service directly), /api/events?tasks= →
// openEventStream. The HTTP layer itself (401/404 answers, headers) is covered by tests/e2e (http.test.ts,
// trust.test.ts, withdrawal.test.ts, live-updates.test.ts).
import { randomUUID } from 'node:crypto';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicUser } from '$lib/server/auth/users';
import { canReadFile } from '$lib/server/access/files';
import { openEventStream } from '$lib/server/live/events';
import type { LiveHub } from '$lib/server/live/hub';
import { statement } from '$lib/server/money/statement';
import { appRouter } from '$lib/server/router';
import { createTestApp, type Caller, type TestApp } from './support/app';
import { chunkForm, pngBytes, sha256Hex, uploadFile } from './support/files';
import { ledgerAudit } from './support/ledger';
import { snapshot } from './support/snapshot';
import { taskInput } from './fixtures';

// ---------------------------------------------------------------------------------------------------------
// The world
// ---------------------------------------------------------------------------------------------------------

/** Text only the parties may ever see; found in any answer to a stranger, it is a leak. */
const SECRET = {
	handover: 'SECRET-handover-report',
	relayHandover: 'SECRET-relay-handover-report',
	dispute: 'SECRET-dispute-statement',
	messageByWorker: 'SECRET-message-from-worker',
	messageByRequester: 'SECRET-message-from-requester',
	relayMessage: 'SECRET-relay-message-from-first-worker',
	verification: 'SECRET-verification-note',
	destination: 'SECRET-bank 6222 0000 1111 2222',
	objection: 'SECRET-objection-reason'
};

interface World {
	requester: PublicUser;
	worker: PublicUser;
	/** Signed in, no part in anything below. */
	stranger: PublicUser;
	/** Claims the relay task after the first worker let it go. */
	next: PublicUser;
	admin: PublicUser;
	tasks: {
		open: string;
		/** Claimed by the worker; the requester has asked to cancel. */
		claimed: string;
		/** A handover with a file, waiting for review. */
		submitted: string;
		/** Handover, messages with files both ways, a dispute with a file. */
		disputed: string;
		/** Approved and paid; the requester has rated the worker. */
		completed: string;
		/** The worker messaged, handed over, was sent back, released; `next` holds it now. */
		relay: string;
	};
	handovers: { submitted: string; disputed: string; completed: string; relay: string };
	disputeId: string;
	files: {
		handover: string;
		dispute: string;
		messageByWorker: string;
		messageByRequester: string;
		identity: string;
		relayMessage: string;
		relayHandover: string;
	};
	messageIds: string[];
	upload: { id: string; bytes: Uint8Array };
	/** The identity document's content, as a stranger who got hold of a copy would describe it. */
	identity: { sha256: string; size: number };
	verificationId: string;
	withdrawalId: string;
	deposit: { id: string; reference: string };
	/** The owners' own mutation ids, which nobody else may replay. */
	mutationIds: { publish: string; claim: string; deposit: string; withdraw: string };
	requesterNotificationIds: string[];
}

const BANK = {
	BANK_NAME: 'China Merchants Bank, Shanghai Pudong branch',
	BANK_ACCOUNT_NAME: 'Jiedan Technology Co., Ltd.',
	BANK_ACCOUNT_NUMBER: '6214 8301 2345 6789'
};

async function buildWorld(app: TestApp): Promise<World> {
	const requester = await app.user({ displayName: 'Requester', email: `req-${randomUUID()}@example.com` });
	const worker = await app.user({ displayName: 'Worker', email: `wrk-${randomUUID()}@example.com` });
	const stranger = await app.user({ displayName: 'Stranger' });
	const next = await app.user({ displayName: 'Next worker' });
	const admin = await app.admin();
	const [R, W, N, A] = [app.as(requester), app.as(worker), app.as(next), app.as(admin)];
	await app.fund(requester, 1_000_000n);
	const publish = (mutationId?: string) => R.task.publish(taskInput({ bounty: 10_000n, mutationId }));
	const mutationIds = {
		publish: randomUUID(),
		claim: randomUUID(),
		deposit: randomUUID(),
		withdraw: randomUUID()
	};

	// Completed: handed over, approved, paid; the requester rated the worker.
	const completed = (await publish(mutationIds.publish)).id;
	await W.task.claim({ taskId: completed, mutationId: mutationIds.claim });
	const completedFile = (await uploadFile(W, pngBytes(20), 'completed.png')).fileId;
	const completedHandover = (
		await W.handover.submit({ taskId: completed, report: SECRET.handover, fileIds: [completedFile] })
	).id;
	await A.admin.approve({ handoverId: completedHandover });
	await R.rating.submit({ taskId: completed, score: 5, comment: 'Quick and tidy.' });

	// Relay: the first worker talks, hands over, is sent back, lets go; the next worker claims it.
	const relay = (await publish()).id;
	await W.task.claim({ taskId: relay });
	const relayMessage = (await uploadFile(W, pngBytes(21), 'relay-message.png')).fileId;
	await W.message.send({ taskId: relay, body: SECRET.relayMessage, fileIds: [relayMessage] });
	const relayHandoverFile = (await uploadFile(W, pngBytes(22), 'relay-handover.png')).fileId;
	const relayHandover = (
		await W.handover.submit({ taskId: relay, report: SECRET.relayHandover, fileIds: [relayHandoverFile] })
	).id;
	await A.admin.reject({ handoverId: relayHandover, reason: 'Please redo the seal.' });
	await W.task.release({ taskId: relay });
	await N.task.claim({ taskId: relay });

	const open = (await publish()).id;

	const claimed = (await publish()).id;
	await W.task.claim({ taskId: claimed });
	await R.task.requestCancel({ taskId: claimed });

	const submitted = (await publish()).id;
	await W.task.claim({ taskId: submitted });
	const handoverFile = (await uploadFile(W, pngBytes(23), 'secret-handover.png')).fileId;
	const submittedHandover = (
		await W.handover.submit({ taskId: submitted, report: SECRET.handover, fileIds: [handoverFile] })
	).id;
	await R.handover.object({ taskId: submitted, reason: SECRET.objection });

	const disputed = (await publish()).id;
	await W.task.claim({ taskId: disputed });
	const disputedHandover = (
		await W.handover.submit({ taskId: disputed, report: SECRET.handover, fileIds: [handoverFile] })
	).id;
	const byWorker = (await uploadFile(W, pngBytes(24), 'secret-message-w.png')).fileId;
	const byRequester = (await uploadFile(R, pngBytes(25), 'secret-message-r.png')).fileId;
	const m1 = await W.message.send({ taskId: disputed, body: SECRET.messageByWorker, fileIds: [byWorker] });
	const m2 = await R.message.send({
		taskId: disputed,
		body: SECRET.messageByRequester,
		fileIds: [byRequester]
	});
	const disputeFile = (await uploadFile(R, pngBytes(26), 'secret-dispute.png')).fileId;
	const dispute = await R.dispute.open({
		taskId: disputed,
		statement: SECRET.dispute,
		fileIds: [disputeFile]
	});

	// The worker's identity documents, withdrawal and an unfinished upload; the requester's bank deposit.
	const identityBytes = pngBytes(27);
	const identity = (await uploadFile(W, identityBytes, 'secret-id-card.png')).fileId;
	const verification = await W.verification.submit({ note: SECRET.verification, fileIds: [identity] });
	const withdrawal = await W.wallet.withdraw({
		amount: 2_000n,
		destination: SECRET.destination,
		mutationId: mutationIds.withdraw
	});
	const deposit = await R.wallet.deposit({
		provider: 'bank_transfer',
		amount: 5_000n,
		mutationId: mutationIds.deposit
	});
	const uploadBytes = pngBytes(400);
	const begun = await W.upload.begin({
		name: 'secret-upload.png',
		size: uploadBytes.byteLength,
		type: 'image/png',
		sha256: sha256Hex(uploadBytes)
	});
	await W.upload.chunk(chunkForm(begun.uploadId, 0, uploadBytes.subarray(0, 100)));

	const requesterNotificationIds = (
		await app.db.notification.findMany({ where: { userId: requester.id }, select: { id: true } })
	).map((n) => n.id);
	expect(requesterNotificationIds.length).toBeGreaterThan(2);

	return {
		requester,
		worker,
		stranger,
		next,
		admin,
		tasks: { open, claimed, submitted, disputed, completed, relay },
		handovers: {
			submitted: submittedHandover,
			disputed: disputedHandover,
			completed: completedHandover,
			relay: relayHandover
		},
		disputeId: dispute.id,
		files: {
			handover: handoverFile,
			dispute: disputeFile,
			messageByWorker: byWorker,
			messageByRequester: byRequester,
			identity,
			relayMessage,
			relayHandover: relayHandoverFile
		},
		messageIds: [m1.id, m2.id],
		upload: { id: begun.uploadId, bytes: uploadBytes },
		identity: { sha256: sha256Hex(identityBytes), size: identityBytes.byteLength },
		verificationId: verification.id,
		withdrawalId: withdrawal.id,
		deposit: { id: deposit.deposit.id, reference: deposit.deposit.reference },
		mutationIds,
		requesterNotificationIds
	};
}

// ---------------------------------------------------------------------------------------------------------
// Helpers: snapshots, leaks, expectations
// ---------------------------------------------------------------------------------------------------------

/** Strings that must never reach anyone but the parties (and admins). */
function secretsOf(w: World): string[] {
	return [
		...Object.values(SECRET),
		w.requester.email,
		w.worker.email,
		w.next.email,
		w.admin.email,
		...Object.values(w.handovers),
		w.disputeId,
		...Object.values(w.files),
		...w.messageIds,
		w.upload.id,
		w.verificationId,
		w.withdrawalId,
		w.deposit.id,
		w.deposit.reference,
		...w.requesterNotificationIds,
		...Object.values(w.mutationIds)
	];
}

/** Fails naming every secret found in `value` (as the client would receive it). */
function expectNoSecrets(value: unknown, secrets: string[]) {
	const wire = superjson.stringify(value);
	expect(secrets.filter((s) => wire.includes(s))).toEqual([]);
}

type Who = 'anon' | 'stranger' | 'requester' | 'worker' | 'next';
type Code = 'FORBIDDEN' | 'NOT_FOUND' | 'UNAUTHORIZED' | 'CONFLICT';

interface Row {
	/** The procedure's path, as in the router. */
	proc: string;
	/** Which ids it is given, in words. */
	ids: string;
	/** Who calls (signed out is added for every signed-in procedure). */
	who: Who[];
	call: (caller: Caller, w: World) => Promise<unknown>;
	/** Refused with this code (and key), or answered; then `check` looks at the answer. */
	expect: { refused: Code; key?: string } | { answers: (result: unknown, w: World, who: Who) => void };
	/** The caller's own rows may change (e.g. an upload of their own begins); nobody else's may. */
	ownRowsMayChange?: true;
	/** A known leak or missing check: the row is expected to fail until the service is fixed. */
	bug?: string;
}

const refused = (code: Code, key?: string) => ({ refused: code, ...(key ? { key } : {}) });
const answers = (check: (result: unknown, w: World, who: Who) => void = () => {}) => ({ answers: check });

/** Procedures anyone may call signed out; every other one answers UNAUTHORIZED to nobody. */
const PUBLIC = new Set([
	'auth.register',
	'auth.login',
	'auth.me',
	'task.feed',
	'task.get',
	'upload.limits',
	'platform.info',
	'user.profile'
]);

const NON_ADMINS: Who[] = ['stranger', 'requester', 'worker'];

/** A task as a non-party sees it: public details only. */
const publicTask = (result: unknown, w: World) => {
	const task = result as { private: unknown; viewer: { isRequester: boolean; isClaimant: boolean } };
	expect(task.private).toBeNull();
	expect(task.viewer).toMatchObject({ isRequester: false, isClaimant: false });
	expectNoSecrets(task, [...secretsOf(w), w.worker.id, w.next.id]);
};

const FEED_FIELDS = [
	'id',
	'title',
	'category',
	'address',
	'startsAt',
	'endsAt',
	'bounty',
	'currency',
	'status',
	'createdAt'
];

// ---------------------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------------------

const rows: Row[] = [
	// auth
	{
		proc: 'auth.register',
		ids: "the requester's email",
		who: ['anon'],
		call: (c, w) =>
			c.auth.register({
				email: w.requester.email,
				password: 'another password 123',
				displayName: 'Impostor',
				kind: 'person'
			}),
		expect: refused('CONFLICT', 'email_taken')
	},
	{
		proc: 'auth.login',
		ids: "the requester's email, a wrong password",
		who: ['anon', 'stranger'],
		call: (c, w) => c.auth.login({ email: w.requester.email, password: 'not the password' }),
		expect: refused('UNAUTHORIZED', 'bad_credentials')
	},
	{
		proc: 'auth.logout',
		ids: 'none (own session)',
		who: ['stranger'],
		call: (c) => c.auth.logout(),
		expect: answers()
	},
	{
		proc: 'auth.me',
		ids: 'none',
		who: ['anon', 'stranger'],
		call: (c) => c.auth.me(),
		expect: answers((me, w, who) => {
			expect((me as PublicUser | null)?.id ?? null).toBe(who === 'anon' ? null : w.stranger.id);
			expectNoSecrets(me, secretsOf(w));
		})
	},

	// wallet
	{
		proc: 'wallet.get',
		ids: 'none (own wallet)',
		who: ['stranger'],
		call: (c) => c.wallet.get(),
		expect: answers((wallet) =>
			expect(wallet).toEqual({ currency: 'CNY', available: 0n, held: 0n, withdrawing: 0n })
		)
	},
	{
		proc: 'wallet.providers',
		ids: 'none',
		who: ['stranger'],
		call: (c) => c.wallet.providers(),
		expect: answers((result, w) => expectNoSecrets(result, secretsOf(w)))
	},
	{
		proc: 'wallet.deposit',
		ids: "the requester's deposit mutationId (replay)",
		who: ['stranger'],
		call: (c, w) =>
			c.wallet.deposit({ provider: 'bank_transfer', amount: 5_000n, mutationId: w.mutationIds.deposit }),
		expect: refused('CONFLICT', 'mutation_id_reused')
	},
	{
		proc: 'wallet.deposits',
		ids: 'none (own deposits)',
		who: ['stranger'],
		call: (c) => c.wallet.deposits(),
		expect: answers((result, w) => {
			expect(result).toEqual([]);
			expectNoSecrets(result, secretsOf(w));
		})
	},
	{
		proc: 'wallet.withdraw',
		ids: "the worker's withdrawal mutationId (replay)",
		who: ['stranger'],
		call: (c, w) =>
			c.wallet.withdraw({ amount: 2_000n, destination: 'My bank 1234', mutationId: w.mutationIds.withdraw }),
		expect: refused('CONFLICT', 'mutation_id_reused')
	},
	{
		proc: 'wallet.withdrawals',
		ids: 'none (own withdrawals)',
		who: ['stranger'],
		call: (c) => c.wallet.withdrawals(),
		expect: answers((result, w) => {
			expect(result).toEqual([]);
			expectNoSecrets(result, secretsOf(w));
		})
	},
	{
		proc: 'wallet.statement',
		ids: 'none (own wallet; also what /wallet/statement.csv pages through)',
		who: ['stranger'],
		call: (c) => c.wallet.statement({ limit: 100 }),
		expect: answers((result, w) => {
			expect((result as { items: unknown[] }).items).toEqual([]);
			expectNoSecrets(result, secretsOf(w));
		})
	},

	// task
	{
		proc: 'task.publish',
		ids: "the requester's publish mutationId (replay)",
		who: ['stranger'],
		call: (c, w) => c.task.publish(taskInput({ bounty: 10_000n, mutationId: w.mutationIds.publish })),
		expect: refused('CONFLICT', 'mutation_id_reused')
	},
	{
		proc: 'task.feed',
		ids: 'none',
		who: ['anon', 'stranger'],
		call: (c) => c.task.feed({ limit: 50 }),
		expect: answers((result, w) => {
			const items = (result as { items: Record<string, unknown>[] }).items;
			expect(items.map((t) => t.id)).toContain(w.tasks.open);
			for (const item of items) {
				expect(Object.keys(item).sort()).toEqual([...FEED_FIELDS].sort());
				expect(item.status).toBe('OPEN');
			}
			expectNoSecrets(result, [...secretsOf(w), w.worker.id, w.next.id]);
		})
	},
	...(['open', 'claimed', 'submitted', 'disputed', 'completed', 'relay'] as const).map((which): Row => ({
		proc: 'task.get',
		ids: `the ${which} task`,
		who: ['anon', 'stranger'],
		call: (c, w) => c.task.get({ id: w.tasks[which] }),
		expect: answers(publicTask)
	})),
	{
		proc: 'task.get',
		ids: 'the relay task, as the worker who holds it now',
		who: ['next'],
		call: (c, w) => c.task.get({ id: w.tasks.relay }),
		expect: answers((result, w) => {
			const handovers = (result as { private: { handovers: { id: string }[] } }).private.handovers;
			expect(handovers.map((h) => h.id)).not.toContain(w.handovers.relay);
			expectNoSecrets(result, [SECRET.relayHandover, w.files.relayHandover]);
		})
	},
	{
		proc: 'task.mine',
		ids: 'none (own tasks)',
		who: ['stranger'],
		call: (c) => c.task.mine(),
		expect: answers((result, w) => {
			const mine = result as { posted: unknown[]; claimed: unknown[] };
			expect(mine.posted).toEqual([]);
			expect(mine.claimed).toEqual([]);
			expectNoSecrets(result, secretsOf(w));
		})
	},
	{
		proc: 'task.claim',
		ids: 'the claimed task',
		who: ['stranger'],
		call: (c, w) => c.task.claim({ taskId: w.tasks.claimed }),
		expect: answers((result) => expect(result).toMatchObject({ status: 'rejected', reason: 'taken' }))
	},
	{
		proc: 'task.claim',
		ids: "the worker's claim mutationId (replay)",
		who: ['stranger'],
		call: (c, w) => c.task.claim({ taskId: w.tasks.completed, mutationId: w.mutationIds.claim }),
		expect: refused('CONFLICT', 'mutation_id_reused')
	},
	{
		proc: 'task.cancel',
		ids: 'the open task',
		who: ['stranger', 'worker'],
		call: (c, w) => c.task.cancel({ taskId: w.tasks.open }),
		expect: refused('FORBIDDEN', 'task_not_requester')
	},
	{
		proc: 'task.cancel',
		ids: 'an unknown task',
		who: ['stranger'],
		call: (c) => c.task.cancel({ taskId: randomUUID() }),
		expect: refused('NOT_FOUND', 'not_found')
	},
	{
		proc: 'task.requestCancel',
		ids: 'the claimed task',
		who: ['stranger', 'worker'],
		call: (c, w) => c.task.requestCancel({ taskId: w.tasks.claimed }),
		expect: refused('FORBIDDEN', 'task_not_requester')
	},
	{
		proc: 'task.consentCancel',
		ids: 'the claimed task (cancellation asked)',
		who: ['stranger', 'requester'],
		call: (c, w) => c.task.consentCancel({ taskId: w.tasks.claimed }),
		expect: refused('FORBIDDEN', 'task_not_claimant')
	},
	{
		proc: 'task.declineCancel',
		ids: 'the claimed task (cancellation asked)',
		who: ['stranger', 'requester'],
		call: (c, w) => c.task.declineCancel({ taskId: w.tasks.claimed }),
		expect: refused('FORBIDDEN', 'task_not_claimant')
	},
	{
		proc: 'task.release',
		ids: 'the claimed task',
		who: ['stranger', 'requester'],
		call: (c, w) => c.task.release({ taskId: w.tasks.claimed }),
		expect: refused('FORBIDDEN', 'task_not_claimant')
	},
	{
		proc: 'task.update',
		ids: 'the open task',
		who: ['stranger', 'worker'],
		call: (c, w) => c.task.update({ taskId: w.tasks.open, title: 'Hijacked title' }),
		expect: refused('FORBIDDEN', 'task_not_requester')
	},
	{
		proc: 'task.update',
		ids: 'an unknown task',
		who: ['stranger'],
		call: (c) => c.task.update({ taskId: randomUUID(), title: 'Nothing here' }),
		expect: refused('NOT_FOUND', 'not_found')
	},
	{
		proc: 'task.raiseBounty',
		ids: 'the open task',
		who: ['stranger', 'worker'],
		call: (c, w) => c.task.raiseBounty({ taskId: w.tasks.open, bounty: 50_000n }),
		expect: refused('FORBIDDEN', 'task_not_requester')
	},

	// upload
	{
		proc: 'upload.begin',
		ids: "the same bytes as the worker's unfinished upload",
		who: ['stranger'],
		call: (c, w) =>
			c.upload.begin({
				name: 'secret-upload.png',
				size: w.upload.bytes.byteLength,
				type: 'image/png',
				sha256: sha256Hex(w.upload.bytes)
			}),
		expect: answers((result, w) => {
			expect(result).toMatchObject({ offset: 0, complete: false, fileId: null });
			expect((result as { uploadId: string }).uploadId).not.toBe(w.upload.id);
		}),
		ownRowsMayChange: true
	},
	{
		proc: 'upload.begin',
		ids: "the same bytes and name as the worker's stored identity document",
		who: ['stranger'],
		call: (c) =>
			c.upload.begin({
				name: 'secret-id-card.png',
				size: w.identity.size,
				type: 'image/png',
				sha256: w.identity.sha256
			}),
		expect: answers((result) => expect(result).toMatchObject({ complete: false, fileId: null })),
		ownRowsMayChange: true
	},
	{
		proc: 'upload.chunk',
		ids: "the worker's unfinished upload",
		who: ['stranger'],
		call: (c, w) => c.upload.chunk(chunkForm(w.upload.id, 100, w.upload.bytes.subarray(100, 200))),
		expect: refused('NOT_FOUND', 'not_found')
	},
	{
		proc: 'upload.limits',
		ids: 'none',
		who: ['anon', 'stranger'],
		call: (c) => c.upload.limits(),
		expect: answers()
	},
	{
		proc: 'upload.status',
		ids: "the worker's unfinished upload",
		who: ['stranger', 'requester'],
		call: (c, w) => c.upload.status({ uploadId: w.upload.id }),
		expect: refused('NOT_FOUND', 'not_found')
	},

	// handover
	{
		proc: 'handover.submit',
		ids: 'the claimed task',
		who: ['stranger', 'requester'],
		call: (c, w) => c.handover.submit({ taskId: w.tasks.claimed, report: 'Done, pay me.', fileIds: [] }),
		expect: refused('FORBIDDEN', 'task_not_claimant')
	},
	{
		proc: 'handover.submit',
		ids: "the relay task (held) with the first worker's handover file",
		who: ['next'],
		call: (c, w) =>
			c.handover.submit({ taskId: w.tasks.relay, report: 'Done.', fileIds: [w.files.relayHandover] }),
		expect: refused('FORBIDDEN', 'files_not_yours')
	},
	{
		proc: 'handover.confirm',
		ids: 'the submitted task',
		who: ['stranger', 'worker'],
		call: (c, w) => c.handover.confirm({ taskId: w.tasks.submitted }),
		expect: refused('FORBIDDEN', 'task_not_requester')
	},
	{
		proc: 'handover.object',
		ids: 'the submitted task',
		who: ['stranger', 'worker'],
		call: (c, w) => c.handover.object({ taskId: w.tasks.submitted, reason: 'Not good enough' }),
		expect: refused('FORBIDDEN', 'task_not_requester')
	},

	// dispute
	{
		proc: 'dispute.open',
		ids: 'the submitted task',
		who: ['stranger'],
		call: (c, w) =>
			c.dispute.open({ taskId: w.tasks.submitted, statement: 'I object to all of this.', fileIds: [] }),
		expect: refused('FORBIDDEN', 'task_not_participant')
	},
	{
		proc: 'dispute.open',
		ids: "the claimed task with the worker's identity document",
		who: ['requester'],
		call: (c, w) =>
			c.dispute.open({
				taskId: w.tasks.claimed,
				statement: 'Look at this document of theirs.',
				fileIds: [w.files.identity]
			}),
		expect: refused('FORBIDDEN', 'files_not_yours')
	},
	{
		proc: 'dispute.forTask',
		ids: 'the disputed task',
		who: ['stranger', 'next'],
		call: (c, w) => c.dispute.forTask({ taskId: w.tasks.disputed }),
		expect: refused('FORBIDDEN', 'task_not_participant')
	},

	// admin: every one refused to non-admins, with real ids where it takes any
	...(
		[
			['admin.verifications', 'none', (c) => c.admin.verifications({})],
			[
				'admin.decideVerification',
				"the worker's verification",
				(c, w) => c.admin.decideVerification({ verificationId: w.verificationId, approve: true })
			],
			['admin.overview', 'none', (c) => c.admin.overview()],
			['admin.users', 'none', (c) => c.admin.users({})],
			[
				'admin.suspendUser',
				'the requester',
				(c, w) => c.admin.suspendUser({ userId: w.requester.id, reason: 'Because I can' })
			],
			['admin.unsuspendUser', 'the requester', (c, w) => c.admin.unsuspendUser({ userId: w.requester.id })],
			['admin.tasks', 'none', (c) => c.admin.tasks({})],
			[
				'admin.forceCancel',
				'the claimed task',
				(c, w) => c.admin.forceCancel({ taskId: w.tasks.claimed, reason: 'Cancel it now' })
			],
			['admin.accounts', 'none', (c) => c.admin.accounts({})],
			['admin.transfers', 'the completed task', (c, w) => c.admin.transfers({ taskId: w.tasks.completed })],
			['admin.settings', 'none', (c) => c.admin.settings()],
			['admin.updateSettings', 'none', (c) => c.admin.updateSettings({ patch: { commissionBps: 0 } })],
			['admin.audit', 'the requester as actor', (c, w) => c.admin.audit({ actorId: w.requester.id })],
			[
				'admin.recordDeposit',
				'the caller themself',
				(c, w) => c.admin.recordDeposit({ userId: w.stranger.id, amount: 100_000n, reference: 'free money' })
			],
			['admin.deposits', 'none', (c) => c.admin.deposits({})],
			[
				'admin.confirmDeposit',
				"the requester's pending deposit",
				(c, w) => c.admin.confirmDeposit({ depositId: w.deposit.id })
			],
			[
				'admin.cancelDeposit',
				"the requester's pending deposit",
				(c, w) => c.admin.cancelDeposit({ depositId: w.deposit.id, reason: 'Never arrived' })
			],
			['admin.withdrawals', 'none', (c) => c.admin.withdrawals({})],
			[
				'admin.markWithdrawalPaid',
				"the worker's withdrawal",
				(c, w) => c.admin.markWithdrawalPaid({ withdrawalId: w.withdrawalId, reference: 'REF-123' })
			],
			[
				'admin.refuseWithdrawal',
				"the worker's withdrawal",
				(c, w) => c.admin.refuseWithdrawal({ withdrawalId: w.withdrawalId, reason: 'No reason' })
			],
			['admin.reviewQueue', 'none', (c) => c.admin.reviewQueue()],
			[
				'admin.approve',
				'the submitted handover',
				(c, w) => c.admin.approve({ handoverId: w.handovers.submitted })
			],
			['admin.ledgerVerify', 'none', (c) => c.admin.ledgerVerify()],
			[
				'admin.reject',
				'the submitted handover',
				(c, w) => c.admin.reject({ handoverId: w.handovers.submitted, reason: 'Redo it' })
			],
			['admin.disputes', 'none', (c) => c.admin.disputes({ status: 'OPEN' })],
			[
				'admin.resolveDispute',
				'the open dispute',
				(c, w) =>
					c.admin.resolveDispute({
						disputeId: w.disputeId,
						workerAmount: 10_000n,
						reason: 'The worker did it all.'
					})
			]
		] as [string, string, Row['call']][]
	).map(([proc, ids, call]): Row => ({
		proc,
		ids,
		who: NON_ADMINS,
		call,
		expect: refused('FORBIDDEN', 'admin_only')
	})),

	// sync: each queued mutation goes through the same checks, answered as a rejected result
	...(
		[
			['task.release', 'the claimed task', (w) => ({ taskId: w.tasks.claimed }), 'task_not_claimant'],
			['task.cancel', 'the open task', (w) => ({ taskId: w.tasks.open }), 'task_not_requester'],
			['task.claim', 'the claimed task', (w) => ({ taskId: w.tasks.claimed }), 'taken'],
			[
				'handover.submit',
				'the claimed task',
				(w) => ({ taskId: w.tasks.claimed, report: 'Done.', fileIds: [] }),
				'task_not_claimant'
			]
		] as [string, string, (w: World) => Record<string, unknown>, string][]
	).map(([name, ids, args, reason]): Row => ({
		proc: 'sync.push',
		ids: `${name} on ${ids}`,
		who: ['stranger'],
		call: (c, w) =>
			c.sync.push({
				mutations: [{ id: randomUUID(), name: name as 'task.claim', args: args(w), createdAt: new Date() }]
			}),
		expect: answers((result) =>
			expect((result as { results: unknown[] }).results).toEqual([
				expect.objectContaining({ status: 'rejected', reason })
			])
		),
		// A refused claim is an answer, recorded under the caller's own mutation id.
		...(name === 'task.claim' ? { ownRowsMayChange: true as const } : {})
	})),
	{
		proc: 'sync.push',
		ids: "task.publish replaying the requester's mutationId",
		who: ['stranger'],
		call: (c, w) =>
			c.sync.push({
				mutations: [
					{
						id: w.mutationIds.publish,
						name: 'task.publish',
						args: taskInput({ bounty: 10_000n }),
						createdAt: new Date()
					}
				]
			}),
		expect: answers((result, w) => {
			expect((result as { results: unknown[] }).results).toEqual([
				expect.objectContaining({ status: 'rejected', reason: 'mutation_id_reused' })
			]);
			expectNoSecrets(result, [w.tasks.completed]);
		})
	},
	{
		proc: 'sync.pull',
		ids: 'none (first pull)',
		who: ['stranger'],
		call: (c) => c.sync.pull({ limit: 500 }),
		expect: answers((result, w) => {
			const upserts = (result as { upserts: { id: string; status: string }[] }).upserts;
			expect(upserts.map((t) => t.id)).toContain(w.tasks.open);
			expect(upserts.every((t) => t.status === 'OPEN')).toBe(true);
			expectNoSecrets(result, [...secretsOf(w), w.worker.id, w.next.id]);
		})
	},

	// rating
	{
		proc: 'rating.submit',
		ids: 'the completed task',
		who: ['stranger', 'next'],
		call: (c, w) => c.rating.submit({ taskId: w.tasks.completed, score: 1, comment: 'Awful!' }),
		expect: refused('FORBIDDEN', 'rating_not_participant')
	},
	{
		proc: 'rating.forTask',
		ids: 'the completed task',
		who: ['stranger'],
		call: (c, w) => c.rating.forTask({ id: w.tasks.completed }),
		expect: refused('FORBIDDEN', 'rating_not_participant')
	},

	// platform
	{
		proc: 'platform.info',
		ids: 'none',
		who: ['anon', 'stranger'],
		call: (c) => c.platform.info(),
		expect: answers((result, w) => {
			expect(Object.keys(result as object).sort()).toEqual(['currency', 'testMoney']);
			expectNoSecrets(result, secretsOf(w));
		})
	},

	// user
	...(['worker', 'requester'] as const).map((whose): Row => ({
		proc: 'user.profile',
		ids: `the ${whose}`,
		who: ['anon', 'stranger'],
		call: (c, w) => c.user.profile({ userId: w[whose].id }),
		expect: answers((result, w) => {
			const profile = result as Record<string, unknown>;
			expect(profile.id).toBe(w[whose].id);
			expect(Object.keys(profile).sort()).toEqual(
				[
					'id',
					'displayName',
					'kind',
					'memberSince',
					'verifiedAt',
					'worker',
					'requester',
					'recentComments'
				].sort()
			);
			expectNoSecrets(result, secretsOf(w));
		})
	})),

	// verification
	{
		proc: 'verification.submit',
		ids: "the worker's identity document",
		who: ['stranger', 'requester'],
		call: (c, w) => c.verification.submit({ note: 'This is me.', fileIds: [w.files.identity] }),
		expect: refused('FORBIDDEN', 'files_not_yours')
	},
	{
		proc: 'verification.mine',
		ids: 'none (own requests)',
		who: ['stranger'],
		call: (c) => c.verification.mine(),
		expect: answers((result, w) => {
			expect((result as { requests: unknown[] }).requests).toEqual([]);
			expectNoSecrets(result, secretsOf(w));
		})
	},

	// message
	{
		proc: 'message.list',
		ids: 'the disputed task',
		who: ['stranger', 'next'],
		call: (c, w) => c.message.list({ taskId: w.tasks.disputed }),
		expect: refused('FORBIDDEN', 'message_not_participant')
	},
	{
		proc: 'message.list',
		ids: 'the relay task, as the worker who holds it now',
		who: ['next'],
		call: (c, w) => c.message.list({ taskId: w.tasks.relay }),
		expect: answers((result, w) =>
			expectNoSecrets(result, [SECRET.relayMessage, w.files.relayMessage, w.worker.id])
		)
	},
	{
		proc: 'message.send',
		ids: 'the disputed task',
		who: ['stranger', 'next'],
		call: (c, w) => c.message.send({ taskId: w.tasks.disputed, body: 'Hello there', fileIds: [] }),
		expect: refused('FORBIDDEN', 'message_not_participant')
	},
	{
		proc: 'message.send',
		ids: "the disputed task with the worker's identity document",
		who: ['requester'],
		call: (c, w) =>
			c.message.send({ taskId: w.tasks.disputed, body: 'See this.', fileIds: [w.files.identity] }),
		expect: refused('FORBIDDEN', 'files_not_yours')
	},

	// notification
	{
		proc: 'notification.list',
		ids: 'none (own notifications)',
		who: ['stranger'],
		call: (c) => c.notification.list({ limit: 100 }),
		expect: answers((result, w) => {
			expect((result as { items: unknown[] }).items).toEqual([]);
			expectNoSecrets(result, secretsOf(w));
		})
	},
	{
		proc: 'notification.unreadCount',
		ids: 'none (own notifications)',
		who: ['stranger'],
		call: (c) => c.notification.unreadCount(),
		expect: answers((count) => expect(count).toBe(0))
	},
	{
		proc: 'notification.markRead',
		ids: "the requester's notifications",
		who: ['stranger', 'worker'],
		call: (c, w) => c.notification.markRead({ ids: w.requesterNotificationIds }),
		expect: answers((result) => expect(result).toMatchObject({ marked: 0 }))
	}
];

/** One case per row and caller, with signed out added to every signed-in procedure. */
const cases = rows.flatMap((row) => {
	const who: Who[] = PUBLIC.has(row.proc) || row.who.includes('anon') ? row.who : ['anon', ...row.who];
	return who.map((caller) => ({ row, caller }));
});

// ---------------------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------------------

let app: TestApp;
let w: World;

beforeAll(async () => {
	app = await createTestApp(BANK);
	w = await buildWorld(app);
}, 120_000);
afterAll(() => app.close());

const userOf = (who: Who): PublicUser | null => (who === 'anon' ? null : w[who]);

describe('the access matrix', () => {
	it('covers every procedure of the router', () => {
		const procedures = Object.keys(appRouter._def.procedures).sort();
		expect(procedures.length).toBeGreaterThan(60);
		const covered = new Set(rows.map((row) => row.proc));
		expect(procedures.filter((p) => !covered.has(p))).toEqual([]);
		expect([...covered].filter((p) => !procedures.includes(p))).toEqual([]);
	});

	for (const { row, caller } of cases) {
		const signedOutRefusal = caller === 'anon' && !PUBLIC.has(row.proc);
		const expected = signedOutRefusal ? refused('UNAUTHORIZED', 'unauthorized') : row.expect;
		const outcome = 'refused' in expected ? `refused ${expected.refused}` : 'answered, nothing private';
		const name = `${row.proc} (${row.ids}) as ${caller}: ${outcome}`;
		const test = row.bug && !signedOutRefusal ? it.fails : it;
		test(name, async () => {
			const user = userOf(caller);
			const except = row.ownRowsMayChange && user ? user.id : null;
			const before = await snapshot(app, except);
			const call = row.call(app.as(user), w);
			if ('refused' in expected) {
				const error = await call.then(
					() => null,
					(e: unknown) => e
				);
				expect(error, 'the call was not refused').not.toBeNull();
				expect(error).toMatchObject({
					code: expected.refused,
					...(expected.key ? { cause: { key: expected.key } } : {})
				});
			} else {
				expected.answers(await call, w, caller);
			}
			expect(await snapshot(app, except)).toEqual(before);
			const ledger = await ledgerAudit(app.db);
			expect(ledger).toMatchObject({ sum: 0n, mismatched: [], negative: [] });
		});
	}
});

// ---------------------------------------------------------------------------------------------------------
// The HTTP routes' services
// ---------------------------------------------------------------------------------------------------------

describe('/files/[id]: canReadFile', () => {
	type FileKey = keyof World['files'];
	const table: { file: FileKey; who: Who; readable: boolean; bug?: string }[] = [
		// Strangers read nothing.
		...(
			[
				'handover',
				'dispute',
				'messageByWorker',
				'messageByRequester',
				'identity',
				'relayMessage',
				'relayHandover'
			] as FileKey[]
		).map((file) => ({ file, who: 'stranger' as Who, readable: false })),
		// The parties read what their task carries, but identity documents stay with their owner.
		{ file: 'handover', who: 'requester', readable: true },
		{ file: 'dispute', who: 'worker', readable: true },
		{ file: 'messageByWorker', who: 'requester', readable: true },
		{ file: 'messageByRequester', who: 'worker', readable: true },
		{ file: 'identity', who: 'requester', readable: false },
		{ file: 'identity', who: 'worker', readable: true },
		{ file: 'relayHandover', who: 'next', readable: false },
		{
			file: 'relayMessage',
			who: 'next',
			readable: false
		},
		{ file: 'dispute', who: 'next', readable: false }
	];
	for (const row of table) {
		const test = row.bug ? it.fails : it;
		test(`${row.file} file as ${row.who}: ${row.readable ? 'readable' : 'not found'}`, async () => {
			const file = await canReadFile(app.db, w[row.who as Exclude<Who, 'anon'>], w.files[row.file]);
			expect(file?.id ?? null).toBe(row.readable ? w.files[row.file] : null);
		});
	}

	it('admins read every file; ids that are not files (an upload, a task) or not UUIDs are not found', async () => {
		for (const id of Object.values(w.files)) expect((await canReadFile(app.db, w.admin, id))?.id).toBe(id);
		for (const id of [w.upload.id, w.tasks.disputed, w.disputeId, 'not-a-uuid', '../../etc/passwd'])
			expect(await canReadFile(app.db, w.stranger, id)).toBeNull();
	});
});

describe('/wallet/statement.csv: the statement service', () => {
	it('only ever reads the caller’s own wallet', async () => {
		const deps = { db: app.db, config: app.config };
		const asStranger = await statement(deps, { userId: w.stranger.id, isAdmin: false }, { limit: 100 });
		expect(asStranger.items).toEqual([]);
		const asWorker = await statement(deps, { userId: w.worker.id, isAdmin: false }, { limit: 100 });
		const workerTransfers = await app.db.transfer.findMany({
			where: { OR: [{ debitAccount: { userId: w.worker.id } }, { creditAccount: { userId: w.worker.id } }] },
			select: { id: true }
		});
		expect(asWorker.items.map((i) => i.id).sort()).toEqual(workerTransfers.map((t) => t.id).sort());
		expectNoSecrets(asWorker, [w.deposit.reference, SECRET.destination, w.requester.email]);
	});
});

describe('/api/events?tasks=: the event stream', () => {
	/** A hub that never announces anything: the stream's opening (ready, backlog) is what is tested. */
	const quietHub = { subscribe: () => () => {} } as unknown as LiveHub;

	async function opening(userId: string, taskIds: string[], lastEventId: string | null) {
		const stream = openEventStream({ db: app.db, hub: quietHub, userId, taskIds, lastEventId });
		const reader = stream.getReader();
		let text = '';
		while (!text.includes('event: ready')) {
			const { value, done } = await reader.read();
			if (done) break;
			text += new TextDecoder().decode(value);
		}
		await reader.cancel();
		return text;
	}

	it('tells a stranger watching others’ tasks their status only, and never replays others’ notifications', async () => {
		const text = await opening(
			w.stranger.id,
			[w.tasks.disputed, w.tasks.submitted],
			w.requesterNotificationIds.at(-1)!
		);
		expect(text).not.toContain('event: notification');
		const ready = JSON.parse(text.split('event: ready\ndata: ')[1]!.split('\n')[0]!);
		expect(ready.unread).toBe(0);
		expect(ready.tasks.map((t: { id: string }) => t.id).sort()).toEqual(
			[w.tasks.disputed, w.tasks.submitted].sort()
		);
		for (const task of ready.tasks) expect(Object.keys(task).sort()).toEqual(['id', 'status']);
		expectNoSecrets(text, secretsOf(w));
	});
});
