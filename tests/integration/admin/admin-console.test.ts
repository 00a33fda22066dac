// The admin console's procedures: users and suspension, tasks and force-cancel, the ledger's accounts and
// transfers, settings, the audit log and the overview. Every procedure is refused to non-admins; every
// admin mutation writes exactly one audit entry with its before and after, once per mutationId.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicUser } from '$lib/server/auth/users';
import { createTestApp, type Caller, type TestApp } from '../support/app';
import { balanceOfEscrow, balanceOfWallet, ledgerAudit } from '../support/ledger';
import { taskInput } from '../fixtures';

let app: TestApp;
let admin: PublicUser;
beforeAll(async () => {
	app = await createTestApp({ COMMISSION_BPS: '1000', WITHDRAWAL_MIN: '1000', WITHDRAWAL_FEE: '0' });
	admin = await app.admin();
});
afterAll(() => app.close());

const auditCount = (targetId: string) => app.db.auditEntry.count({ where: { targetId } });

async function publishedTask(bounty = 10_000n) {
	const requester = await app.user({ displayName: 'Requester Ren' });
	await app.fund(requester, bounty);
	const task = await app.as(requester).task.publish(taskInput({ bounty, title: `Task ${randomUUID()}` }));
	return { requester, taskId: task.id };
}

