// Offline clients in the model test: a batch of queued actions pushed through sync.push, new ones mixed
// with replays of earlier ones, in any order. Each is answered as its online call would be, in the order
// of the batch; a replay of an answered mutation gets the same answer and changes nothing.
import { expect } from 'vitest';
import type { SyncableMutation } from '$lib/domain/schemas/sync';
import type { Command } from './commands';
import * as m from './model';
import type { Real, Synced } from './world';

type Queued = 'claim' | 'release' | 'submit' | 'cancel';

const NAME: Record<Queued, SyncableMutation> = {
	claim: 'task.claim',
	release: 'task.release',
	submit: 'handover.submit',
	cancel: 'task.cancel'
};
const APPLIES: Record<Queued, m.ModelTask['status'][]> = {
	claim: ['OPEN'],
	release: ['CLAIMED'],
	submit: ['CLAIMED'],
	cancel: ['OPEN']
};
const ACT_OF = Object.fromEntries(Object.entries(NAME).map(([act, name]) => [name, act])) as Record<
	SyncableMutation,
	Queued
>;

export class SyncPush implements Command {
	constructor(
		readonly user: number,
		readonly items: { act: Queued; task: number }[],
		readonly replays: number[],
		readonly order: number[]
	) {}
	check = (model: m.Model) => model.tasks.length > 0;
	async run(model: m.Model, real: Real) {
		const fresh: Synced[] = this.items.map(({ act, task: n }) => {
			const fitting = model.tasks.filter((t) => APPLIES[act].includes(t.status));
			const pool = n % 4 === 0 || fitting.length === 0 ? model.tasks : fitting;
			const task = pool[n % pool.length]!;
			const args =
				act === 'submit' ? { taskId: task.id, report: 'Done offline.', fileIds: [] } : { taskId: task.id };
			const mutation = { id: crypto.randomUUID(), name: NAME[act], args, createdAt: new Date() };
			return { user: this.user, mutation, answer: null };
		});
		const earlier = real.synced.filter((s) => s.user === this.user);
		const replayed =
			earlier.length === 0 ? [] : [...new Set(this.replays.map((i) => earlier[i % earlier.length]!))];
		// The device's queue in an order of its own: replays may come before, between or after new actions.
		const batch = [...fresh, ...replayed]
			.map((entry, i) => ({ entry, key: this.order[i % this.order.length]! * 100 + i }))
			.sort((a, b) => a.key - b.key)
			.map(({ entry }) => entry);

		const { results } = await real.app.as(real.users[this.user]!).sync.push({
			mutations: batch.map((s) => s.mutation)
		});
		expect(results.map((r) => r.id)).toEqual(batch.map((s) => s.mutation.id));
		batch.forEach((entry, i) => {
			const result = results[i]! as { status: string; reason?: string };
			const label = `${entry.mutation.name} #${i}`;
			if (entry.answer) {
				expect({ status: result.status, reason: result.reason }, label).toEqual(entry.answer);
				real.count('sync replay');
				return;
			}
			const act = ACT_OF[entry.mutation.name];
			const task = model.tasks.find((t) => t.id === entry.mutation.args.taskId)!;
			const outcome = m.decideAct(model, task, act, this.user);
			const expected = outcome.ok ? { status: 'applied' } : { status: 'rejected', reason: outcome.key };
			expect({ status: result.status, reason: result.reason }, label).toEqual({
				reason: undefined,
				...expected
			});
			if (outcome.ok) {
				outcome.apply();
				real.count(`sync ${act}`);
			}
			// Claims answer refusals as results (kept for replays); other refusals are errors, tried afresh.
			const kept = outcome.ok || act === 'claim';
			entry.answer = kept ? { status: result.status, reason: result.reason } : null;
			if (!real.synced.includes(entry)) real.synced.push(entry);
		});
		if (replayed.length > 0 && batch.indexOf(replayed[0]!) < batch.length - 1) real.count('sync reordered');
	}
	toString = () =>
		`syncPush(u${this.user}, [${this.items.map((i) => `${i.act} t${i.task}`).join(', ')}], replays [${this.replays}], order [${this.order}])`;
}
