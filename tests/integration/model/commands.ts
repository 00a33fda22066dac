// The model test's commands: each acts through the real routers (or the platform's timers) and changes
// the model as the rules say it must. Refusals must carry exactly the key the model predicts.
import fc from 'fast-check';
import { expect } from 'vitest';
import { splitCommission } from '$lib/domain/money';
import type { TaskStatus } from '$lib/domain/task-state';
import { autoReleaseDue } from '$lib/server/jobs/auto-release';
import { lapseDueClaims } from '$lib/server/jobs/lapse';
import { taskInput } from '../fixtures';
import * as m from './model';
import { call, perform, type Real } from './world';

export type Command = fc.AsyncCommand<m.Model, Real>;

/**
 * The task a command acts on: usually one in a status where the action applies (so runs get deep into
 * the lifecycle), one time in five any task (so refusals are exercised).
 */
function pick(model: m.Model, n: number, applies: TaskStatus[]): m.ModelTask | undefined {
	const fitting = model.tasks.filter((t) => applies.includes(t.status));
	const pool = n % 5 === 0 || fitting.length === 0 ? model.tasks : fitting;
	return pool.length === 0 ? undefined : pool[n % pool.length];
}

/** `who` below USERS is that user; above, the one the action is meant for (requester or holder). */
function actorFor(task: m.ModelTask, act: m.TaskAct, who: number): number {
	if (who < m.USERS) return who;
	if (m.ROLE[act] === 'requester') return task.requester;
	return task.claimant ?? (task.requester + 1 + (who % (m.USERS - 1))) % m.USERS;
}

const APPLIES: Record<m.TaskAct, TaskStatus[]> = {
	claim: ['OPEN'],
	release: ['CLAIMED'],
	submit: ['CLAIMED'],
	cancel: ['OPEN'],
	requestCancel: ['CLAIMED'],
	consentCancel: ['CLAIMED'],
	declineCancel: ['CLAIMED'],
	confirm: ['SUBMITTED'],
	object: ['SUBMITTED'],
	openDispute: ['CLAIMED', 'SUBMITTED'],
	edit: ['OPEN'],
	raise: ['OPEN']
};

const PATH: Record<Exclude<m.TaskAct, 'claim'>, string> = {
	release: 'task.release',
	submit: 'handover.submit',
	cancel: 'task.cancel',
	requestCancel: 'task.requestCancel',
	consentCancel: 'task.consentCancel',
	declineCancel: 'task.declineCancel',
	confirm: 'handover.confirm',
	object: 'handover.object',
	openDispute: 'dispute.open',
	edit: 'task.update',
	raise: 'task.raiseBounty'
};

function inputOf(act: m.TaskAct, task: m.ModelTask, n: number): Record<string, unknown> {
	const taskId = task.id;
	switch (act) {
		case 'submit':
			return { taskId, report: 'Done.', fileIds: [] };
		case 'object':
			return { taskId, reason: 'The photos show another wall.' };
		case 'openDispute':
			return { taskId, statement: 'We disagree about what was agreed.' };
		case 'edit':
			return { taskId, title: `Task edited ${n}` };
		case 'raise':
			// Mostly up, sometimes down or the same (refused); always a valid amount.
			return { taskId, bounty: [task.bounty + BigInt(n * 97 - 400), 1n].reduce((a, b) => (a > b ? a : b)) };
		default:
			return { taskId };
	}
}

class Publish implements Command {
	constructor(
		readonly user: number,
		readonly bounty: bigint
	) {}
	check = () => true;
	async run(model: m.Model, real: Real) {
		const enough = model.available[this.user]! >= this.bounty;
		const input = taskInput({ bounty: this.bounty });
		const outcome: m.Outcome = enough
			? { ok: true, apply: () => {} }
			: { ok: false, key: 'insufficient_funds' };
		const task = (await perform(real, outcome, this.user, 'task.publish', input, 'publish')) as {
			id: string;
		};
		if (!enough) return;
		model.available[this.user]! -= this.bounty;
		model.tasks.push({
			id: task.id,
			requester: this.user,
			bounty: this.bounty,
			title: input.title,
			status: 'OPEN',
			claimant: null,
			reworkCount: 0,
			cancelRequested: false,
			verdict: null
		});
	}
	toString = () => `publish(u${this.user}, ${this.bounty})`;
}

