// The marketplace's timers as plain functions of `now`: claims lapse at their deadline (and handovers after
// it are refused), workers are warned once before, confirmed handovers are paid out when review is late.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHours } from '$lib/domain/task-state';
import { autoReleaseDue } from '$lib/server/jobs/auto-release';
import { lapseDueClaims, warnLapsingClaims } from '$lib/server/jobs/lapse';
import type { PublicUser } from '$lib/server/auth/users';
import { createTestApp, type TestApp } from '../support/app';
import { balanceOfEscrow, balanceOfWallet, ledgerAudit, platformRevenue } from '../support/ledger';
import { taskInput } from '../fixtures';

let app: TestApp;
const deps = () => ({ db: app.db, config: app.config });
beforeAll(async () => {
	app = await createTestApp({
		COMMISSION_BPS: '1000',
		CLAIM_HOURS: '48',
		LAPSE_WARNING_HOURS: '6',
		AUTO_RELEASE_HOURS: '72'
	});
});
afterAll(() => app.close());

async function claimedTask(bounty = 10_000n, claimHours?: number) {
	const requester = await app.user();
	const worker = await app.user();
	await app.fund(requester, bounty);
	const task = await app.as(requester).task.publish(taskInput({ bounty, claimHours }));
	expect(await app.as(worker).task.claim({ taskId: task.id })).toEqual({ status: 'claimed' });
	const row = await app.db.task.findUniqueOrThrow({ where: { id: task.id } });
	return { requester, worker, taskId: task.id, row };
}

const kinds = async (user: PublicUser, taskId: string) =>
	(
		await app.db.notification.findMany({ where: { userId: user.id, taskId }, orderBy: { createdAt: 'asc' } })
	).map((n) => n.kind);

/** Moves a claim's deadline (as if time had passed) without waiting. */
const setDeadline = (taskId: string, at: Date) =>
	app.db.$executeRaw`UPDATE "Task" SET "claimExpiresAt" = ${at} WHERE "id" = ${taskId}::uuid`;

describe('claim deadline', () => {
	it('is set from the task’s claimHours (publish default from settings) when claimed', async () => {
		const before = Date.now();
		const { row } = await claimedTask(5_000n, 5);
		expect(row.claimHours).toBe(5);
		const deadline = row.claimExpiresAt!.getTime() - row.claimedAt!.getTime();
		expect(deadline).toBe(5 * 3_600_000);
		expect(row.claimedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);

		const other = await claimedTask(5_000n);
		expect(other.row.claimHours).toBe(48);
	});

	it('refuses a handover after the deadline, even before the sweep ran', async () => {
		const { worker, taskId } = await claimedTask();
		await setDeadline(taskId, new Date(Date.now() - 1000));
		await expect(
			app.as(worker).handover.submit({ taskId, report: 'Late', fileIds: [] })
		).rejects.toMatchObject({ code: 'CONFLICT', cause: { key: 'task_claim_lapsed' } });
		expect(await app.db.handover.count({ where: { taskId } })).toBe(0);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('CLAIMED');
		// The next sweep gives it back to the feed.
		expect(await lapseDueClaims(deps(), new Date())).toBe(1);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('OPEN');
	});

	it('shows the deadline and claim terms to the worker and the requester, not to others', async () => {
		const { requester, worker, taskId, row } = await claimedTask(5_000n, 12);
		const mine = await app.as(worker).task.get({ id: taskId });
		expect(mine.private).toMatchObject({
			claimHours: 12,
			claimExpiresAt: row.claimExpiresAt,
			requireVerified: false,
			cancelRequestedAt: null
		});
		expect((await app.as(requester).task.get({ id: taskId })).private?.claimExpiresAt).toEqual(
			row.claimExpiresAt
		);
		expect((await app.as(await app.user()).task.get({ id: taskId })).private).toBeNull();
		const myWork = await app.as(worker).task.mine();
		expect(myWork.claimed.find((t) => t.id === taskId)?.claimExpiresAt).toEqual(row.claimExpiresAt);
	});
});

