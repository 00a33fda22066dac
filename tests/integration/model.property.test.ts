// Model-based property test: fast-check drives random sequences of marketplace actions (publish, claim races,
// release, lapse, hand over, approve, reject, dispute, resolve, cancel, deposit, withdraw), several users at
// once, through the real routers against PostgreSQL, and keeps a model of what must have happened. After
// every step the system must agree with the model (who holds each task, its status, every wallet) and the
// invariants must hold: Σ balances = 0, no negative balance, each active task's escrow = its bounty, at
// most one holder per task (a race of concurrent claims has exactly one winner).
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCommission } from '$lib/domain/money';
import { isHeld, type TaskStatus } from '$lib/domain/task-state';
import type { PublicUser } from '$lib/server/auth/users';
import { lapseDueClaims } from '$lib/server/jobs/lapse';
import { verifyLedger } from '$lib/server/money/verify.js';
import { createTestApp, type TestApp } from './support/app';
import { ledgerAudit } from './support/ledger';
import { taskInput } from './fixtures';

const USERS = 4;
const COMMISSION_BPS = 1250; // 12.5 %: commission rounding matters
const MAX_ACTIVE_CLAIMS = 2;
const MAX_REWORK_ROUNDS = 2;
const WITHDRAWAL_MIN = 500n;
const WITHDRAWAL_FEE = 150n;

let app: TestApp;
let admin: PublicUser;
beforeAll(async () => {
	app = await createTestApp({
		COMMISSION_BPS: String(COMMISSION_BPS),
		MAX_ACTIVE_CLAIMS: String(MAX_ACTIVE_CLAIMS),
		MAX_REWORK_ROUNDS: String(MAX_REWORK_ROUNDS),
		WITHDRAWAL_MIN: String(WITHDRAWAL_MIN),
		WITHDRAWAL_FEE: String(WITHDRAWAL_FEE)
	});
	admin = await app.admin();
});
afterAll(() => app.close());

interface ModelTask {
	id: string;
	requester: number;
	bounty: bigint;
	status: TaskStatus;
	holder: number | null;
	reworkCount: number;
}

interface Model {
	wallets: bigint[];
	tasks: ModelTask[];
	/** Withdrawals waiting for an admin: the amount has left the wallet and is held. */
	withdrawals: { id: string; user: number; amount: bigint }[];
}

interface Real {
	users: PublicUser[];
}

type Command = fc.AsyncCommand<Model, Real>;

/** How often each action took effect across all runs: a guard against a model that never gets far. */
const effective = new Map<string, number>();
const count = (name: string) => effective.set(name, (effective.get(name) ?? 0) + 1);

const heldBy = (model: Model, user: number) =>
	model.tasks.filter((t) => t.holder === user && isHeld(t.status)).length;

/**
 * Picks a task for a command generated before any task existed: usually one in a status where the action
 * applies (so that runs get deep into the lifecycle), one time in five any task (so refusals are exercised).
 */
function pick(model: Model, n: number, applies: TaskStatus[]): ModelTask | undefined {
	const fitting = model.tasks.filter((t) => applies.includes(t.status));
	const pool = n % 5 === 0 || fitting.length === 0 ? model.tasks : fitting;
	return pool.length === 0 ? undefined : pool[n % pool.length];
}

async function expectRefused(call: Promise<unknown>) {
	await expect(call).rejects.toMatchObject({ name: 'TRPCError' });
}

// ── the commands ──────────────────────────────────────────────────────────────────────────────────────────

class Deposit implements Command {
	constructor(
		readonly user: number,
		readonly amount: bigint
	) {}
	check = () => true;
	async run(model: Model, real: Real) {
		await app.as(admin).admin.recordDeposit({
			userId: real.users[this.user]!.id,
			amount: this.amount,
			reference: `model-${randomUUID()}`
		});
		model.wallets[this.user]! += this.amount;
		count('deposit');
	}
	toString = () => `deposit(u${this.user}, ${this.amount})`;
}

class Publish implements Command {
	constructor(
		readonly user: number,
		readonly bounty: bigint
	) {}
	check = () => true;
	async run(model: Model, real: Real) {
		const call = app.as(real.users[this.user]!).task.publish(taskInput({ bounty: this.bounty }));
		if (model.wallets[this.user]! < this.bounty) {
			await expect(call).rejects.toMatchObject({ cause: { key: 'insufficient_funds' } });
			return;
		}
		const task = await call;
		model.wallets[this.user]! -= this.bounty;
		model.tasks.push({
			id: task.id,
			requester: this.user,
			bounty: this.bounty,
			status: 'OPEN',
			holder: null,
			reworkCount: 0
		});
		count('publish');
	}
	toString = () => `publish(u${this.user}, ${this.bounty})`;
}

