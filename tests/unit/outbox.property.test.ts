// A property of the offline outbox: whatever the network does (requests that never arrive, replies lost
// after the server acted, a server that stops part-way through a batch, answers in another order) and
// however often the device retries, every queued action is applied by the server exactly once, in the
// order it was queued, and answered on the device exactly once. The server stand-in is idempotent by
// mutation id, as the real one is (core/mutations.ts).
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openLocalDb } from '$lib/client/db';
import { enqueue, flushOutbox, SyncStopped, type SyncApi } from '$lib/client/sync/engine';
import type { PushResult } from '$lib/client/types';

type Network =
	| { kind: 'ok' }
	| { kind: 'unreachable' }
	| { kind: 'reply_lost' }
	| { kind: 'stops_after'; applied: number }
	| { kind: 'shuffled'; seed: number };

type Step =
	{ kind: 'queue'; count: number; refused: boolean } | { kind: 'flush'; network: Network; batch: number };

const network: fc.Arbitrary<Network> = fc.oneof(
	fc.constant({ kind: 'ok' } as const),
	fc.constant({ kind: 'unreachable' } as const),
	fc.constant({ kind: 'reply_lost' } as const),
	fc.record({ kind: fc.constant('stops_after' as const), applied: fc.nat(4) }),
	fc.record({ kind: fc.constant('shuffled' as const), seed: fc.nat() })
);

const step: fc.Arbitrary<Step> = fc.oneof(
	fc.record({
		kind: fc.constant('queue' as const),
		count: fc.integer({ min: 1, max: 4 }),
		refused: fc.boolean()
	}),
	fc.record({ kind: fc.constant('flush' as const), network, batch: fc.integer({ min: 1, max: 5 }) })
);

/** Permutes `items` deterministically from `seed`. */
function shuffle<T>(items: T[], seed: number): T[] {
	const out = [...items];
	let s = seed || 1;
	for (let i = out.length - 1; i > 0; i--) {
		s = (s * 48_271) % 2_147_483_647;
		const j = s % (i + 1);
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}

function idempotentServer(refusedIds: Set<string>) {
	const recorded = new Map<string, PushResult>();
	const executions = new Map<string, number>();
	const appliedInOrder: string[] = [];
	let current: Network = { kind: 'ok' };
	const answer = (id: string): PushResult => {
		const known = recorded.get(id);
		if (known) return known;
		executions.set(id, (executions.get(id) ?? 0) + 1);
		appliedInOrder.push(id);
		const result: PushResult = refusedIds.has(id)
			? { id, status: 'rejected', reason: 'taken', message: 'Someone else has already taken this task.' }
			: { id, status: 'applied', result: { status: 'claimed' } };
		recorded.set(id, result);
		return result;
	};
	const api: SyncApi = {
		async push(mutations) {
			if (current.kind === 'unreachable') throw Object.assign(new Error('fetch failed'), { data: null });
			const handled = current.kind === 'stops_after' ? mutations.slice(0, current.applied) : mutations;
			const results = handled.map((m) => answer(m.id));
			if (current.kind === 'reply_lost') throw Object.assign(new Error('connection reset'), { data: null });
			return { results: current.kind === 'shuffled' ? shuffle(results, current.seed) : results };
		},
		async pull() {
			throw new Error('not used');
		}
	};
	return { api, executions, appliedInOrder, setNetwork: (n: Network) => (current = n) };
}

let dbCount = 0;

describe('the outbox under a hostile network', () => {
	it('applies every entry exactly once, in order, and answers each exactly once', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
				const db = openLocalDb(`outbox-property-${dbCount++}`);
				try {
					const refused = new Set<string>();
					const server = idempotentServer(refused);
					const queued: string[] = [];
					// Every time the device records an answer (an entry turning done, or a done one answered again).
					const answers = new Map<string, number>();
					db.outbox.hook('updating', (changes, id) => {
						if ((changes as { state?: string }).state === 'done') {
							answers.set(id as string, (answers.get(id as string) ?? 0) + 1);
						}
					});
					const flush = async (batch: number) => {
						try {
							await flushOutbox(db, server.api, 'worker', batch);
						} catch (error) {
							expect(error).toBeInstanceOf(SyncStopped);
						}
					};
					let time = Date.UTC(2026, 0, 1);
					for (const s of steps) {
						if (s.kind === 'queue') {
							for (let i = 0; i < s.count; i++) {
								const entry = await enqueue(
									db,
									'worker',
									'task.claim',
									{ taskId: `t${queued.length}` },
									new Date(time++)
								);
								if (s.refused) refused.add(entry.id);
								queued.push(entry.id);
							}
						} else {
							server.setNetwork(s.network);
							await flush(s.batch);
						}
					}
					// The network heals; the device keeps retrying until its queue is empty.
					server.setNetwork({ kind: 'ok' });
					await flush(5);

					expect(server.appliedInOrder).toEqual(queued);
					for (const id of queued) expect(server.executions.get(id), id).toBe(1);
					const entries = await db.outbox.toArray();
					expect(entries.every((e) => e.state === 'done')).toBe(true);
					for (const entry of entries) {
						expect(answers.get(entry.id), entry.id).toBe(1);
						expect(entry.outcome?.status).toBe(refused.has(entry.id) ? 'rejected' : 'applied');
					}
				} finally {
					await db.delete();
				}
			}),
			{ numRuns: 150, seed: 20261203 }
		);
	});
});
