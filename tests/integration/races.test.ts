// Races between two different actions on the same task, wallet or withdrawal, each tried many times with
// fresh tasks: exactly one of the conflicting actions takes effect, the loser is refused with a typed
// error (never a crash), nothing of the loser is left behind (no notification, audit entry or transfer),
// and the ledger's invariants hold afterwards (Σ = 0, no negative balance, escrow = bounty while active
// and 0 once ended, balances = their transfers).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCommission } from '$lib/domain/money';
import { addHours, isEscrowActive } from '$lib/domain/task-state';
import { autoReleaseDue } from '$lib/server/jobs/auto-release';
import { lapseDueClaims } from '$lib/server/jobs/lapse';
import type { PublicUser } from '$lib/server/auth/users';
import { createTestApp, type TestApp } from './support/app';
import { balanceOfEscrow, balanceOfWallet, ledgerAudit, platformRevenue } from './support/ledger';
import { taskInput } from './fixtures';

const ROUNDS = 20;
// An odd rate, so that fees are rounded and the parts must still add up to the bounty exactly.
const BPS = 333;
const BANK = {
	BANK_NAME: 'China Merchants Bank, Shanghai Pudong branch',
	BANK_ACCOUNT_NAME: 'Jiedan Technology Co., Ltd.',
	BANK_ACCOUNT_NUMBER: '6214 8301 2345 6789'
};

let app: TestApp;
let admin: PublicUser;
const deps = () => ({ db: app.db, config: app.config });
beforeAll(async () => {
	app = await createTestApp({
		...BANK,
		COMMISSION_BPS: String(BPS),
		MAX_REWORK_ROUNDS: '1',
		AUTO_RELEASE_HOURS: '72',
		WITHDRAWAL_MIN: '1',
		WITHDRAWAL_FEE: '0'
	});
	admin = await app.admin();
});
afterAll(() => app.close());

type Settled = PromiseSettledResult<unknown>;