/** Several workers claim one task at the same moment: at most one may win. */
class ClaimRace implements Command {
	constructor(
		readonly workers: number[],
		readonly task: number
	) {}
	check = (model: Model) => model.tasks.length > 0;
	async run(model: Model, real: Real) {
		const task = pick(model, this.task, ['OPEN'])!;
		const workers = [...new Set(this.workers)];
		const results = await Promise.all(
			workers.map((w) => app.as(real.users[w]!).task.claim({ taskId: task.id }))
		);
		const winners = workers.filter((_, i) => results[i]!.status === 'claimed');
		const eligible = workers.filter((w) => w !== task.requester && heldBy(model, w) < MAX_ACTIVE_CLAIMS);
		if (task.status !== 'OPEN' || eligible.length === 0) {
			// A replayed claim by the holder answers 'claimed'; nobody else wins.
			expect(winners.filter((w) => w !== task.holder)).toEqual([]);
			return;
		}
		expect(winners).toHaveLength(1);
		expect(eligible).toContain(winners[0]);
		task.status = 'CLAIMED';
		task.holder = winners[0]!;
		task.reworkCount = 0;
		count(workers.length > 1 ? 'claim race' : 'claim');
	}
	toString = () => `claimRace([${this.workers.map((w) => `u${w}`).join(',')}], t${this.task})`;
}

class Release implements Command {
	constructor(readonly task: number) {}
	check = (model: Model) => model.tasks.length > 0;
	async run(model: Model, real: Real) {
		const task = pick(model, this.task, ['CLAIMED'])!;
		const actor = real.users[task.holder ?? (task.requester + 1) % USERS]!;
		const call = app.as(actor).task.release({ taskId: task.id });
		if (task.status !== 'CLAIMED') return expectRefused(call);
		await call;
		Object.assign(task, { status: 'OPEN', holder: null, reworkCount: 0 });
		count('release');
	}
	toString = () => `release(t${this.task})`;
}

class Submit implements Command {
	constructor(readonly task: number) {}
	check = (model: Model) => model.tasks.length > 0;
	async run(model: Model, real: Real) {
		const task = pick(model, this.task, ['CLAIMED'])!;
		const actor = real.users[task.holder ?? (task.requester + 1) % USERS]!;
		const call = app.as(actor).handover.submit({ taskId: task.id, report: 'Done.', fileIds: [] });
		if (task.status !== 'CLAIMED') return expectRefused(call);
		await call;
		task.status = 'SUBMITTED';
		count('submit');
	}
	toString = () => `submit(t${this.task})`;
}

async function pendingHandoverId(taskId: string): Promise<string | undefined> {
	const handover = await app.db.handover.findFirst({ where: { taskId, status: 'PENDING' } });
	return handover?.id;
}

class Review implements Command {
	constructor(
		readonly task: number,
		readonly approve: boolean
	) {}
	check = (model: Model) => model.tasks.some((t) => t.status === 'SUBMITTED');
	async run(model: Model) {
		const task = pick(model, this.task * 5 + 1, ['SUBMITTED'])!;
		const handoverId = (await pendingHandoverId(task.id))!;
		if (this.approve) {
			const result = await app.as(admin).admin.approve({ handoverId });
			const { fee, payout } = splitCommission(task.bounty, COMMISSION_BPS);
			expect({ fee: result.fee, payout: result.payout }).toEqual({ fee, payout });
			model.wallets[task.holder!]! += payout;
			task.status = 'COMPLETED';
			count('approve');
			return;
		}
		await app.as(admin).admin.reject({ handoverId, reason: 'Please redo the photos.' });
		count('reject');
		if (task.reworkCount >= MAX_REWORK_ROUNDS) {
			task.status = 'DISPUTED';
			count('reject → dispute');
		} else {
			task.status = 'CLAIMED';
			task.reworkCount += 1;
		}
	}
	toString = () => `${this.approve ? 'approve' : 'reject'}(t${this.task})`;
}

class OpenDispute implements Command {
	constructor(
		readonly task: number,
		readonly byRequester: boolean
	) {}
	check = (model: Model) => model.tasks.length > 0;
	async run(model: Model, real: Real) {
		const task = pick(model, this.task, ['CLAIMED', 'SUBMITTED'])!;
		const opener = this.byRequester ? task.requester : (task.holder ?? (task.requester + 1) % USERS);
		const call = app
			.as(real.users[opener]!)
			.dispute.open({ taskId: task.id, statement: 'We disagree about what was agreed.' });
		if (task.status !== 'CLAIMED' && task.status !== 'SUBMITTED') return expectRefused(call);
		await call;
		task.status = 'DISPUTED';
		count('open dispute');
	}
	toString = () => `dispute(t${this.task}, ${this.byRequester ? 'requester' : 'worker'})`;
}

