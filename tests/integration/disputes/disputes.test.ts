// Disputes: either party opens one on a claimed or handed-over task (the claim's clock stops), an admin
// divides the escrow between the worker (less commission on their part), the platform and the requester.
// Every amount exact, Σ = 0 after each step, each decision once only.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicUser } from '$lib/server/auth/users';
import { canReadFile } from '$lib/server/access/files';
import { applyEvent, lockTask } from '$lib/server/tasks/lifecycle';
import { inTransaction } from '$lib/server/core/transaction';
import { createTestApp, type TestApp } from '../support/app';
import { pngBytes, uploadFile } from '../support/files';
import { balanceOfEscrow, balanceOfWallet, ledgerAudit, platformRevenue } from '../support/ledger';
import { taskInput } from '../fixtures';

let app: TestApp;
let admin: PublicUser;
beforeAll(async () => {
	app = await createTestApp({ COMMISSION_BPS: '1000' });
	admin = await app.admin();
});
afterAll(() => app.close());

const STATEMENT = 'The requester changed the job after I arrived. 到场后需求变了。';

async function expectBalancedLedger() {
	expect(await ledgerAudit(app.db)).toMatchObject({ sum: 0n, mismatched: [], negative: [] });
}

/** A funded requester, a worker holding their task, optionally handed over. */
async function claimedTask(bounty: bigint, handedOver = false) {
	const requester = await app.user({ displayName: 'Requester' });
	const worker = await app.user({ displayName: 'Worker' });
	await app.fund(requester, bounty);
	const task = await app.as(requester).task.publish(taskInput({ bounty }));
	await app.as(worker).task.claim({ taskId: task.id });
	if (handedOver) {
		await app.as(worker).handover.submit({ taskId: task.id, report: 'Done.', fileIds: [] });
	}
	return { requester, worker, taskId: task.id };
}

async function disputedTask(bounty: bigint) {
	const parties = await claimedTask(bounty);
	const dispute = await app.as(parties.worker).dispute.open({ taskId: parties.taskId, statement: STATEMENT });
	return { ...parties, disputeId: dispute.id };
}

const taskRow = (id: string) => app.db.task.findUniqueOrThrow({ where: { id } });