describe('every admin console procedure', () => {
	it('is refused to signed-in non-admins and to nobody, changing nothing', async () => {
		const { requester, taskId } = await publishedTask();
		const stranger = await app.user();
		const calls: ((c: Caller) => Promise<unknown>)[] = [
			(c) => c.admin.overview(),
			(c) => c.admin.users({}),
			(c) => c.admin.suspendUser({ userId: stranger.id, reason: 'Spam posts' }),
			(c) => c.admin.unsuspendUser({ userId: stranger.id }),
			(c) => c.admin.tasks({}),
			(c) => c.admin.forceCancel({ taskId, reason: 'Not allowed' }),
			(c) => c.admin.accounts({}),
			(c) => c.admin.transfers({}),
			(c) => c.admin.ledgerVerify(),
			(c) => c.admin.settings(),
			(c) => c.admin.updateSettings({ patch: { commissionBps: 0 } }),
			(c) => c.admin.audit({})
		];
		const auditsBefore = await app.db.auditEntry.count();
		for (const call of calls) {
			for (const user of [requester, stranger]) {
				await expect(call(app.as(user))).rejects.toMatchObject({
					code: 'FORBIDDEN',
					cause: { key: 'admin_only' }
				});
			}
			await expect(call(app.as(null))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
		}
		expect(await app.db.auditEntry.count()).toBe(auditsBefore);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('OPEN');
		expect((await app.db.user.findUniqueOrThrow({ where: { id: stranger.id } })).suspendedAt).toBeNull();
		expect(await app.db.setting.count()).toBe(0);
	});
});

describe('admin.users', () => {
	it('finds users by email or name with kind, flags and wallet balance, newest first, in pages', async () => {
		const tag = randomUUID().slice(0, 8);
		const org = await app.user({ displayName: `Acme ${tag}`, kind: 'organisation' });
		const person = await app.user({ email: `li-${tag}@example.com`, displayName: 'Li' });
		await app.fund(org, 12_345n);
		await app.db.user.update({ where: { id: org.id }, data: { verifiedAt: new Date() } });

		const byName = await app.as(admin).admin.users({ q: `acme ${tag}` });
		expect(byName.items).toHaveLength(1);
		expect(byName.items[0]).toMatchObject({
			id: org.id,
			kind: 'organisation',
			verified: true,
			suspended: false,
			isAdmin: false,
			walletBalance: 12_345n
		});
		expect(byName.currency).toBe('CNY');
		const byEmail = await app.as(admin).admin.users({ q: tag.toUpperCase() });
		expect(byEmail.items.map((u) => u.id)).toEqual([person.id, org.id]);
		expect(byEmail.items[0]).toMatchObject({ kind: 'person', verified: false, walletBalance: 0n });

		// Paging: 60 users more than fill a page of 50, and the second page continues without overlap.
		for (let i = 0; i < 55; i++) await app.user({ displayName: `Bulk ${tag}` });
		const first = await app.as(admin).admin.users({ q: `bulk ${tag}` });
		expect(first.items).toHaveLength(50);
		const second = await app.as(admin).admin.users({ q: `bulk ${tag}`, cursor: first.nextCursor! });
		expect(second.items).toHaveLength(5);
		expect(second.nextCursor).toBeNull();
		expect(new Set([...first.items, ...second.items].map((u) => u.id)).size).toBe(55);
		await expect(app.as(admin).admin.users({ cursor: 'garbage' })).rejects.toMatchObject({
			code: 'BAD_REQUEST',
			cause: { key: 'bad_cursor' }
		});
	});
});

describe('suspension', () => {
	it('refuses every change a suspended user tries, keeps reads working, and is audited once per mutationId', async () => {
		const { requester, taskId } = await publishedTask(5_000n);
		await app.fund(requester, 5_000n);
		const worker = await app.user();
		const mutationId = randomUUID();
		const suspended = await app
			.as(admin)
			.admin.suspendUser({ mutationId, userId: worker.id, reason: 'Fake handovers' });
		expect(suspended).toMatchObject({ userId: worker.id, suspended: true });
		// A retry with the same id answers the same and writes nothing more.
		expect(
			await app.as(admin).admin.suspendUser({ mutationId, userId: worker.id, reason: 'Fake handovers' })
		).toEqual(suspended);
		const entries = await app.db.auditEntry.findMany({ where: { targetId: worker.id } });
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			actorId: admin.id,
			action: 'admin.suspendUser',
			targetType: 'user',
			before: { suspendedAt: null, suspendedReason: null },
			after: { suspendedAt: suspended.suspendedAt.toISOString(), suspendedReason: 'Fake handovers' }
		});

		// Changes are refused with `suspended`...
		const as = app.as(worker);
		await expect(as.task.claim({ taskId })).rejects.toMatchObject({
			code: 'FORBIDDEN',
			cause: { key: 'suspended' }
		});
		await expect(as.task.publish(taskInput({ bounty: 100n }))).rejects.toMatchObject({
			cause: { key: 'suspended' }
		});
		await expect(
			as.upload.begin({ name: 'a.png', size: 10, type: 'image/png', sha256: 'a'.repeat(64) })
		).rejects.toMatchObject({ cause: { key: 'suspended' } });
		const pushed = await as.sync.push({
			mutations: [{ id: randomUUID(), name: 'task.claim', args: { taskId }, createdAt: new Date() }]
		});
		expect(pushed.results).toEqual([
			expect.objectContaining({ status: 'rejected', reason: 'suspended', message: expect.any(String) })
		]);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('OPEN');
		expect(await app.db.upload.count({ where: { ownerId: worker.id } })).toBe(0);

		// ...reads still work, and the session says why.
		expect((await as.task.feed({})).items.map((t) => t.id)).toContain(taskId);
		expect(await as.wallet.get()).toMatchObject({ available: 0n });
		// Marking their own notifications read changes nothing anyone else sees, so it stays allowed.
		expect(await as.notification.markRead({})).toMatchObject({ unread: 0 });
		const signedIn = await app
			.as(null)
			.auth.login({ email: worker.email, password: 'correct horse battery' });
		expect(signedIn).toMatchObject({ id: worker.id, suspended: true, suspendedReason: 'Fake handovers' });
		expect(await as.auth.logout()).toEqual({ ok: true });

		// Suspending twice is a conflict; unsuspending lifts it, audited once.
		await expect(
			app.as(admin).admin.suspendUser({ userId: worker.id, reason: 'Again' })
		).rejects.toMatchObject({ code: 'CONFLICT', cause: { key: 'already_suspended' } });
		const liftId = randomUUID();
		expect(await app.as(admin).admin.unsuspendUser({ mutationId: liftId, userId: worker.id })).toEqual({
			userId: worker.id,
			suspended: false
		});
		await app.as(admin).admin.unsuspendUser({ mutationId: liftId, userId: worker.id });
		const lifted = await app.db.auditEntry.findMany({
			where: { targetId: worker.id, action: 'admin.unsuspendUser' }
		});
		expect(lifted).toHaveLength(1);
		expect(lifted[0]).toMatchObject({
			before: { suspendedReason: 'Fake handovers' },
			after: { suspendedAt: null, suspendedReason: null }
		});
		await expect(app.as(admin).admin.unsuspendUser({ userId: worker.id })).rejects.toMatchObject({
			code: 'CONFLICT',
			cause: { key: 'not_suspended' }
		});
		expect(await as.task.claim({ taskId })).toEqual({ status: 'claimed' });
		expect(await auditCount(worker.id)).toBe(2);
	});

	it('still replays a queued action the server applied before the suspension', async () => {
		const { taskId } = await publishedTask(1_000n);
		const worker = await app.user();
		const id = randomUUID();
		const entry = { id, name: 'task.claim' as const, args: { taskId }, createdAt: new Date() };
		await app.as(worker).sync.push({ mutations: [entry] });
		await app.as(admin).admin.suspendUser({ userId: worker.id, reason: 'Under review' });
		const replay = await app.as(worker).sync.push({ mutations: [entry] });
		expect(replay.results).toEqual([{ id, status: 'applied', result: { status: 'claimed' } }]);
	});

	it('refuses an admin suspending themself, and unknown users, changing nothing', async () => {
		await expect(
			app.as(admin).admin.suspendUser({ userId: admin.id, reason: 'Testing myself' })
		).rejects.toMatchObject({ code: 'FORBIDDEN', cause: { key: 'cannot_suspend_self' } });
		await expect(
			app.as(admin).admin.suspendUser({ userId: randomUUID(), reason: 'Nobody at all' })
		).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(app.as(admin).admin.unsuspendUser({ userId: randomUUID() })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		await expect(app.as(admin).admin.suspendUser({ userId: admin.id, reason: 'x' })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		expect((await app.db.user.findUniqueOrThrow({ where: { id: admin.id } })).suspendedAt).toBeNull();
		expect(await auditCount(admin.id)).toBe(0);
	});
});

describe('admin.tasks', () => {
	it('lists tasks in any status with both parties and the escrow, filtered by status and search', async () => {
		const { requester, taskId } = await publishedTask(7_000n);
		const worker = await app.user({ displayName: `Worker ${randomUUID().slice(0, 6)}` });
		await app.as(worker).task.claim({ taskId });
		const { taskId: cancelledId } = await publishedTask(1_000n);
		await app.as(admin).admin.forceCancel({ taskId: cancelledId, reason: 'Duplicate post' });

		const claimed = await app.as(admin).admin.tasks({ status: 'CLAIMED', q: worker.displayName });
		expect(claimed.items).toHaveLength(1);
		expect(claimed.items[0]).toMatchObject({
			id: taskId,
			status: 'CLAIMED',
			bounty: 7_000n,
			escrowBalance: 7_000n,
			commissionBps: 1000,
			requester: { id: requester.id, displayName: 'Requester Ren' },
			claimant: { id: worker.id, displayName: worker.displayName }
		});
		const cancelled = await app.as(admin).admin.tasks({ q: cancelledId });
		expect(cancelled.items).toEqual([
			expect.objectContaining({ id: cancelledId, status: 'CANCELLED', escrowBalance: 0n, claimant: null })
		]);
		const all = await app.as(admin).admin.tasks({});
		expect(all.items.map((t) => t.id)).toEqual(expect.arrayContaining([taskId, cancelledId]));
		const times = all.items.map((t) => t.createdAt.getTime());
		expect(times).toEqual([...times].sort((a, b) => b - a));
	});
});

describe('admin.forceCancel', () => {
	it('cancels a claimed task, refunds the whole escrow, tells both parties why, audited once', async () => {
		const { requester, taskId } = await publishedTask(9_000n);
		const worker = await app.user();
		await app.as(worker).task.claim({ taskId });
		const mutationId = randomUUID();
		const input = { mutationId, taskId, reason: 'The requester reported fraud' };
		const result = await app.as(admin).admin.forceCancel(input);
		expect(result).toEqual({ id: taskId, status: 'CANCELLED', refunded: 9_000n });
		expect(await app.as(admin).admin.forceCancel(input)).toEqual(result);

		expect(await balanceOfWallet(app.db, requester.id)).toBe(9_000n);
		expect(await balanceOfEscrow(app.db, taskId)).toBe(0n);
		const refunds = await app.db.transfer.findMany({ where: { taskId, code: 'REFUND' } });
		expect(refunds).toEqual([expect.objectContaining({ key: `refund:${taskId}`, amount: 9_000n })]);
		expect(await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({
			status: 'CANCELLED',
			claimExpiresAt: null
		});
		const notes = await app.db.notification.findMany({ where: { taskId }, orderBy: { userId: 'asc' } });
		expect(
			notes
				.filter((n) => n.kind === 'cancelled')
				.map((n) => n.userId)
				.sort()
		).toEqual([requester.id, worker.id].sort());
		for (const note of notes.filter((n) => n.kind === 'cancelled')) {
			expect(note.data).toMatchObject({ reason: 'The requester reported fraud', by: 'admin' });
		}
		const entries = await app.db.auditEntry.findMany({ where: { targetId: taskId } });
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			actorId: admin.id,
			action: 'admin.forceCancel',
			targetType: 'task',
			before: { status: 'CLAIMED', claimantId: worker.id, escrow: '9000' },
			after: { status: 'CANCELLED', escrow: '0', refunded: '9000', reason: 'The requester reported fraud' }
		});
		// The worker holds one task fewer: they can claim again.
		expect(await app.db.task.count({ where: { claimantId: worker.id, status: 'CLAIMED' } })).toBe(0);
		expect(await ledgerAudit(app.db)).toMatchObject({ sum: 0n, mismatched: [], negative: [] });
		expect((await app.as(admin).admin.ledgerVerify()).ok).toBe(true);
	});

	it('closes a handover waiting for review, and cancels open tasks too', async () => {
		const { taskId } = await publishedTask(2_000n);
		const worker = await app.user();
		await app.as(worker).task.claim({ taskId });
		const handover = await app.as(worker).handover.submit({ taskId, report: 'Done?', fileIds: [] });
		await app.as(admin).admin.forceCancel({ taskId, reason: 'Work was never done' });
		expect(await app.db.handover.findUniqueOrThrow({ where: { id: handover.id } })).toMatchObject({
			status: 'REJECTED',
			reviewReason: 'Work was never done',
			reviewerId: admin.id
		});
		expect((await app.as(admin).admin.reviewQueue()).items.map((i) => i.id)).not.toContain(handover.id);

		const { requester, taskId: openId } = await publishedTask(3_000n);
		expect(await app.as(admin).admin.forceCancel({ taskId: openId, reason: 'Illegal task' })).toMatchObject({
			refunded: 3_000n
		});
		expect(await balanceOfWallet(app.db, requester.id)).toBe(3_000n);
	});

	it('refuses finished and unknown tasks, changing nothing', async () => {
		const { requester, taskId } = await publishedTask(4_000n);
		await app.as(requester).task.cancel({ taskId });
		await expect(app.as(admin).admin.forceCancel({ taskId, reason: 'Once more' })).rejects.toMatchObject({
			code: 'CONFLICT',
			cause: { key: 'task_wrong_status' }
		});
		const { taskId: disputedId } = await publishedTask(4_000n);
		await app.as(await app.user()).task.claim({ taskId: disputedId });
		await app.db.task.update({ where: { id: disputedId }, data: { status: 'DISPUTED' } });
		await expect(
			app.as(admin).admin.forceCancel({ taskId: disputedId, reason: 'Use the dispute' })
		).rejects.toMatchObject({ code: 'CONFLICT', cause: { key: 'task_wrong_status' } });
		expect(await balanceOfEscrow(app.db, disputedId)).toBe(4_000n);
		await expect(
			app.as(admin).admin.forceCancel({ taskId: randomUUID(), reason: 'Nothing here' })
		).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect(await auditCount(taskId)).toBe(0);
		expect(await auditCount(disputedId)).toBe(0);
		await app.db.task.update({ where: { id: disputedId }, data: { status: 'CLAIMED' } });
	});
});