class Resolve implements Command {
	constructor(
		readonly task: number,
		readonly permille: number
	) {}
	check = (model: Model) => model.tasks.some((t) => t.status === 'DISPUTED');
	async run(model: Model) {
		const task = pick(model, this.task * 5 + 1, ['DISPUTED'])!;
		const dispute = await app.db.dispute.findFirstOrThrow({ where: { taskId: task.id, status: 'OPEN' } });
		const workerAmount = (task.bounty * BigInt(this.permille)) / 1000n;
		await app.as(admin).admin.resolveDispute({
			disputeId: dispute.id,
			workerAmount,
			reason: 'Decided on the evidence.'
		});
		const { payout } = splitCommission(workerAmount, COMMISSION_BPS);
		model.wallets[task.holder!]! += payout;
		model.wallets[task.requester]! += task.bounty - workerAmount;
		task.status = workerAmount === 0n ? 'CANCELLED' : 'COMPLETED';
		count('resolve');
	}
	toString = () => `resolve(t${this.task}, ${this.permille}‰)`;
}

class Cancel implements Command {
	constructor(readonly task: number) {}
	check = (model: Model) => model.tasks.length > 0;
	async run(model: Model, real: Real) {
		const task = pick(model, this.task, ['OPEN'])!;
		const call = app.as(real.users[task.requester]!).task.cancel({ taskId: task.id });
		if (task.status !== 'OPEN') return expectRefused(call);
		await call;
		model.wallets[task.requester]! += task.bounty;
		task.status = 'CANCELLED';
		count('cancel');
	}
	toString = () => `cancel(t${this.task})`;
}

/** The claim's deadline passes and the platform's timer runs: the task is open again. */
class Lapse implements Command {
	constructor(readonly task: number) {}
	check = (model: Model) => model.tasks.some((t) => t.status === 'CLAIMED');
	async run(model: Model) {
		const task = pick(model, this.task * 5 + 1, ['CLAIMED'])!;
		await app.db
			.$executeRaw`UPDATE "Task" SET "claimExpiresAt" = now() - interval '1 second' WHERE "id" = ${task.id}::uuid`;
		const lapsed = await lapseDueClaims({ db: app.db, config: app.config }, new Date());
		expect(lapsed).toBe(1);
		Object.assign(task, { status: 'OPEN', holder: null, reworkCount: 0 });
		count('lapse');
	}
	toString = () => `lapse(t${this.task})`;
}

class Withdraw implements Command {
	constructor(
		readonly user: number,
		readonly amount: bigint
	) {}
	check = () => true;
	async run(model: Model, real: Real) {
		const call = app
			.as(real.users[this.user]!)
			.wallet.withdraw({ amount: this.amount, destination: 'ICBC 6222 0000 1111' });
		const allowed =
			this.amount >= WITHDRAWAL_MIN &&
			this.amount > WITHDRAWAL_FEE &&
			model.wallets[this.user]! >= this.amount;
		if (!allowed) return expectRefused(call);
		const withdrawal = await call;
		model.wallets[this.user]! -= this.amount;
		model.withdrawals.push({ id: withdrawal.id, user: this.user, amount: this.amount });
		count('withdraw');
	}
	toString = () => `withdraw(u${this.user}, ${this.amount})`;
}

/** An admin pays a pending withdrawal out (the held money leaves) or refuses it (it returns). */
class DecideWithdrawal implements Command {
	constructor(
		readonly index: number,
		readonly pay: boolean
	) {}
	check = (model: Model) => model.withdrawals.length > 0;
	async run(model: Model) {
		const [withdrawal] = model.withdrawals.splice(this.index % model.withdrawals.length, 1);
		if (this.pay) {
			await app.as(admin).admin.markWithdrawalPaid({ withdrawalId: withdrawal!.id, reference: 'BANK-REF-1' });
			count('withdrawal paid');
		} else {
			await app
				.as(admin)
				.admin.refuseWithdrawal({ withdrawalId: withdrawal!.id, reason: 'Account name differs.' });
			model.wallets[withdrawal!.user]! += withdrawal!.amount;
			count('withdrawal refused');
		}
	}
	toString = () => `${this.pay ? 'pay' : 'refuse'}Withdrawal(${this.index})`;
}

