// Model-based property test: fast-check drives random sequences of every action that moves money or
// holders (publish, claim races, release, lapse, hand over, confirm and object, approve, reject, auto-release,
// disputes and their resolution, cancel, the cancel consent flow, force-cancel, edit and raise, deposit,
// withdraw, pay and refuse, offline sync pushes with replays and reorderings, mutation-id replays), several
// users at once, through the real routers against PostgreSQL, on a fresh database per run. After every
// step the system must agree with the model: who holds each task, its status, bounty, title and cancel
// request, every wallet's available, held and withdrawing amounts, the platform's revenue; the ledger
// balances (Σ = 0, no negative account, balances = their transfers). A refusal must carry the key the model
// predicts: a crash (500) or any other error fails.
//
// `npm test` runs until MODEL_STEPS (default 1 000) actions took effect, with a fixed seed;
// `npm run test:model` runs 10 000 with a random seed. Either prints its seed; MODEL_SEED=<n> replays one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app';
import * as c from './commands';
import * as m from './model';
import * as wallet from './money-commands';
import { SyncPush } from './sync-commands';
import { expectAgreement, type Real } from './world';

const TARGET = Number(process.env.MODEL_STEPS ?? 1000);
const SEED =
	process.env.MODEL_SEED === 'random'
		? Math.floor(Math.random() * 2 ** 31)
		: Number(process.env.MODEL_SEED ?? 20261203);
const RUNS_PER_BATCH = 4;

const effective = new Map<string, number>();
const count = (name: string) => effective.set(name, (effective.get(name) ?? 0) + 1);
const total = () => [...effective.values()].reduce((a, b) => a + b, 0);

const user = fc.integer({ min: 0, max: m.USERS - 1 });
// Below USERS a given user, above it the one the action is meant for (so most actions apply).
const who = fc.integer({ min: 0, max: m.USERS * 3 });
const taskIndex = fc.nat({ max: 50 });
const act = (name: ConstructorParameters<typeof c.Act>[0]) =>
	fc.tuple(taskIndex, who).map(([t, w]) => new c.Act(name, t, w));
const money = (min: bigint, max: bigint) =>
	fc.oneof(fc.constant(min), fc.constant(max), fc.bigInt({ min, max }));

// Weights make every action happen in every run of a few hundred steps.
const commands = [
	{ arbitrary: fc.tuple(user, money(1n, 30_000n)).map(([u, a]) => new wallet.Deposit(u, a)), weight: 1 },
	{ arbitrary: fc.tuple(user, money(1n, 20_000n)).map(([u, b]) => new c.Publish(u, b)), weight: 4 },
	{
		arbitrary: fc
			.tuple(fc.array(user, { minLength: 1, maxLength: 3 }), taskIndex)
			.map(([ws, t]) => new c.ClaimRace(ws, t)),
		weight: 5
	},
	{ arbitrary: act('release'), weight: 1 },
	{ arbitrary: act('submit'), weight: 5 },
	{ arbitrary: act('cancel'), weight: 1 },
	{ arbitrary: act('requestCancel'), weight: 2 },
	{ arbitrary: act('consentCancel'), weight: 2 },
	{ arbitrary: act('declineCancel'), weight: 2 },
	{ arbitrary: act('confirm'), weight: 2 },
	{ arbitrary: act('object'), weight: 1 },
	{ arbitrary: act('openDispute'), weight: 1 },
	{ arbitrary: act('edit'), weight: 1 },
	{ arbitrary: act('raise'), weight: 1 },
	{ arbitrary: taskIndex.map((t) => new c.ForceCancel(t)), weight: 1 },
	{ arbitrary: fc.tuple(taskIndex, fc.boolean()).map(([t, a]) => new c.Review(t, a)), weight: 5 },
	{
		arbitrary: fc
			.tuple(taskIndex, fc.constantFrom(0, 1, 333, 500, 999, 1000))
			.map(([t, p]) => new c.Resolve(t, p)),
		weight: 2
	},
	{ arbitrary: taskIndex.map((t) => new c.Lapse(t)), weight: 1 },
	{ arbitrary: fc.constant(null).map(() => new c.AutoRelease()), weight: 1 },
	{ arbitrary: fc.tuple(user, money(100n, 20_000n)).map(([u, a]) => new wallet.Withdraw(u, a)), weight: 1 },
	{
		arbitrary: fc.tuple(fc.nat(), fc.boolean()).map(([i, pay]) => new wallet.DecideWithdrawal(i, pay)),
		weight: 1
	},
	{
		arbitrary: fc.tuple(fc.nat(), fc.boolean()).map(([i, altered]) => new wallet.Replay(i, altered)),
		weight: 2
	},
	{
		arbitrary: fc
			.tuple(
				user,
				fc.array(
					fc.record({
						act: fc.constantFrom('claim', 'release', 'submit', 'cancel' as const),
						task: taskIndex
					}),
					{ minLength: 1, maxLength: 4 }
				),
				fc.array(fc.nat(), { maxLength: 2 }),
				fc.array(fc.nat({ max: 9 }), { minLength: 1, maxLength: 6 })
			)
			.map(([u, items, replays, order]) => new SyncPush(u, items, replays, order)),
		weight: 3
	}
].flatMap(({ arbitrary, weight }) =>
	Array.from({ length: weight }, () => arbitrary as fc.Arbitrary<c.Command>)
);

