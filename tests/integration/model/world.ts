// The real side of the model test: a private app per run, calls by procedure path (so that any recorded
// call can be sent again with its mutationId), the refusal check, and the agreement check after each step.
import { expect } from 'vitest';
import type { SyncableMutation } from '$lib/domain/schemas/sync';
import type { PublicUser } from '$lib/server/auth/users';
import { verifyLedger } from '$lib/server/money/verify.js';
import type { TestApp } from '../support/app';
import { ledgerAudit, platformRevenue } from '../support/ledger';
import { heldOf, isHeld, type Model, type Outcome } from './model';

export interface Real {
	app: TestApp;
	admin: PublicUser;
	users: PublicUser[];
	/** Calls made with a mutationId that took effect, for the replay command. */
	recorded: Recorded[];
	/** Mutations pushed through sync, for replays in later batches. */
	synced: Synced[];
	/** What each action's effect was counted as, across all runs. */
	count(name: string): void;
}

export interface Recorded {
	who: number | 'admin';
	path: string;
	input: Record<string, unknown> & { mutationId: string };
	result: unknown;
}

export interface Synced {
	user: number;
	mutation: { id: string; name: SyncableMutation; args: Record<string, unknown>; createdAt: Date };
	/** The server kept its answer (applied, or a claim refused as an answer): a replay gets it back. */
	answer: { status: string; reason?: string } | null;
}

type Procedure = (input: unknown) => Promise<unknown>;

/** Calls `path` ("task.claim") as user `who` (or the admin). */
export function call(real: Real, who: number | 'admin', path: string, input: unknown): Promise<unknown> {
	const [namespace, name] = path.split('.') as [string, string];
	const caller = real.app.as(who === 'admin' ? real.admin : real.users[who]!) as unknown as Record<
		string,
		Record<string, Procedure>
	>;
	return caller[namespace]![name]!(input);
}

/** The error a refused call must fail with: a typed error with that key, never a crash. */
export async function expectRefusedWith(promise: Promise<unknown>, key: string) {
	const error = await promise.then(
		(value) => expect.fail(`expected a refusal (${key}), got ${JSON.stringify(value, bigints)}`),
		(reason: unknown) => reason as { name?: string; code?: string; cause?: { key?: string } }
	);
	expect(error.code, String(error)).not.toBe('INTERNAL_SERVER_ERROR');
	expect({ name: error.name, key: error.cause?.key }, String(error)).toEqual({ name: 'TRPCError', key });
}

const bigints = (_: string, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value);

/**
 * Sends a call the model has decided: on success applies the change, records the call for replays and
 * counts `name`; on refusal expects exactly the predicted key.
 */
export async function perform(
	real: Real,
	outcome: Outcome,
	who: number | 'admin',
	path: string,
	input: Record<string, unknown>,
	name: string
): Promise<unknown> {
	const recorded = { ...input, mutationId: crypto.randomUUID() };
	const promise = call(real, who, path, recorded);
	if (!outcome.ok) return expectRefusedWith(promise, outcome.key);
	const result = await promise;
	outcome.apply();
	real.recorded.push({ who, path, input: recorded, result });
	real.count(name);
	return result;
}

/** After every step: the ledger balances and the system agrees with the model, user by user, task by task. */
export async function expectAgreement(model: Model, real: Real) {
	const { db } = real.app;
	expect(await ledgerAudit(db)).toMatchObject({ sum: 0n, mismatched: [], negative: [] });
	expect(await verifyLedger((sql) => db.$queryRawUnsafe(sql))).toMatchObject({ ok: true, sum: 0n });
	expect(await platformRevenue(db), 'platform revenue').toBe(model.revenue);

	const wallets = await Promise.all(real.users.map((u) => real.app.as(u).wallet.get()));
	expect(wallets.map(({ available, held, withdrawing }) => ({ available, held, withdrawing }))).toEqual(
		model.available.map((available, user) => ({
			available,
			held: heldOf(model, user),
			withdrawing: model.withdrawing[user]
		}))
	);

	const rows = await db.task.findMany({
		where: { id: { in: model.tasks.map((t) => t.id) } },
		select: { id: true, status: true, claimantId: true, bounty: true, title: true, cancelRequestedAt: true }
	});
	const byId = new Map(rows.map((row) => [row.id, row]));
	const ids = new Map(real.users.map((u, i) => [u.id, i]));
	expect(
		model.tasks.map((t) => {
			const row = byId.get(t.id)!;
			return {
				status: row.status,
				holder: isHeld(row.status) && row.claimantId ? ids.get(row.claimantId) : null,
				bounty: row.bounty,
				title: row.title,
				cancelRequested: row.cancelRequestedAt !== null
			};
		})
	).toEqual(
		model.tasks.map((t) => ({
			status: t.status,
			holder: isHeld(t.status) ? t.claimant : null,
			bounty: t.bounty,
			title: t.title,
			cancelRequested: t.cancelRequested
		}))
	);
}