// ── the checks after every step ───────────────────────────────────────────────────────────────────────────

async function expectAgreement(model: Model, real: Real) {
	const audit = await ledgerAudit(app.db);
	expect(audit).toMatchObject({ sum: 0n, mismatched: [], negative: [] });
	const verified = await verifyLedger((sql) => app.db.$queryRawUnsafe(sql));
	expect(verified).toMatchObject({ ok: true, sum: 0n });

	const wallets = await Promise.all(real.users.map((u) => app.as(u).wallet.get()));
	expect(wallets.map((w) => w.available)).toEqual(model.wallets);

	const rows = await app.db.task.findMany({
		where: { id: { in: model.tasks.map((t) => t.id) } },
		select: { id: true, status: true, claimantId: true }
	});
	const byId = new Map(rows.map((row) => [row.id, row]));
	for (const task of model.tasks) {
		const row = byId.get(task.id)!;
		const holder = isHeld(task.status) ? real.users[task.holder!]!.id : null;
		expect({ status: row.status, holder: isHeld(row.status) ? row.claimantId : null }).toEqual({
			status: task.status,
			holder
		});
	}
}

const user = fc.integer({ min: 0, max: USERS - 1 });
const taskIndex = fc.nat({ max: 50 });
const deposit = fc.tuple(user, fc.bigInt({ min: 1n, max: 30_000n })).map(([u, a]) => new Deposit(u, a));
const publish = fc.tuple(user, fc.bigInt({ min: 1n, max: 20_000n })).map(([u, b]) => new Publish(u, b));
const claimRace = fc
	.tuple(fc.array(user, { minLength: 1, maxLength: 3 }), taskIndex)
	.map(([ws, t]) => new ClaimRace(ws, t));
const release = taskIndex.map((t) => new Release(t));
const submit = taskIndex.map((t) => new Submit(t));
const review = fc.tuple(taskIndex, fc.boolean()).map(([t, a]) => new Review(t, a));
const dispute = fc.tuple(taskIndex, fc.boolean()).map(([t, r]) => new OpenDispute(t, r));
const resolve = fc
	.tuple(taskIndex, fc.constantFrom(0, 1, 333, 500, 999, 1000))
	.map(([t, p]) => new Resolve(t, p));
const cancel = taskIndex.map((t) => new Cancel(t));
const lapse = taskIndex.map((t) => new Lapse(t));
const withdraw = fc.tuple(user, fc.bigInt({ min: 100n, max: 20_000n })).map(([u, a]) => new Withdraw(u, a));
const decideWithdrawal = fc.tuple(fc.nat(), fc.boolean()).map(([i, pay]) => new DecideWithdrawal(i, pay));
// Repeats weight the choice towards the actions that move tasks along their lifecycle.
const commands = [
	deposit,
	publish,
	publish,
	claimRace,
	claimRace,
	claimRace,
	release,
	submit,
	submit,
	submit,
	review,
	review,
	review,
	review,
	dispute,
	resolve,
	resolve,
	cancel,
	lapse,
	withdraw,
	decideWithdrawal
];

describe('the marketplace against its model', () => {
	it('keeps money and holders right through random sequences of actions', async () => {
		await fc.assert(
			fc.asyncProperty(fc.commands(commands, { maxCommands: 60, size: 'max' }), async (cmds) => {
				const users = await Promise.all(Array.from({ length: USERS }, () => app.user()));
				// Everyone starts with some money (users 0 and 1 more), so that publishing is common.
				const start = users.map((_, i) => (i < 2 ? 60_000n : 5_000n));
				await Promise.all(users.map((u, i) => app.fund(u, start[i]!)));
				const model: Model = { wallets: start, tasks: [], withdrawals: [] };
				const real: Real = { users };
				await fc.asyncModelRun(
					() => ({ model, real }),
					[...cmds].map((command) => ({
						check: (m: Readonly<Model>) => command.check(m as Model),
						run: async (m: Model, r: Real) => {
							await command.run(m, r);
							await expectAgreement(m, r);
						},
						toString: () => command.toString()
					}))
				);
			}),
			{ numRuns: 15, seed: Number(process.env.MODEL_SEED ?? 20261129), endOnFailure: true }
		);
		console.log('Actions that took effect:', Object.fromEntries(effective));
		// Every action must have happened for real, or the model proved little.
		for (const name of [
			'publish',
			'claim',
			'claim race',
			'release',
			'submit',
			'approve',
			'reject',
			'open dispute',
			'resolve',
			'cancel'
		]) {
			expect(effective.get(name) ?? 0, name).toBeGreaterThan(0);
		}
	}, 600_000);
});