/** Runs both calls at once and waits for both. */
async function race(a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[Settled, Settled]> {
	const [ra, rb] = await Promise.allSettled([a(), b()]);
	return [ra, rb];
}

/**
 * Round by round: `a` settles before `b` starts, then `b` before `a`, then both at once. The two ordered
 * rounds make sure each side's win (and the other's refusal) is seen in every run, whatever the timing.
 */
async function rotated(
	round: number,
	a: () => Promise<unknown>,
	b: () => Promise<unknown>
): Promise<[Settled, Settled]> {
	const settle = async (call: () => Promise<unknown>): Promise<Settled> =>
		(await Promise.allSettled([call()]))[0];
	if (round % 3 === 0) {
		const first = await settle(a);
		return [first, await settle(b)];
	}
	if (round % 3 === 1) {
		const first = await settle(b);
		return [await settle(a), first];
	}
	return race(a, b);
}

const won = (r: Settled) => r.status === 'fulfilled';

/** The loser must be refused with one of the expected typed errors, not crash. */
function expectRefused(r: Settled, keys: string[]) {
	expect(r.status).toBe('rejected');
	const reason = (r as PromiseRejectedResult).reason as { code?: string; cause?: { key?: string } };
	expect(keys, `unexpected error ${String(reason)}`).toContain(reason.cause?.key);
}

/** Exactly one of the two won; the other was refused with one of `keys`. Returns which won (0 or 1). */
function exactlyOne(results: [Settled, Settled], keys: string[]): 0 | 1 {
	const winners = results.filter(won).length;
	if (winners !== 1) {
		const reasons = results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'));
		expect.fail(`expected exactly one winner, got ${winners}: ${reasons.join(' | ')}`);
	}
	const winner = won(results[0]) ? 0 : 1;
	expectRefused(results[1 - winner]!, keys);
	return winner;
}

/** A task's escrow holds its bounty while it is live and nothing once it ended. */
async function expectEscrowMatches(taskId: string) {
	const task = await app.db.task.findUniqueOrThrow({ where: { id: taskId } });
	expect(await balanceOfEscrow(app.db, taskId)).toBe(isEscrowActive(task.status) ? task.bounty : 0n);
	return task;
}

async function expectBalancedLedger() {
	expect(await ledgerAudit(app.db)).toMatchObject({ sum: 0n, mismatched: [], negative: [] });
	const report = await app.as(admin).admin.ledgerVerify();
	expect(report).toMatchObject({
		ok: true,
		sum: 0n,
		mismatches: [],
		escrow: [],
		withdrawals: [],
		negative: []
	});
}

const audits = (targetIds: string[]) =>
	app.db.auditEntry.findMany({ where: { targetId: { in: targetIds } }, select: { action: true } });

const notes = (taskId: string) =>
	app.db.notification.findMany({ where: { taskId }, select: { kind: true, userId: true } });

// ---- fixtures: a fresh task in each state, its requester funded with exactly its bounty ----

interface Scene {
	requester: PublicUser;
	worker: PublicUser;
	taskId: string;
	bounty: bigint;
}

let bountySeed = 10_001n;
async function openTask(): Promise<Scene> {
	const bounty = bountySeed++; // every task a different, odd amount
	const [requester, worker] = await Promise.all([app.user(), app.user()]);
	await app.fund(requester, bounty);
	const task = await app.as(requester).task.publish(taskInput({ bounty }));
	return { requester, worker, taskId: task.id, bounty };
}

async function claimedTask(): Promise<Scene> {
	const scene = await openTask();
	expect(await app.as(scene.worker).task.claim({ taskId: scene.taskId })).toEqual({ status: 'claimed' });
	return scene;
}

async function submittedTask(): Promise<Scene & { handoverId: string }> {
	const scene = await claimedTask();
	const handover = await app
		.as(scene.worker)
		.handover.submit({ taskId: scene.taskId, report: 'Done', fileIds: [] });
	return { ...scene, handoverId: handover.id };
}

async function disputedTask(): Promise<Scene & { disputeId: string }> {
	const scene = await claimedTask();
	const dispute = await app
		.as(scene.worker)
		.dispute.open({ taskId: scene.taskId, statement: 'The requester changed what they want.' });
	return { ...scene, disputeId: dispute.id };
}

/** After a payout: the worker got bounty − fee, the requester nothing back. */
async function expectPaidOut(scene: Scene) {
	const { fee, payout } = splitCommission(scene.bounty, BPS);
	expect(await balanceOfWallet(app.db, scene.worker.id)).toBe(payout);
	expect(await balanceOfWallet(app.db, scene.requester.id)).toBe(0n);
	const transfers = await app.db.transfer.findMany({
		where: { taskId: scene.taskId, code: { in: ['RELEASE', 'COMMISSION'] } }
	});
	expect(transfers.map((t) => t.amount).sort()).toEqual([fee, payout].sort());
}

/** After a refund: the requester has the whole bounty back, the worker nothing. */
async function expectRefunded(scene: Scene) {
	expect(await balanceOfWallet(app.db, scene.requester.id)).toBe(scene.bounty);
	expect(await balanceOfWallet(app.db, scene.worker.id)).toBe(0n);
	const out = await app.db.transfer.count({
		where: { taskId: scene.taskId, code: { in: ['RELEASE', 'COMMISSION'] } }
	});
	expect(out).toBe(0);
	expect(await app.db.transfer.count({ where: { taskId: scene.taskId, code: 'REFUND' } })).toBe(1);
}

describe('two actions on one task at once', () => {
	it('admin approve vs admin force-cancel: paid out or refunded, never both', async () => {
		const outcomes = new Set<string>();
		for (let i = 0; i < ROUNDS; i++) {
			const s = await submittedTask();
			const result = await rotated(
				i,
				() => app.as(admin).admin.approve({ handoverId: s.handoverId }),
				() => app.as(admin).admin.forceCancel({ taskId: s.taskId, reason: 'Fraud suspected' })
			);
			const winner = exactlyOne(result, ['task_wrong_status', 'handover_already_reviewed']);
			const task = await expectEscrowMatches(s.taskId);
			const actions = (await audits([s.taskId, s.handoverId])).map((a) => a.action);
			if (winner === 0) {
				expect(task.status).toBe('COMPLETED');
				await expectPaidOut(s);
				expect(actions).toEqual(['admin.approve']);
				expect((await notes(s.taskId)).filter((n) => n.kind === 'cancelled')).toEqual([]);
			} else {
				expect(task.status).toBe('CANCELLED');
				await expectRefunded(s);
				expect(actions).toEqual(['admin.forceCancel']);
				expect((await notes(s.taskId)).filter((n) => n.kind === 'paid' || n.kind === 'approved')).toEqual([]);
				const handover = await app.db.handover.findUniqueOrThrow({ where: { id: s.handoverId } });
				expect(handover.status).toBe('REJECTED');
			}
			outcomes.add(task.status);
		}
		await expectBalancedLedger();
		expect([...outcomes].sort()).toEqual(['CANCELLED', 'COMPLETED']);
	});

	it('admin approve vs the requester opening a dispute: paid out, or disputed with the escrow whole', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const s = await submittedTask();
			const result = await rotated(
				i,
				() => app.as(admin).admin.approve({ handoverId: s.handoverId }),
				() =>
					app.as(s.requester).dispute.open({ taskId: s.taskId, statement: 'This is not what I asked for.' })
			);
			const winner = exactlyOne(result, ['task_wrong_status']);
			const task = await expectEscrowMatches(s.taskId);
			const disputes = await app.db.dispute.count({ where: { taskId: s.taskId } });
			if (winner === 0) {
				expect(task.status).toBe('COMPLETED');
				expect(disputes).toBe(0);
				await expectPaidOut(s);
			} else {
				expect(task.status).toBe('DISPUTED');
				expect(disputes).toBe(1);
				expect(await balanceOfWallet(app.db, s.worker.id)).toBe(0n);
				expect(await audits([s.handoverId])).toEqual([]);
			}
		}
		await expectBalancedLedger();
	});

	it('admin approve vs admin reject of the same handover: one decision', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const s = await submittedTask();
			const result = await rotated(
				i,
				() => app.as(admin).admin.approve({ handoverId: s.handoverId }),
				() => app.as(admin).admin.reject({ handoverId: s.handoverId, reason: 'The photos are blurred' })
			);
			const winner = exactlyOne(result, ['handover_already_reviewed']);
			const task = await expectEscrowMatches(s.taskId);
			expect(task.status).toBe(winner === 0 ? 'COMPLETED' : 'CLAIMED');
			if (winner === 0) await expectPaidOut(s);
			else expect(await balanceOfWallet(app.db, s.worker.id)).toBe(0n);
			expect(await audits([s.handoverId])).toHaveLength(1);
		}
		await expectBalancedLedger();
	});

	it('admin approve vs auto-release of a confirmed handover: paid once', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const s = await submittedTask();
			await app.as(s.requester).handover.confirm({ taskId: s.taskId });
			const confirmed = await app.db.handover.findUniqueOrThrow({ where: { id: s.handoverId } });
			const due = addHours(confirmed.requesterAt!, 72);
			const [approval, sweep] = await Promise.allSettled([
				app.as(admin).admin.approve({ handoverId: s.handoverId }),
				autoReleaseDue(deps(), due)
			]);
			expect(sweep.status).toBe('fulfilled');
			const handover = await app.db.handover.findUniqueOrThrow({ where: { id: s.handoverId } });
			if (won(approval)) {
				expect(handover.autoReleased).toBe(false);
				expect(handover.reviewerId).toBe(admin.id);
			} else {
				expectRefused(approval, ['handover_already_reviewed']);
				expect(handover.autoReleased).toBe(true);
			}
			expect((await expectEscrowMatches(s.taskId)).status).toBe('COMPLETED');
			await expectPaidOut(s);
			expect((await notes(s.taskId)).filter((n) => n.kind === 'paid')).toHaveLength(1);
		}
		await expectBalancedLedger();
	});

	it('two rejects reaching the rework limit at once: one rejection, one dispute', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const s = await submittedTask();
			// Use the one rework round (MAX_REWORK_ROUNDS = 1), hand over again: the next reject disputes.
			await app.as(admin).admin.reject({ handoverId: s.handoverId, reason: 'Redo it please' });
			const second = await app
				.as(s.worker)
				.handover.submit({ taskId: s.taskId, report: 'Redone', fileIds: [] });
			const result = await race(
				() => app.as(admin).admin.reject({ handoverId: second.id, reason: 'Still wrong' }),
				() => app.as(admin).admin.reject({ handoverId: second.id, reason: 'Still wrong!' })
			);
			exactlyOne(result, ['handover_already_reviewed']);
			const task = await expectEscrowMatches(s.taskId);
			expect(task.status).toBe('DISPUTED');
			expect(await app.db.dispute.count({ where: { taskId: s.taskId } })).toBe(1);
			expect((await notes(s.taskId)).filter((n) => n.kind === 'disputed')).toHaveLength(2);
			expect(await audits([second.id])).toHaveLength(1);
		}
		await expectBalancedLedger();
	});

	it('the worker consenting to cancel vs the worker handing over: cancelled or submitted', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const s = await claimedTask();
			await app.as(s.requester).task.requestCancel({ taskId: s.taskId });
			const result = await race(
				() => app.as(s.worker).task.consentCancel({ taskId: s.taskId }),
				() => app.as(s.worker).handover.submit({ taskId: s.taskId, report: 'Done anyway', fileIds: [] })
			);
			const winner = exactlyOne(result, ['task_wrong_status']);
			const task = await expectEscrowMatches(s.taskId);
			const handovers = await app.db.handover.count({ where: { taskId: s.taskId } });
			if (winner === 0) {
				expect(task.status).toBe('CANCELLED');
				expect(handovers).toBe(0);
				await expectRefunded(s);
			} else {
				expect(task.status).toBe('SUBMITTED');
				expect(task.cancelRequestedAt).toBeNull();
				expect(handovers).toBe(1);
				expect(await balanceOfWallet(app.db, s.requester.id)).toBe(0n);
			}
		}
		await expectBalancedLedger();
	});

	it('the lapse sweep vs a handover at the deadline: lapsed or handed over, never both', async () => {
		const outcomes = new Set<string>();
		for (let i = 0; i < ROUNDS; i++) {
			const s = await claimedTask();
			const deadline = new Date(Date.now() + 15 + (i % 5) * 5);
			await app.db.task.update({ where: { id: s.taskId }, data: { claimExpiresAt: deadline } });
			await new Promise((resolve) => setTimeout(resolve, 10));
			const [lapse, submit] = await rotated(
				i,
				() => lapseDueClaims(deps(), deadline),
				() => app.as(s.worker).handover.submit({ taskId: s.taskId, report: 'Just in time', fileIds: [] })
			);
			expect(lapse.status).toBe('fulfilled');
			const task = await expectEscrowMatches(s.taskId);
			const lapses = await app.db.claimLapse.count({ where: { taskId: s.taskId } });
			const handovers = await app.db.handover.count({ where: { taskId: s.taskId } });
			if (won(submit)) {
				expect([task.status, lapses, handovers]).toEqual(['SUBMITTED', 0, 1]);
			} else {
				expectRefused(submit, ['task_claim_lapsed', 'task_not_claimant']);
				expect([task.status, task.claimantId, lapses, handovers]).toEqual(['OPEN', null, 1, 0]);
			}
			outcomes.add(task.status);
		}
		await expectBalancedLedger();
		expect([...outcomes].sort()).toEqual(['OPEN', 'SUBMITTED']);
	});

	it('resolving a dispute vs force-cancelling the task: the dispute decides, force-cancel is refused', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const s = await disputedTask();
			const workerAmount = s.bounty / 3n;
			const result = await race(
				() =>
					app
						.as(admin)
						.admin.resolveDispute({ disputeId: s.disputeId, workerAmount, reason: 'Split fairly' }),
				() => app.as(admin).admin.forceCancel({ taskId: s.taskId, reason: 'Fraud suspected' })
			);
			expect(exactlyOne(result, ['task_wrong_status'])).toBe(0);
			expect((await expectEscrowMatches(s.taskId)).status).toBe('COMPLETED');
			const { fee, payout } = splitCommission(workerAmount, BPS);
			expect(await balanceOfWallet(app.db, s.worker.id)).toBe(payout);
			expect(await balanceOfWallet(app.db, s.requester.id)).toBe(s.bounty - workerAmount);
			expect(payout + fee + (s.bounty - workerAmount)).toBe(s.bounty);
			expect((await audits([s.taskId, s.disputeId])).map((a) => a.action)).toEqual(['admin.resolveDispute']);
		}
		await expectBalancedLedger();
	});

	it('two different decisions of one dispute at once: one split', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const s = await disputedTask();
			const result = await race(
				() =>
					app.as(admin).admin.resolveDispute({ disputeId: s.disputeId, workerAmount: 0n, reason: 'Refund' }),
				() =>
					app
						.as(admin)
						.admin.resolveDispute({ disputeId: s.disputeId, workerAmount: s.bounty, reason: 'Award' })
			);
			const winner = exactlyOne(result, ['dispute_already_resolved', 'task_wrong_status']);
			const task = await expectEscrowMatches(s.taskId);
			if (winner === 0) {
				expect(task.status).toBe('CANCELLED');
				await expectRefunded({ ...s });
			} else {
				expect(task.status).toBe('COMPLETED');
				await expectPaidOut(s);
			}
		}
		await expectBalancedLedger();
	});

	it('force-cancel vs the worker opening a dispute on a claimed task', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const s = await claimedTask();
			const result = await race(
				() => app.as(admin).admin.forceCancel({ taskId: s.taskId, reason: 'Rule broken' }),
				() => app.as(s.worker).dispute.open({ taskId: s.taskId, statement: 'Please decide between us.' })
			);
			const winner = exactlyOne(result, ['task_wrong_status']);
			const task = await expectEscrowMatches(s.taskId);
			expect(task.status).toBe(winner === 0 ? 'CANCELLED' : 'DISPUTED');
			expect(await app.db.dispute.count({ where: { taskId: s.taskId } })).toBe(winner === 0 ? 0 : 1);
		}
		await expectBalancedLedger();
	});

	it('consent-cancel vs force-cancel: the escrow is refunded once', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const s = await claimedTask();
			await app.as(s.requester).task.requestCancel({ taskId: s.taskId });
			const result = await race(
				() => app.as(s.worker).task.consentCancel({ taskId: s.taskId }),
				() => app.as(admin).admin.forceCancel({ taskId: s.taskId, reason: 'Cleaning up' })
			);
			const winner = exactlyOne(result, ['task_wrong_status']);
			expect((await expectEscrowMatches(s.taskId)).status).toBe('CANCELLED');
			await expectRefunded(s);
			expect(await audits([s.taskId])).toHaveLength(winner === 0 ? 0 : 1);
		}
		await expectBalancedLedger();
	});

	it('the requester cancelling vs a worker claiming an open task', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const s = await openTask();
			const [cancel, claim] = await race(
				() => app.as(s.requester).task.cancel({ taskId: s.taskId }),
				() => app.as(s.worker).task.claim({ taskId: s.taskId })
			);
			const claimed = won(claim) && (claim.value as { status: string }).status === 'claimed';
			const task = await expectEscrowMatches(s.taskId);
			if (claimed) {
				expectRefused(cancel, ['task_needs_consent']);
				expect([task.status, task.claimantId]).toEqual(['CLAIMED', s.worker.id]);
			} else {
				expect(won(cancel)).toBe(true);
				expect(claim).toMatchObject({
					status: 'fulfilled',
					value: { status: 'rejected', reason: 'not_open' }
				});
				expect(task.status).toBe('CANCELLED');
				await expectRefunded(s);
			}
		}
		await expectBalancedLedger();
	});

	it('raising the bounty vs a claim: never raised under a worker, escrow always = bounty', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const s = await openTask();
			await app.fund(s.requester, 5_000n);
			const raised = s.bounty + 5_000n;
			const [raise, claim] = await race(
				() => app.as(s.requester).task.raiseBounty({ taskId: s.taskId, bounty: raised }),
				() => app.as(s.worker).task.claim({ taskId: s.taskId })
			);
			expect(claim).toMatchObject({ status: 'fulfilled', value: { status: 'claimed' } });
			const task = await expectEscrowMatches(s.taskId);
			if (won(raise)) {
				expect(task.bounty).toBe(raised);
				expect(await balanceOfWallet(app.db, s.requester.id)).toBe(0n);
				// The raise committed first: the claim happened after it.
				const hold = await app.db.transfer.findFirstOrThrow({
					where: { key: `raise:${s.taskId}:${raised}` }
				});
				expect(task.claimedAt!.getTime()).toBeGreaterThanOrEqual(hold.createdAt.getTime() - 5);
			} else {
				expectRefused(raise, ['task_wrong_status']);
				expect(task.bounty).toBe(s.bounty);
				expect(await balanceOfWallet(app.db, s.requester.id)).toBe(5_000n);
			}
		}
		await expectBalancedLedger();
	});
});