describe('dispute.open', () => {
	it('the worker disputes a claimed task: DISPUTED, clock stopped, files kept, both told, once per mutationId', async () => {
		const { requester, worker, taskId } = await claimedTask(5_000n);
		expect((await taskRow(taskId)).claimExpiresAt).not.toBeNull();
		const { fileId } = await uploadFile(app.as(worker), pngBytes(40), 'evidence.png');
		const mutationId = randomUUID();
		const results = [];
		for (let i = 0; i < 3; i++) {
			results.push(
				await app
					.as(worker)
					.dispute.open({ mutationId, taskId, statement: `  ${STATEMENT}  `, fileIds: [fileId, fileId] })
			);
		}
		expect(new Set(results.map((r) => r.id)).size).toBe(1);
		expect(results[0]).toMatchObject({ taskId, status: 'OPEN', statusBefore: 'CLAIMED' });

		const task = await taskRow(taskId);
		expect(task).toMatchObject({ status: 'DISPUTED', claimantId: worker.id, claimExpiresAt: null });
		const disputes = await app.db.dispute.findMany({ where: { taskId }, include: { files: true } });
		expect(disputes).toHaveLength(1);
		expect(disputes[0]).toMatchObject({
			openedById: worker.id,
			statement: STATEMENT,
			statusBefore: 'CLAIMED',
			status: 'OPEN',
			workerAmount: null
		});
		expect(disputes[0]!.files.map((f) => f.fileId)).toEqual([fileId]);
		const notes = await app.db.notification.findMany({ where: { taskId, kind: 'disputed' } });
		expect(notes.map((n) => n.userId).sort()).toEqual([requester.id, worker.id].sort());
		expect(notes[0]!.data).toMatchObject({ disputeId: results[0]!.id, openedBy: 'worker' });
		// The money stays where it was until the platform decides.
		expect(await balanceOfEscrow(app.db, taskId)).toBe(5_000n);

		// One open dispute per task, whoever asks.
		for (const party of [worker, requester]) {
			await expect(app.as(party).dispute.open({ taskId, statement: STATEMENT })).rejects.toMatchObject({
				code: 'CONFLICT',
				cause: { key: 'dispute_already_open' }
			});
		}
		expect(await app.db.dispute.count({ where: { taskId } })).toBe(1);
		// The database's partial unique index stands behind the rule too.
		await expect(
			app.db.dispute.create({
				data: { taskId, openedById: requester.id, statement: STATEMENT, statusBefore: 'CLAIMED' }
			})
		).rejects.toThrow();
	});

	it('the requester disputes a handed-over task; its handover leaves the review queue', async () => {
		const { requester, taskId } = await claimedTask(3_000n, true);
		const handover = await app.db.handover.findFirstOrThrow({ where: { taskId } });
		expect((await app.as(admin).admin.reviewQueue()).items.map((i) => i.id)).toContain(handover.id);
		const dispute = await app.as(requester).dispute.open({ taskId, statement: STATEMENT });
		expect(dispute.statusBefore).toBe('SUBMITTED');
		expect((await taskRow(taskId)).status).toBe('DISPUTED');
		expect((await app.as(admin).admin.reviewQueue()).items.map((i) => i.id)).not.toContain(handover.id);
		await expect(app.as(admin).admin.approve({ handoverId: handover.id })).rejects.toMatchObject({
			code: 'CONFLICT'
		});
		expect(await balanceOfEscrow(app.db, taskId)).toBe(3_000n);
	});

	it('refuses strangers, admins, the wrong status, others’ files and bad statements, changing nothing', async () => {
		const { requester, worker, taskId } = await claimedTask(2_000n);
		const stranger = await app.user();
		for (const intruder of [stranger, admin]) {
			await expect(app.as(intruder).dispute.open({ taskId, statement: STATEMENT })).rejects.toMatchObject({
				code: 'FORBIDDEN',
				cause: { key: 'task_not_participant' }
			});
		}
		const strangersFile = (await uploadFile(app.as(stranger), pngBytes(41))).fileId;
		await expect(
			app.as(worker).dispute.open({ taskId, statement: STATEMENT, fileIds: [strangersFile] })
		).rejects.toMatchObject({ code: 'FORBIDDEN', cause: { key: 'files_not_yours' } });
		for (const statement of ['too short', ' '.repeat(20), 'x'.repeat(5001)]) {
			await expect(app.as(requester).dispute.open({ taskId, statement })).rejects.toMatchObject({
				code: 'BAD_REQUEST',
				cause: expect.anything()
			});
		}
		await expect(
			app.as(worker).dispute.open({
				taskId,
				statement: STATEMENT,
				fileIds: Array.from({ length: 21 }, () => randomUUID())
			})
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(
			app.as(worker).dispute.open({ taskId: randomUUID(), statement: STATEMENT })
		).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(app.as(null).dispute.open({ taskId, statement: STATEMENT })).rejects.toMatchObject({
			code: 'UNAUTHORIZED'
		});
		expect(await app.db.dispute.count({ where: { taskId } })).toBe(0);
		expect((await taskRow(taskId)).status).toBe('CLAIMED');

		// Open tasks have nobody to disagree with; finished ones are settled.
		await app.fund(requester, 1_000n);
		const open = await app.as(requester).task.publish(taskInput({ bounty: 1_000n }));
		await expect(
			app.as(requester).dispute.open({ taskId: open.id, statement: STATEMENT })
		).rejects.toMatchObject({ code: 'CONFLICT', cause: { key: 'task_wrong_status' } });
		expect(await app.db.dispute.count({ where: { taskId: open.id } })).toBe(0);
	});
});

describe('admin.resolveDispute: exact split of the escrow', () => {
	// Bounty 12 345 fen at 10 %: the commission is taken from the worker's part only, rounded half up.
	it.each([
		['full refund', 0n, { workerNet: 0n, fee: 0n, requesterAmount: 12_345n, taskStatus: 'CANCELLED' }],
		[
			'full award',
			12_345n,
			{ workerNet: 11_110n, fee: 1_235n, requesterAmount: 0n, taskStatus: 'COMPLETED' }
		],
		[
			'half (odd bounty)',
			6_172n,
			{ workerNet: 5_555n, fee: 617n, requesterAmount: 6_173n, taskStatus: 'COMPLETED' }
		],
		[
			'1 fen (fee rounds to 0)',
			1n,
			{ workerNet: 1n, fee: 0n, requesterAmount: 12_344n, taskStatus: 'COMPLETED' }
		],
		[
			'5 fen (fee 0.5 rounds up)',
			5n,
			{ workerNet: 4n, fee: 1n, requesterAmount: 12_340n, taskStatus: 'COMPLETED' }
		],
		[
			'15 fen (fee 1.5 → 2)',
			15n,
			{ workerNet: 13n, fee: 2n, requesterAmount: 12_330n, taskStatus: 'COMPLETED' }
		],
		[
			'all but 1 fen',
			12_344n,
			{ workerNet: 11_110n, fee: 1_234n, requesterAmount: 1n, taskStatus: 'COMPLETED' }
		]
	] as const)('%s', async (_name, workerAmount, expected) => {
		const { requester, worker, taskId, disputeId } = await disputedTask(12_345n);
		const revenueBefore = await platformRevenue(app.db);
		const result = await app
			.as(admin)
			.admin.resolveDispute({ disputeId, workerAmount, reason: 'Both are partly right.' });
		expect(result).toEqual({
			disputeId,
			taskId,
			status: 'RESOLVED',
			workerAmount,
			...expected
		});
		expect(expected.workerNet + expected.fee + expected.requesterAmount).toBe(12_345n);
		expect(await balanceOfEscrow(app.db, taskId)).toBe(0n);
		expect(await balanceOfWallet(app.db, worker.id)).toBe(expected.workerNet);
		expect(await balanceOfWallet(app.db, requester.id)).toBe(expected.requesterAmount);
		expect((await platformRevenue(app.db)) - revenueBefore).toBe(expected.fee);
		expect((await taskRow(taskId)).status).toBe(expected.taskStatus);

		// One transfer per non-zero part, keyed by the dispute.
		const transfers = await app.db.transfer.findMany({
			where: { taskId, key: { startsWith: 'dispute:' } },
			orderBy: { key: 'asc' }
		});
		const legs = [
			[`dispute:${disputeId}:fee`, 'COMMISSION', expected.fee],
			[`dispute:${disputeId}:refund`, 'REFUND', expected.requesterAmount],
			[`dispute:${disputeId}:worker`, 'RELEASE', expected.workerNet]
		].filter(([, , amount]) => amount !== 0n);
		expect(transfers.map((t) => [t.key, t.code, t.amount])).toEqual(legs);

		const dispute = await app.db.dispute.findUniqueOrThrow({ where: { id: disputeId } });
		expect(dispute).toMatchObject({
			status: 'RESOLVED',
			workerAmount,
			requesterAmount: expected.requesterAmount,
			fee: expected.fee,
			reason: 'Both are partly right.',
			resolvedById: admin.id
		});
		expect(dispute.resolvedAt).toBeInstanceOf(Date);

		const notes = await app.db.notification.findMany({
			where: { taskId, kind: { in: ['resolved', 'paid'] } }
		});
		const told = notes.map((n) => `${n.kind}:${n.userId === worker.id ? 'worker' : 'requester'}`).sort();
		expect(told).toEqual(
			expected.workerNet > 0n
				? ['paid:worker', 'resolved:requester', 'resolved:worker']
				: ['resolved:requester', 'resolved:worker']
		);
		const entry = await app.db.auditEntry.findFirstOrThrow({
			where: { action: 'admin.resolveDispute', targetId: disputeId }
		});
		expect(entry).toMatchObject({
			actorId: admin.id,
			targetType: 'dispute',
			before: { status: 'OPEN', taskStatus: 'DISPUTED', escrow: '12345' },
			after: {
				status: 'RESOLVED',
				taskStatus: expected.taskStatus,
				workerAmount: String(workerAmount),
				fee: String(expected.fee),
				requesterAmount: String(expected.requesterAmount),
				escrow: '0'
			}
		});
		await expectBalancedLedger();
		expect((await app.as(admin).admin.ledgerVerify()).ok).toBe(true);
	});

	it('uses the rate recorded on the task, rounding odd amounts half up', async () => {
		const { requester, worker, taskId, disputeId } = await disputedTask(999n);
		// Published when the platform charged 3.33 %.
		await app.db.task.update({ where: { id: taskId }, data: { commissionBps: 333 } });
		const result = await app
			.as(admin)
			.admin.resolveDispute({ disputeId, workerAmount: 500n, reason: 'Half the work was done.' });
		// 500 × 3.33 % = 16.65 → 17.
		expect(result).toMatchObject({ fee: 17n, workerNet: 483n, requesterAmount: 499n });
		expect(await balanceOfWallet(app.db, worker.id)).toBe(483n);
		expect(await balanceOfWallet(app.db, requester.id)).toBe(499n);
		await expectBalancedLedger();
	});

	it('is idempotent by mutationId; a second decision is a CONFLICT; concurrent decisions pay once', async () => {
		const { worker, requester, disputeId, taskId } = await disputedTask(10_000n);
		const mutationId = randomUUID();
		const replies = [];
		for (let i = 0; i < 3; i++) {
			replies.push(
				await app
					.as(admin)
					.admin.resolveDispute({ mutationId, disputeId, workerAmount: 4_000n, reason: 'Split 40/60.' })
			);
		}
		expect(
			replies.every((r) => r.workerNet === 3_600n && r.fee === 400n && r.requesterAmount === 6_000n)
		).toBe(true);
		await expect(
			app.as(admin).admin.resolveDispute({ disputeId, workerAmount: 10_000n, reason: 'Changed my mind.' })
		).rejects.toMatchObject({ code: 'CONFLICT', cause: { key: 'dispute_already_resolved' } });
		expect(await balanceOfWallet(app.db, worker.id)).toBe(3_600n);
		expect(await balanceOfWallet(app.db, requester.id)).toBe(6_000n);
		expect(await app.db.transfer.count({ where: { taskId } })).toBe(4);
		expect(await app.db.auditEntry.count({ where: { targetId: disputeId } })).toBe(1);

		const race = await disputedTask(8_000n);
		const outcomes = await Promise.allSettled(
			[8_000n, 0n, 4_000n].map((workerAmount) =>
				app.as(admin).admin.resolveDispute({ disputeId: race.disputeId, workerAmount, reason: 'Race.' })
			)
		);
		expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
		for (const lost of outcomes.filter((o) => o.status === 'rejected')) {
			expect(lost.reason).toMatchObject({ code: 'CONFLICT' });
		}
		expect(await balanceOfEscrow(app.db, race.taskId)).toBe(0n);
		const paid =
			(await balanceOfWallet(app.db, race.worker.id)) + (await balanceOfWallet(app.db, race.requester.id));
		expect(paid).toBeGreaterThan(0n);
		await expectBalancedLedger();
	});

	it('refuses bad amounts and reasons, non-admins and unknown disputes, changing nothing', async () => {
		const { worker, requester, disputeId, taskId } = await disputedTask(5_000n);
		const stranger = await app.user();
		await expect(
			app.as(admin).admin.resolveDispute({ disputeId, workerAmount: 5_001n, reason: 'Too much.' })
		).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { key: 'task_bad_amount' } });
		await expect(
			app.as(admin).admin.resolveDispute({ disputeId, workerAmount: -1n, reason: 'Negative.' })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(
			app.as(admin).admin.resolveDispute({ disputeId, workerAmount: 1n, reason: ' a ' })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(
			app
				.as(admin)
				.admin.resolveDispute({ disputeId, workerAmount: 100 as unknown as bigint, reason: 'A number.' })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		for (const user of [worker, requester, stranger]) {
			await expect(
				app.as(user).admin.resolveDispute({ disputeId, workerAmount: 5_000n, reason: 'Pay me.' })
			).rejects.toMatchObject({ code: 'FORBIDDEN' });
			await expect(app.as(user).admin.disputes({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
		}
		await expect(
			app.as(admin).admin.resolveDispute({ disputeId: randomUUID(), workerAmount: 0n, reason: 'Nothing.' })
		).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect(await app.db.dispute.findUniqueOrThrow({ where: { id: disputeId } })).toMatchObject({
			status: 'OPEN',
			workerAmount: null
		});
		expect((await taskRow(taskId)).status).toBe('DISPUTED');
		expect(await balanceOfEscrow(app.db, taskId)).toBe(5_000n);
		expect(await app.db.auditEntry.count({ where: { targetId: disputeId } })).toBe(0);
	});

	it('settles a dispute the platform opened itself (rework rounds used up)', async () => {
		const { requester, worker, taskId } = await claimedTask(7_001n, true);
		// What the lifecycle does when the last rework round is rejected.
		const platformDispute = await inTransaction(app.db, async (tx) => {
			const task = await lockTask(tx, taskId);
			const event = { type: 'reject', maxReworkRounds: 0 } as const;
			const { disputeId } = await applyEvent(
				tx,
				task,
				event,
				{ userId: admin.id, isAdmin: true },
				{
					statement: 'Rework rounds used up: the platform decides.'
				}
			);
			return { id: disputeId! };
		});
		const listed = await app.as(admin).admin.disputes({});
		const item = listed.items.find((d) => d.id === platformDispute.id);
		expect(item).toMatchObject({ openedBy: 'platform', opener: null });
		const result = await app.as(admin).admin.resolveDispute({
			disputeId: platformDispute.id,
			workerAmount: 3_500n,
			reason: 'Half of the work was usable.'
		});
		expect(result).toMatchObject({
			workerNet: 3_150n,
			fee: 350n,
			requesterAmount: 3_501n,
			taskStatus: 'COMPLETED'
		});
		expect(await balanceOfWallet(app.db, worker.id)).toBe(3_150n);
		expect(await balanceOfWallet(app.db, requester.id)).toBe(3_501n);
		const resolvedNotes = await app.db.notification.count({ where: { taskId, kind: 'resolved' } });
		expect(resolvedNotes).toBe(2);
		await expectBalancedLedger();
	});
});

describe('admin.disputes', () => {
	it('lists open disputes oldest first with everything needed to decide, and resolved ones on request', async () => {
		const first = await disputedTask(1_111n);
		const second = await claimedTask(2_222n, true);
		const { fileId } = await uploadFile(app.as(second.requester), pngBytes(42), 'receipt.png');
		const secondDispute = await app
			.as(second.requester)
			.dispute.open({ taskId: second.taskId, statement: STATEMENT, fileIds: [fileId] });

		const open = (await app.as(admin).admin.disputes({})).items;
		expect(open.every((d) => d.status === 'OPEN')).toBe(true);
		const ids = open.map((d) => d.id);
		expect(ids.indexOf(first.disputeId)).toBeLessThan(ids.indexOf(secondDispute.id));
		expect(await app.as(admin).admin.disputes()).toEqual(
			await app.as(admin).admin.disputes({ status: 'OPEN' })
		);
		const item = open.find((d) => d.id === secondDispute.id)!;
		expect(item).toMatchObject({
			taskId: second.taskId,
			statement: STATEMENT,
			statusBefore: 'SUBMITTED',
			openedBy: 'requester',
			opener: { id: second.requester.id, displayName: 'Requester' },
			task: {
				title: taskInput().title,
				bounty: 2_222n,
				currency: 'CNY',
				commissionBps: 1000,
				status: 'DISPUTED'
			},
			requester: { id: second.requester.id, displayName: 'Requester' },
			worker: { id: second.worker.id, displayName: 'Worker' },
			files: [{ id: fileId, name: 'receipt.png', mimeType: 'image/png' }],
			handovers: [{ status: 'PENDING', report: 'Done.', fileCount: 0 }],
			workerAmount: null,
			resolvedBy: null
		});

		await app
			.as(admin)
			.admin.resolveDispute({ disputeId: first.disputeId, workerAmount: 0n, reason: 'Not started.' });
		const afterOpen = (await app.as(admin).admin.disputes({ status: 'OPEN' })).items.map((d) => d.id);
		expect(afterOpen).not.toContain(first.disputeId);
		const resolved = (await app.as(admin).admin.disputes({ status: 'RESOLVED' })).items;
		expect(resolved[0]).toMatchObject({
			id: first.disputeId,
			status: 'RESOLVED',
			workerAmount: 0n,
			workerNet: 0n,
			fee: 0n,
			requesterAmount: 1_111n,
			reason: 'Not started.',
			resolvedBy: { id: admin.id },
			task: { status: 'CANCELLED' }
		});
	});
});

describe('who sees a dispute and its files', () => {
	let parties: Awaited<ReturnType<typeof claimedTask>>;
	let stranger: PublicUser;
	let workerFile: string;
	let disputeId: string;
	beforeAll(async () => {
		parties = await claimedTask(4_000n);
		stranger = await app.user();
		workerFile = (await uploadFile(app.as(parties.worker), pngBytes(43), 'proof.png')).fileId;
		disputeId = (
			await app
				.as(parties.worker)
				.dispute.open({ taskId: parties.taskId, statement: STATEMENT, fileIds: [workerFile] })
		).id;
	});

	it('dispute.forTask and task.get show it to the requester, the worker and admins only', async () => {
		for (const viewer of [parties.requester, parties.worker, admin]) {
			const { items } = await app.as(viewer).dispute.forTask({ taskId: parties.taskId });
			expect(items.map((d) => d.id)).toEqual([disputeId]);
			expect(items[0]).toMatchObject({ openedBy: 'worker', statement: STATEMENT, status: 'OPEN' });
			expect(items[0]!.files.map((f) => f.id)).toEqual([workerFile]);
			const task = await app.as(viewer).task.get({ id: parties.taskId });
			expect(task.private?.dispute).toMatchObject({ id: disputeId, status: 'OPEN', workerNet: null });
		}
		await expect(app.as(stranger).dispute.forTask({ taskId: parties.taskId })).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		await expect(app.as(null).dispute.forTask({ taskId: parties.taskId })).rejects.toMatchObject({
			code: 'UNAUTHORIZED'
		});
		await expect(app.as(admin).dispute.forTask({ taskId: randomUUID() })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		expect((await app.as(stranger).task.get({ id: parties.taskId })).private).toBeNull();
		expect((await app.as(null).task.get({ id: parties.taskId })).private).toBeNull();
	});

	it('its files are readable by the requester, the worker and admins, never by a stranger', async () => {
		for (const reader of [parties.requester, parties.worker, admin]) {
			expect(await canReadFile(app.db, reader, workerFile)).toMatchObject({
				id: workerFile,
				name: 'proof.png'
			});
		}
		expect(await canReadFile(app.db, stranger, workerFile)).toBeNull();
		// Another task's requester is a stranger to this dispute too.
		const other = await claimedTask(1_000n);
		expect(await canReadFile(app.db, other.requester, workerFile)).toBeNull();
	});

	it('after resolution task.get shows the outcome', async () => {
		await app
			.as(admin)
			.admin.resolveDispute({ disputeId, workerAmount: 2_000n, reason: 'Half the work was done.' });
		const task = await app.as(parties.requester).task.get({ id: parties.taskId });
		expect(task.status).toBe('COMPLETED');
		expect(task.private?.dispute).toMatchObject({
			id: disputeId,
			status: 'RESOLVED',
			workerAmount: 2_000n,
			workerNet: 1_800n,
			fee: 200n,
			requesterAmount: 2_000n,
			reason: 'Half the work was done.'
		});
		expect(await canReadFile(app.db, parties.requester, workerFile)).not.toBeNull();
	});
});