describe('verified workers only', () => {
	it('turns away a worker whose identity is not verified, and lets a verified one claim', async () => {
		const requester = await app.user();
		await app.fund(requester, 2_000n);
		const task = await app.as(requester).task.publish(taskInput({ bounty: 2_000n, requireVerified: true }));
		const unverified = await app.user();
		expect(await app.as(unverified).task.claim({ taskId: task.id })).toMatchObject({
			status: 'rejected',
			reason: 'not_verified'
		});
		const verified = await app.user();
		await app.db.user.update({ where: { id: verified.id }, data: { verifiedAt: new Date() } });
		expect(await app.as(verified).task.claim({ taskId: task.id })).toEqual({ status: 'claimed' });
		expect((await app.as(verified).task.get({ id: task.id })).private?.requireVerified).toBe(true);
	});
});

describe('lapseDueClaims', () => {
	it('returns a claim past its deadline to the feed, records the lapse once, tells both sides', async () => {
		const { requester, worker, taskId, row } = await claimedTask(8_000n);
		const deadline = new Date(Date.now() - 60_000);
		await setDeadline(taskId, deadline);
		// An untouched claim (48 h left) in the same database stays as it is.
		const untouched = await claimedTask(3_000n);

		expect(await lapseDueClaims(deps(), new Date())).toBe(1);
		const task = await app.db.task.findUniqueOrThrow({ where: { id: taskId } });
		expect(task).toMatchObject({ status: 'OPEN', claimantId: null, claimedAt: null, claimExpiresAt: null });
		const lapses = await app.db.claimLapse.findMany({ where: { taskId } });
		expect(lapses).toHaveLength(1);
		expect(lapses[0]).toMatchObject({ workerId: worker.id, claimedAt: row.claimedAt, expiredAt: deadline });
		expect(await kinds(worker, taskId)).toEqual(['lapsed']);
		expect(await kinds(requester, taskId)).toEqual(['claimed', 'lapsed']);
		expect(await balanceOfEscrow(app.db, taskId)).toBe(8_000n);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: untouched.taskId } })).status).toBe('CLAIMED');

		// A second sweep is a no-op.
		expect(await lapseDueClaims(deps(), new Date())).toBe(0);
		expect(await app.db.claimLapse.count({ where: { taskId } })).toBe(1);
		expect(await kinds(worker, taskId)).toEqual(['lapsed']);

		// The worker sees the lapse; the task is open; another worker can claim it.
		const view = await app.as(worker).task.get({ id: taskId });
		expect(view).toMatchObject({ status: 'OPEN', viewer: { isClaimant: false, claimLapsedAt: deadline } });
		expect((await app.as(worker).task.mine()).lapsed.map((t) => t.id)).toContain(taskId);
		expect((await app.as(null).task.feed({})).items.map((t) => t.id)).toContain(taskId);
		const next = await app.user();
		expect(await app.as(next).task.claim({ taskId })).toEqual({ status: 'claimed' });
		expect(await ledgerAudit(app.db)).toMatchObject({ sum: 0n, mismatched: [], negative: [] });
	});

	it('does not lapse a claim before its deadline, nor a task handed over in time', async () => {
		const { worker, taskId } = await claimedTask();
		const row = await app.db.task.findUniqueOrThrow({ where: { id: taskId } });
		// One millisecond early: this claim stays (earlier claims of other tests may lapse).
		await lapseDueClaims(deps(), new Date(row.claimExpiresAt!.getTime() - 1));
		expect((await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('CLAIMED');
		await app.as(worker).handover.submit({ taskId, report: 'On time', fileIds: [] });
		// Far past the deadline: the handover came in time, so there is nothing to lapse.
		await setDeadline(taskId, new Date(Date.now() - 1000));
		expect(await lapseDueClaims(deps(), new Date())).toBe(0);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('SUBMITTED');
		expect(await app.db.claimLapse.count({ where: { taskId } })).toBe(0);
	});

	it('lapses many due claims concurrently from two sweeps exactly once each', async () => {
		const claims = await Promise.all([1, 2, 3, 4].map(() => claimedTask(1_000n)));
		for (const c of claims) await setDeadline(c.taskId, new Date(Date.now() - 5_000));
		const [a, b] = await Promise.all([
			lapseDueClaims(deps(), new Date()),
			lapseDueClaims(deps(), new Date())
		]);
		expect(a + b).toBe(4);
		for (const c of claims) {
			expect(await app.db.claimLapse.count({ where: { taskId: c.taskId } })).toBe(1);
			expect(await kinds(c.worker, c.taskId)).toEqual(['lapsed']);
		}
	});
});