/** Several users claim one task at the same moment: at most one may win, the others get their reason. */
class ClaimRace implements Command {
	constructor(
		readonly workers: number[],
		readonly task: number
	) {}
	check = (model: m.Model) => model.tasks.length > 0;
	async run(model: m.Model, real: Real) {
		const task = pick(model, this.task, ['OPEN'])!;
		const workers = [...new Set(this.workers)];
		const results = (await Promise.all(
			workers.map((w) => call(real, w, 'task.claim', { taskId: task.id, mutationId: crypto.randomUUID() }))
		)) as { status: string; reason?: string }[];
		const winners = workers.filter((_, i) => results[i]!.status === 'claimed');
		const fresh = winners.filter((w) => !(m.isHeld(task.status) && task.claimant === w));
		expect(fresh.length, 'at most one new holder').toBeLessThanOrEqual(1);
		// A loser's claim was decided before or after the winner's: its answer is one of the two.
		const before = workers.map((w) => m.decideAct(model, task, 'claim', w));
		const won = fresh[0];
		if (won !== undefined) {
			const outcome = m.decideAct(model, task, 'claim', won);
			expect(outcome.ok, `u${won} may claim`).toBe(true);
			if (outcome.ok) outcome.apply();
			real.count(workers.length > 1 ? 'claim race' : 'claim');
		}
		const answer = (outcome: m.Outcome) => (outcome.ok ? 'claimed' : outcome.key);
		workers.forEach((w, i) => {
			if (w === won) return;
			const got = results[i]!.status === 'claimed' ? 'claimed' : results[i]!.reason;
			const after = m.decideAct(model, task, 'claim', w);
			expect([answer(before[i]!), answer(after)], `u${w}`).toContain(got);
		});
		if (won === undefined) {
			const anyone = workers.some((w, i) => before[i]!.ok && task.claimant !== w);
			expect(anyone, 'a claim the model allows was refused').toBe(false);
		}
	}
	toString = () => `claimRace([${this.workers.map((w) => `u${w}`).join(',')}], t${this.task})`;
}

/** A requester's or worker's action on a task, sent online with a mutationId. */
class Act implements Command {
	constructor(
		readonly act: Exclude<m.TaskAct, 'claim'>,
		readonly task: number,
		readonly who: number
	) {}
	check = (model: m.Model) => model.tasks.length > 0;
	async run(model: m.Model, real: Real) {
		const task = pick(model, this.task, APPLIES[this.act])!;
		const user = actorFor(task, this.act, this.who);
		const input = inputOf(this.act, task, this.task);
		const outcome = m.decideAct(model, task, this.act, user, input);
		await perform(real, outcome, user, PATH[this.act], input, this.act);
	}
	toString = () => `${this.act}(t${this.task}, who ${this.who})`;
}

/** An admin ends a task that is not disputed: the whole escrow goes back to the requester. */
class ForceCancel implements Command {
	constructor(readonly task: number) {}
	check = (model: m.Model) => model.tasks.length > 0;
	async run(model: m.Model, real: Real) {
		const task = pick(model, this.task, ['OPEN', 'CLAIMED', 'SUBMITTED'])!;
		const outcome: m.Outcome = ['OPEN', 'CLAIMED', 'SUBMITTED'].includes(task.status)
			? { ok: true, apply: () => m.refund(model, task) }
			: { ok: false, key: 'task_wrong_status' };
		const input = { taskId: task.id, reason: 'Unsafe site reported.' };
		await perform(real, outcome, 'admin', 'admin.forceCancel', input, 'force cancel');
	}
	toString = () => `forceCancel(t${this.task})`;
}

async function pendingHandoverId(real: Real, taskId: string): Promise<string> {
	const handover = await real.app.db.handover.findFirstOrThrow({ where: { taskId, status: 'PENDING' } });
	return handover.id;
}