describe('admin.accounts and admin.transfers', () => {
	it('list accounts by kind and transfers by account or task, newest first', async () => {
		const { requester, taskId } = await publishedTask(6_000n);
		const escrows = await app.as(admin).admin.accounts({ kind: 'ESCROW' });
		expect(escrows.items.every((a) => a.kind === 'ESCROW')).toBe(true);
		expect(escrows.items.find((a) => a.task?.id === taskId)).toMatchObject({ balance: 6_000n });
		const wallets = await app.as(admin).admin.accounts({ kind: 'WALLET' });
		const wallet = wallets.items.find((a) => a.user?.id === requester.id);
		expect(wallet).toMatchObject({ balance: 0n, currency: 'CNY' });

		const forWallet = await app.as(admin).admin.transfers({ accountId: wallet!.id });
		expect(forWallet.items.map((t) => t.code)).toEqual(['PUBLISH_HOLD', 'DEPOSIT']);
		expect(forWallet.items[0]).toMatchObject({
			amount: 6_000n,
			key: `publish:${taskId}`,
			debitAccount: { id: wallet!.id, user: { id: requester.id } },
			creditAccount: { kind: 'ESCROW', task: { id: taskId } }
		});
		const forTask = await app.as(admin).admin.transfers({ taskId });
		expect(forTask.items.map((t) => t.key)).toEqual([`publish:${taskId}`]);
		const everything = await app.as(admin).admin.transfers({});
		const times = everything.items.map((t) => t.createdAt.getTime());
		expect(times).toEqual([...times].sort((a, b) => b - a));
	});
});