describe('warnLapsingClaims', () => {
	it('warns the worker once per claim within lapseWarningHours of the deadline', async () => {
		const { worker, taskId } = await claimedTask();
		const now = new Date();
		await setDeadline(taskId, addHours(now, 7));
		expect(await warnLapsingClaims(deps(), now)).toBe(0);
		await setDeadline(taskId, addHours(now, 5));
		expect(await warnLapsingClaims(deps(), now)).toBe(1);
		expect(await warnLapsingClaims(deps(), now)).toBe(0);
		expect(await warnLapsingClaims(deps(), addHours(now, 1))).toBe(0);
		const warnings = await app.db.notification.findMany({ where: { taskId, kind: 'claim_lapsing' } });
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatchObject({ userId: worker.id });
		expect(warnings[0]!.data).toMatchObject({ taskId, expiresAt: addHours(now, 5).toISOString() });
	});
});

describe('autoReleaseDue', () => {
	async function submitted(bounty: bigint) {
		const c = await claimedTask(bounty);
		const handover = await app
			.as(c.worker)
			.handover.submit({ taskId: c.taskId, report: 'Done', fileIds: [] });
		return { ...c, handoverId: handover.id };
	}

	it('pays out a handover the requester confirmed once autoReleaseHours passed without review', async () => {
		const { requester, worker, taskId, handoverId } = await submitted(12_345n);
		const confirmed = await app.as(requester).handover.confirm({ taskId });
		const at = confirmed.requesterAt;
		const revenue = await platformRevenue(app.db);

		expect(await autoReleaseDue(deps(), addHours(at, 72 - 0.01))).toBe(0);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('SUBMITTED');

		expect(await autoReleaseDue(deps(), addHours(at, 72))).toBe(1);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('COMPLETED');
		expect(await app.db.handover.findUniqueOrThrow({ where: { id: handoverId } })).toMatchObject({
			status: 'APPROVED',
			autoReleased: true,
			reviewerId: null
		});
		// Exactly as an admin's approval: 10 % of 12 345 rounds to 1 235.
		expect(await balanceOfWallet(app.db, worker.id)).toBe(11_110n);
		expect((await platformRevenue(app.db)) - revenue).toBe(1_235n);
		expect(await balanceOfEscrow(app.db, taskId)).toBe(0n);
		const keys = (await app.db.transfer.findMany({ where: { taskId } })).map((t) => t.key).sort();
		expect(keys).toEqual([`commission:${taskId}`, `publish:${taskId}`, `release:${taskId}`]);
		expect(await kinds(worker, taskId)).toEqual(['confirmed', 'approved', 'paid']);
		expect(await kinds(requester, taskId)).toEqual(['claimed', 'handed_over', 'approved']);

		expect(await autoReleaseDue(deps(), addHours(at, 100))).toBe(0);
		expect(await balanceOfWallet(app.db, worker.id)).toBe(11_110n);
		expect(await ledgerAudit(app.db)).toMatchObject({ sum: 0n, mismatched: [], negative: [] });
	});

	it('never pays out a handover the requester objected to or did not confirm', async () => {
		const objected = await submitted(2_000n);
		const silent = await submitted(2_000n);
		await app.as(objected.requester).handover.confirm({ taskId: objected.taskId });
		await app.as(objected.requester).handover.object({ taskId: objected.taskId, reason: 'Wrong tap.' });
		expect(await autoReleaseDue(deps(), addHours(new Date(), 1000))).toBe(0);
		for (const { taskId } of [objected, silent]) {
			expect((await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('SUBMITTED');
			expect(await balanceOfEscrow(app.db, taskId)).toBe(2_000n);
		}
	});
});