describe('money racing money', () => {
	it('a withdrawal vs publishing a task with the same balance: one of them, never an overdraft', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const user = await app.user();
			await app.fund(user, 7_000n);
			const result = await race(
				() => app.as(user).wallet.withdraw({ amount: 7_000n, destination: 'ICBC 6222 0000 1111' }),
				() => app.as(user).task.publish(taskInput({ bounty: 7_000n }))
			);
			exactlyOne(result, ['insufficient_funds']);
			expect(await balanceOfWallet(app.db, user.id)).toBe(0n);
			const tasks = await app.db.task.count({ where: { requesterId: user.id } });
			const withdrawals = await app.db.withdrawal.count({ where: { userId: user.id } });
			expect(tasks + withdrawals).toBe(1);
		}
		await expectBalancedLedger();
	});

	it('paying out vs refusing one withdrawal at once: decided once', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const user = await app.user();
			await app.fund(user, 3_000n);
			const w = await app.as(user).wallet.withdraw({ amount: 3_000n, destination: 'ICBC 6222 0000 1111' });
			const result = await race(
				() => app.as(admin).admin.markWithdrawalPaid({ withdrawalId: w.id, reference: 'BANK-REF-1' }),
				() => app.as(admin).admin.refuseWithdrawal({ withdrawalId: w.id, reason: 'Account closed' })
			);
			const winner = exactlyOne(result, ['withdrawal_already_decided']);
			expect(await balanceOfWallet(app.db, user.id)).toBe(winner === 0 ? 0n : 3_000n);
			expect(
				await app.db.notification.count({ where: { userId: user.id, kind: { startsWith: 'withdrawal_' } } })
			).toBe(1);
			expect(await audits([w.id])).toHaveLength(1);
		}
		await expectBalancedLedger();
	});

	it('confirming vs cancelling one pending bank deposit at once: credited once or not at all', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const user = await app.user();
			const { deposit } = await app.as(user).wallet.deposit({ provider: 'bank_transfer', amount: 4_000n });
			const result = await race(
				() => app.as(admin).admin.confirmDeposit({ depositId: deposit.id }),
				() => app.as(admin).admin.cancelDeposit({ depositId: deposit.id, reason: 'Never arrived' })
			);
			const winner = exactlyOne(result, ['deposit_already_decided']);
			expect(await balanceOfWallet(app.db, user.id)).toBe(winner === 0 ? 4_000n : 0n);
			expect(await audits([deposit.id])).toHaveLength(1);
		}
		await expectBalancedLedger();
	});

	it('a payout and a dispute decision crossing the same wallets (worker here, requester there) never deadlock for good', async () => {
		// A is the worker of one task and the requester of a disputed one whose worker B is paid: both
		// transactions touch A's wallet and the platform's revenue. PostgreSQL would break a deadlock after a
		// second and inTransaction would retry, so count the deadlocks the database saw instead.
		const deadlocks = async () => {
			// Statistics reach pg_stat_database up to a second after the transaction that counts them.
			await new Promise((resolve) => setTimeout(resolve, 1_500));
			const [row] = await app.db.$queryRaw<[{ n: bigint }]>`
				SELECT "deadlocks" AS n FROM pg_stat_database WHERE datname = current_database()`;
			return row.n;
		};
		const before = await deadlocks();
		for (let i = 0; i < ROUNDS; i++) {
			const a = await submittedTask();
			const b = await app.user();
			const bounty = 8_001n;
			await app.fund(a.worker, bounty);
			const other = await app.as(a.worker).task.publish(taskInput({ bounty }));
			await app.as(b).task.claim({ taskId: other.id });
			const dispute = await app
				.as(b)
				.dispute.open({ taskId: other.id, statement: 'Please decide between us.' });
			const result = await race(
				() => app.as(admin).admin.approve({ handoverId: a.handoverId }),
				() =>
					app
						.as(admin)
						.admin.resolveDispute({ disputeId: dispute.id, workerAmount: bounty / 2n, reason: 'Half' })
			);
			expect(result.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual([
				'fulfilled',
				'fulfilled'
			]);
			await expectEscrowMatches(a.taskId);
			await expectEscrowMatches(other.id);
		}
		expect(await deadlocks()).toBe(before);
		await expectBalancedLedger();
	});
});