describe('settings', () => {
	it('shows the settings in force with their defaults and which an admin changed', async () => {
		const view = await app.as(admin).admin.settings();
		expect(view.values.commissionBps).toBe(view.defaults.commissionBps);
		expect(view.items.map((i) => i.key)).toContain('withdrawalFee');
		expect(view.items.every((i) => !i.overridden || i.updatedBy)).toBe(true);
	});

	it('changes the commission for tasks published from then on, audited with before and after', async () => {
		const { taskId: before } = await publishedTask(1_000n);
		const mutationId = randomUUID();
		const patch = { commissionBps: 1500, claimHours: 24 };
		const result = await app.as(admin).admin.updateSettings({ mutationId, patch });
		expect(result.settings).toMatchObject(patch);
		expect(await app.as(admin).admin.updateSettings({ mutationId, patch })).toEqual(result);
		const entries = await app.db.auditEntry.findMany({ where: { action: 'admin.updateSettings' } });
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			actorId: admin.id,
			targetType: 'settings',
			targetId: 'platform',
			before: { commissionBps: 1000, claimHours: 48 },
			after: { commissionBps: 1500, claimHours: 24 }
		});

		const { taskId: afterId } = await publishedTask(1_000n);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: afterId } })).commissionBps).toBe(1500);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: afterId } })).claimHours).toBe(24);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: before } })).commissionBps).toBe(1000);

		const view = await app.as(admin).admin.settings();
		expect(view.values.commissionBps).toBe(1500);
		expect(view.defaults.commissionBps).toBe(1000);
		expect(view.items.find((i) => i.key === 'commissionBps')).toMatchObject({
			overridden: true,
			updatedBy: { id: admin.id }
		});
		expect(view.items.find((i) => i.key === 'maxActiveClaims')).toMatchObject({ overridden: false });

		// Money settings are bigint minor units.
		await app.as(admin).admin.updateSettings({ patch: { withdrawalFee: 200n } });
		const fee = await app.db.auditEntry.findFirstOrThrow({
			where: { action: 'admin.updateSettings' },
			orderBy: { createdAt: 'desc' }
		});
		expect(fee).toMatchObject({ before: { withdrawalFee: '0' }, after: { withdrawalFee: '200' } });
		expect((await app.as(admin).admin.settings()).values.withdrawalFee).toBe(200n);
		await app.as(admin).admin.updateSettings({ patch: { commissionBps: 1000, claimHours: 48 } });
	});

	it('refuses invalid changes with a typed error, changing nothing', async () => {
		const before = await app.as(admin).admin.settings();
		const audits = await app.db.auditEntry.count();
		for (const patch of [{ commissionBps: 20_000 }, { claimHours: 0 }, {}, { withdrawalMin: -1n }]) {
			await expect(app.as(admin).admin.updateSettings({ patch })).rejects.toMatchObject({
				code: 'BAD_REQUEST'
			});
		}
		await expect(
			app.as(admin).admin.updateSettings({ patch: { withdrawalFee: 5_000n } })
		).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { key: 'withdrawal_fee_not_below_minimum' } });
		expect((await app.as(admin).admin.settings()).values).toEqual(before.values);
		expect(await app.db.auditEntry.count()).toBe(audits);
	});
});