class Review implements Command {
	constructor(
		readonly task: number,
		readonly approve: boolean
	) {}
	check = (model: m.Model) => model.tasks.some((t) => t.status === 'SUBMITTED');
	async run(model: m.Model, real: Real) {
		const task = pick(model, this.task * 5 + 1, ['SUBMITTED'])!;
		const handoverId = await pendingHandoverId(real, task.id);
		if (this.approve) {
			const { fee, payout } = splitCommission(task.bounty, m.COMMISSION_BPS);
			const outcome: m.Outcome = { ok: true, apply: () => m.payOut(model, task) };
			const result = await perform(real, outcome, 'admin', 'admin.approve', { handoverId }, 'approve');
			expect(result).toMatchObject({ fee, payout });
			return;
		}
		const toDispute = task.reworkCount >= m.MAX_REWORK_ROUNDS;
		const outcome: m.Outcome = {
			ok: true,
			apply: () =>
				toDispute
					? (task.status = 'DISPUTED')
					: Object.assign(task, { status: 'CLAIMED', reworkCount: task.reworkCount + 1 })
		};
		const input = { handoverId, reason: 'Please redo the photos.' };
		await perform(real, outcome, 'admin', 'admin.reject', input, toDispute ? 'reject → dispute' : 'reject');
	}
	toString = () => `${this.approve ? 'approve' : 'reject'}(t${this.task})`;
}

class Resolve implements Command {
	constructor(
		readonly task: number,
		readonly permille: number
	) {}
	check = (model: m.Model) => model.tasks.some((t) => t.status === 'DISPUTED');
	async run(model: m.Model, real: Real) {
		const task = pick(model, this.task * 5 + 1, ['DISPUTED'])!;
		const dispute = await real.app.db.dispute.findFirstOrThrow({
			where: { taskId: task.id, status: 'OPEN' }
		});
		const workerAmount = (task.bounty * BigInt(this.permille)) / 1000n;
		const outcome: m.Outcome = {
			ok: true,
			apply: () => {
				const { fee, payout } = splitCommission(workerAmount, m.COMMISSION_BPS);
				model.available[task.claimant!]! += payout;
				model.revenue += fee;
				model.available[task.requester]! += task.bounty - workerAmount;
				task.status = workerAmount === 0n ? 'CANCELLED' : 'COMPLETED';
			}
		};
		const input = { disputeId: dispute.id, workerAmount, reason: 'Decided on the evidence.' };
		await perform(real, outcome, 'admin', 'admin.resolveDispute', input, 'resolve');
	}
	toString = () => `resolve(t${this.task}, ${this.permille}‰)`;
}

/** A claim's deadline passes and the platform's timer runs: the task is open again. */
class Lapse implements Command {
	constructor(readonly task: number) {}
	check = (model: m.Model) => model.tasks.some((t) => t.status === 'CLAIMED');
	async run(model: m.Model, real: Real) {
		const task = pick(model, this.task * 5 + 1, ['CLAIMED'])!;
		const { db, config } = real.app;
		await db.$executeRaw`UPDATE "Task" SET "claimExpiresAt" = now() - interval '1 second' WHERE "id" = ${task.id}::uuid`;
		expect(await lapseDueClaims({ db, config }, new Date())).toBe(1);
		Object.assign(task, { status: 'OPEN', claimant: null, reworkCount: 0, cancelRequested: false });
		real.count('lapse');
	}
	toString = () => `lapse(t${this.task})`;
}

/** Time passes beyond the auto-release window: every confirmed handover nobody reviewed is paid out. */
class AutoRelease implements Command {
	check = (model: m.Model) => model.tasks.some((t) => t.status === 'SUBMITTED');
	async run(model: m.Model, real: Real) {
		const due = model.tasks.filter((t) => t.status === 'SUBMITTED' && t.verdict === 'CONFIRMED');
		const later = new Date(Date.now() + (m.AUTO_RELEASE_HOURS + 1) * 3_600_000);
		const { db, config } = real.app;
		expect(await autoReleaseDue({ db, config }, later)).toBe(due.length);
		for (const task of due) m.payOut(model, task);
		if (due.length > 0) real.count('auto-release');
	}
	toString = () => 'autoRelease()';
}

export { Publish, ClaimRace, Act, ForceCancel, Review, Resolve, Lapse, AutoRelease };