describe('mutation ids', () => {
	it('one mutationId sent by two users at once takes effect for one of them only', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const [x, y] = await Promise.all([openTask(), openTask()]);
			const mutationId = randomUUID();
			const result = await race(
				() => app.as(x.worker).task.claim({ taskId: x.taskId, mutationId }),
				() => app.as(y.worker).task.claim({ taskId: y.taskId, mutationId })
			);
			const winner = exactlyOne(result, ['mutation_id_reused']);
			const [tx, ty] = await Promise.all([expectEscrowMatches(x.taskId), expectEscrowMatches(y.taskId)]);
			expect([tx.status, ty.status]).toEqual(winner === 0 ? ['CLAIMED', 'OPEN'] : ['OPEN', 'CLAIMED']);
		}
	});

	it('one mutationId used for two procedures by one user at once takes effect once', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const user = await app.user();
			await app.fund(user, 6_000n);
			const mutationId = randomUUID();
			const result = await race(
				() =>
					app.as(user).wallet.withdraw({ mutationId, amount: 2_000n, destination: 'ICBC 6222 0000 1111' }),
				() => app.as(user).task.publish(taskInput({ mutationId, bounty: 2_000n }))
			);
			exactlyOne(result, ['mutation_id_reused']);
			expect(await balanceOfWallet(app.db, user.id)).toBe(4_000n);
			// The winner's replay still answers; the loser's name is still refused.
			const again = await Promise.allSettled([
				app.as(user).wallet.withdraw({ mutationId, amount: 2_000n, destination: 'ICBC 6222 0000 1111' }),
				app.as(user).task.publish(taskInput({ mutationId, bounty: 2_000n }))
			]);
			exactlyOne(again as [Settled, Settled], ['mutation_id_reused']);
			expect(await balanceOfWallet(app.db, user.id)).toBe(4_000n);
		}
		await expectBalancedLedger();
	});

	it('a replayed approve with the same mutationId pays once, even sent together', async () => {
		for (let i = 0; i < ROUNDS; i++) {
			const s = await submittedTask();
			const mutationId = randomUUID();
			const results = await Promise.allSettled(
				[1, 2, 3].map(() => app.as(admin).admin.approve({ handoverId: s.handoverId, mutationId }))
			);
			expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
			await expectPaidOut(s);
			expect(await audits([s.handoverId])).toHaveLength(1);
		}
		await expectBalancedLedger();
	});
});

describe('rounding', () => {
	it('fees and payouts add up to the bounty exactly for small and odd amounts', async () => {
		const before = await platformRevenue(app.db);
		let fees = 0n;
		for (const bounty of [1n, 2n, 3n, 15n, 16n, 149n, 151n, 9_999n, 10_001n]) {
			const [requester, worker] = await Promise.all([app.user(), app.user()]);
			await app.fund(requester, bounty);
			const task = await app.as(requester).task.publish(taskInput({ bounty }));
			await app.as(worker).task.claim({ taskId: task.id });
			const h = await app.as(worker).handover.submit({ taskId: task.id, report: 'Done', fileIds: [] });
			const paid = await app.as(admin).admin.approve({ handoverId: h.id });
			expect(paid.payout + paid.fee).toBe(bounty);
			expect(await balanceOfWallet(app.db, worker.id)).toBe(paid.payout);
			fees += paid.fee;
		}
		expect((await platformRevenue(app.db)) - before).toBe(fees);
		await expectBalancedLedger();
	});
});