describe('admin.audit', () => {
	it('lists entries newest first with the actor, filtered by actor and target, in pages', async () => {
		const second = await app.user({ displayName: 'Second admin' });
		await app.db.user.update({ where: { id: second.id }, data: { isAdmin: true } });
		const other = { ...second, isAdmin: true };
		const target = await app.user();
		await app.as(admin).admin.suspendUser({ userId: target.id, reason: 'First reason' });
		await app.as(other).admin.unsuspendUser({ userId: target.id });

		const forTarget = await app.as(admin).admin.audit({ targetType: 'user', targetId: target.id });
		expect(forTarget.items.map((e) => [e.action, e.actor.displayName])).toEqual([
			['admin.unsuspendUser', 'Second admin'],
			['admin.suspendUser', 'Admin']
		]);
		const byOther = await app.as(admin).admin.audit({ actorId: other.id });
		expect(byOther.items.map((e) => e.targetId)).toEqual([target.id]);

		const all = await app.as(admin).admin.audit({});
		expect(all.items[0]?.action).toBe('admin.unsuspendUser');
		const total = await app.db.auditEntry.count();
		let seen = all.items.length;
		let cursor = all.nextCursor;
		while (cursor) {
			const next = await app.as(admin).admin.audit({ cursor });
			seen += next.items.length;
			cursor = next.nextCursor;
		}
		expect(seen).toBe(total);
	});
});

describe('admin.overview', () => {
	it('counts what waits for an admin', async () => {
		const { taskId } = await publishedTask(1_000n);
		const worker = await app.user();
		await app.as(worker).task.claim({ taskId });
		const before = await app.as(admin).admin.overview();
		await app.as(worker).handover.submit({ taskId, report: 'Done', fileIds: [] });
		const after = await app.as(admin).admin.overview();
		expect(after.pendingReviews).toBe(before.pendingReviews + 1);
		expect(after).toMatchObject({
			openDisputes: 0,
			pendingWithdrawals: 0,
			pendingDeposits: 0,
			pendingVerifications: 0
		});
		expect(after.suspendedUsers).toBe(await app.db.user.count({ where: { suspendedAt: { not: null } } }));
	});
});