const property = fc.asyncProperty(fc.commands(commands, { maxCommands: 120, size: 'max' }), async (cmds) => {
	const app = await createTestApp({
		COMMISSION_BPS: String(m.COMMISSION_BPS),
		MAX_ACTIVE_CLAIMS: String(m.MAX_ACTIVE_CLAIMS),
		MAX_REWORK_ROUNDS: String(m.MAX_REWORK_ROUNDS),
		WITHDRAWAL_MIN: String(m.WITHDRAWAL_MIN),
		WITHDRAWAL_FEE: String(m.WITHDRAWAL_FEE),
		AUTO_RELEASE_HOURS: String(m.AUTO_RELEASE_HOURS)
	});
	try {
		const [admin, ...users] = await Promise.all([
			app.admin(),
			...Array.from({ length: m.USERS }, () => app.user())
		]);
		// Everyone starts with some money (users 0 and 1 more), so that publishing is common.
		const start = users.map((_, i) => (i < 2 ? 60_000n : 5_000n));
		for (const [i, u] of users.entries()) await app.fund(u, start[i]!);
		const model: m.Model = {
			available: start,
			withdrawing: users.map(() => 0n),
			revenue: 0n,
			tasks: [],
			withdrawals: []
		};
		const real: Real = { app, admin: admin!, users, recorded: [], synced: [], count };
		await fc.asyncModelRun(
			() => ({ model, real }),
			[...cmds].map((command) => ({
				check: (state: Readonly<m.Model>) => command.check(state as m.Model),
				run: async (state: m.Model, world: Real) => {
					await command.run(state, world);
					await expectAgreement(state, world);
				},
				toString: () => command.toString()
			}))
		);
	} finally {
		await app.close();
	}
});

describe('the marketplace against its model', () => {
	it(`keeps money and holders right through ${TARGET} actions that take effect`, async () => {
		console.log(`Model test: seed ${SEED} (MODEL_SEED=${SEED} replays it), target ${TARGET} actions`);
		for (let batch = 0; total() < TARGET; batch++) {
			const before = total();
			const seed = SEED + batch;
			try {
				await fc.assert(property, { numRuns: RUNS_PER_BATCH, seed, endOnFailure: true });
			} catch (error) {
				throw new Error(`Model test failed in batch ${batch} (fast-check seed ${seed}; MODEL_SEED=${SEED})`, {
					cause: error
				});
			}
			expect(total(), 'a batch of runs in which nothing took effect').toBeGreaterThan(before);
		}
		console.log(`Actions that took effect (${total()}):`, Object.fromEntries(effective));
		// Every action must have happened for real, or the model proved little.
		for (const name of [
			'deposit',
			'publish',
			'claim',
			'claim race',
			'release',
			'submit',
			'cancel',
			'requestCancel',
			'consentCancel',
			'declineCancel',
			'confirm',
			'object',
			'openDispute',
			'edit',
			'raise',
			'force cancel',
			'approve',
			'reject',
			'reject → dispute',
			'auto-release',
			'resolve',
			'lapse',
			'withdraw',
			'withdrawal paid',
			'withdrawal refused',
			'replay',
			'replay with other input',
			'sync claim',
			'sync release',
			'sync submit',
			'sync cancel',
			'sync replay',
			'sync reordered'
		]) {
			expect(effective.get(name) ?? 0, name).toBeGreaterThan(0);
		}
		expect(total()).toBeGreaterThanOrEqual(TARGET);
	}, 3_600_000);
});
