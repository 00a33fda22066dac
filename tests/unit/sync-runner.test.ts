// The sync runner with an injected API, clock and local database: one run at a time, backoff after
// failures (bounded, growing, reset by a success), a poll after success, no retries while signed out
// or paused; and the shared backoff helper on its own.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Backoff } from '$lib/client/backoff';
import { openLocalDb, type LocalDb } from '$lib/client/db';
import type { SyncApi, UploadApi } from '$lib/client/sync/engine';
import { POLL_MS, RETRY_MAX_MS, RETRY_MIN_MS, SyncRunner } from '$lib/client/sync/runner.svelte';
import type { PushResult } from '$lib/client/types';
import { ManualClock } from './support/clock';

let db: LocalDb;
let name = 0;
beforeEach(() => {
	db = openLocalDb(`runner-${name++}`);
});
afterEach(() => db.delete());

type Mode = 'ok' | 'offline' | 'signed_out' | 'server';

/** A server stand-in whose next answers the test sets; it counts the calls it got. */
function fakeServer() {
	const state = { mode: 'ok' as Mode, pushes: 0, pulls: 0, sent: [] as string[] };
	const fail = () => {
		if (state.mode === 'offline') throw Object.assign(new Error('fetch failed'), { data: null });
		if (state.mode === 'signed_out') throw Object.assign(new Error('no'), { data: { code: 'UNAUTHORIZED' } });
		if (state.mode === 'server')
			throw Object.assign(new Error('boom'), { data: { code: 'INTERNAL_SERVER_ERROR' } });
	};
	const api: SyncApi = {
		async push(mutations) {
			state.pushes++;
			fail();
			state.sent.push(...mutations.map((m) => m.id));
			return {
				results: mutations.map((m): PushResult => ({
					id: m.id,
					status: 'applied',
					result: { status: 'claimed' }
				}))
			};
		},
		async pull() {
			state.pulls++;
			fail();
			return { upserts: [], removals: [], cursor: `c${state.pulls}`, more: false };
		}
	};
	return { state, api };
}

const uploads: UploadApi = {
	begin: () => Promise.reject(new Error('not used')),
	chunk: () => Promise.reject(new Error('not used')),
	status: () => Promise.reject(new Error('not used')),
	chunkSize: 1024
};

function setUp(random = () => 0.5) {
	const server = fakeServer();
	const clock = new ManualClock();
	const runner = new SyncRunner({ api: server.api, uploads, db: () => db, clock, random });
	return { server, clock, runner };
}

/** Starts the runner and waits for its first run to end. */
async function started(runner: SyncRunner, server: ReturnType<typeof fakeServer>) {
	const stop = runner.start({ id: 'worker' }, false);
	await vi.waitFor(() => expect(server.state.pushes + server.state.pulls).toBeGreaterThan(0));
	await vi.waitFor(() => expect(runner.syncing).toBe(false));
	return stop;
}

describe('SyncRunner', () => {
	it('sends the queue once, pulls, records the time and polls again after POLL_MS', async () => {
		const { server, clock, runner } = setUp();
		server.state.mode = 'offline';
		await started(runner, server);
		server.state.mode = 'ok';
		const entry = await runner.queueAction('task.claim', { taskId: 'a' });
		await vi.waitFor(() => expect(server.state.sent).toEqual([entry.id]));
		await vi.waitFor(() => expect(runner.syncing).toBe(false));
		expect(runner.problem).toBeNull();
		expect(runner.lastSyncAt).toBeInstanceOf(Date);
		expect(clock.pending()).toEqual([POLL_MS]);
		expect((await db.outbox.get(entry.id))?.state).toBe('done');
		const pulls = server.state.pulls;
		clock.advance(POLL_MS);
		await vi.waitFor(() => expect(server.state.pulls).toBe(pulls + 1));
		expect(server.state.sent).toEqual([entry.id]);
	});

	it('concurrent calls share one run', async () => {
		const { server, runner } = setUp();
		await started(runner, server);
		const pulls = server.state.pulls;
		const first = runner.syncNow();
		const second = runner.syncNow();
		expect(second).toBe(first);
		await Promise.all([first, second]);
		expect(server.state.pulls).toBe(pulls + 1);
	});

	it('backs off after failures: each wait within its bound and longer, capped, and reset by a success', async () => {
		const { server, clock, runner } = setUp(() => 0.999);
		server.state.mode = 'server';
		await started(runner, server);
		expect(runner.problem).toBe('server');
		const waits: number[] = [];
		for (let failure = 1; failure <= 10; failure++) {
			const [wait] = clock.pending();
			waits.push(wait!);
			const ceiling = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** failure);
			expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
			expect(wait).toBeLessThanOrEqual(ceiling);
			const calls = server.state.pushes + server.state.pulls;
			clock.advance(wait!);
			await vi.waitFor(() => expect(server.state.pushes + server.state.pulls).toBe(calls + 1));
			await vi.waitFor(() => expect(runner.syncing).toBe(false));
		}
		expect(waits[1]!).toBeGreaterThan(waits[0]!);
		expect(Math.max(...waits)).toBeLessThanOrEqual(RETRY_MAX_MS);
		server.state.mode = 'ok';
		clock.advance(clock.pending()[0]!);
		await vi.waitFor(() => expect(runner.problem).toBeNull());
		expect(clock.pending()).toEqual([POLL_MS]);
		server.state.mode = 'offline';
		await runner.syncNow();
		expect(runner.problem).toBe('offline');
		// A success reset the count: the first wait again.
		expect(clock.pending()[0]).toBeLessThanOrEqual(2 * RETRY_MIN_MS);
	});

	it('does not retry while signed out, nor while uploads are paused, until told', async () => {
		const { server, clock, runner } = setUp();
		server.state.mode = 'signed_out';
		await started(runner, server);
		expect(runner.problem).toBe('signed_out');
		expect(clock.pending()).toEqual([]);
		clock.advance(RETRY_MAX_MS * 2);
		expect(server.state.pulls + server.state.pushes).toBe(1);
		server.state.mode = 'ok';
		runner.pauseUploads();
		expect(runner.paused).toBe(true);
		runner.resumeUploads();
		await vi.waitFor(() => expect(runner.problem).toBeNull());
		expect(runner.paused).toBe(false);
	});

	it('stop cancels the timers and refuses to queue for nobody', async () => {
		const { server, clock, runner } = setUp();
		const stop = await started(runner, server);
		expect(clock.pending()).toEqual([POLL_MS]);
		stop();
		expect(clock.pending()).toEqual([]);
		await expect(runner.queueAction('task.claim', { taskId: 'a' })).rejects.toThrow('Sign in first.');
	});
});

describe('Backoff', () => {
	it('waits between half and all of min × 2^failures, capped at max', () => {
		const low = new Backoff({ minMs: 100, maxMs: 1_000, random: () => 0 });
		const high = new Backoff({ minMs: 100, maxMs: 1_000, random: () => 1 });
		expect([1, 2, 3, 4, 5].map(() => low.nextDelay())).toEqual([100, 200, 400, 500, 500]);
		expect([1, 2, 3, 4, 5].map(() => high.nextDelay())).toEqual([200, 400, 800, 1_000, 1_000]);
		high.reset();
		expect(high.failures).toBe(0);
		expect(high.nextDelay()).toBe(200);
	});

	it('keeps at most one timer', () => {
		const clock = new ManualClock();
		const backoff = new Backoff({ minMs: 100, maxMs: 1_000, clock, random: () => 0 });
		let runs = 0;
		backoff.retryLater(() => runs++);
		backoff.retryLater(() => runs++);
		backoff.schedule(() => runs++, 50);
		expect(clock.pending()).toEqual([50]);
		clock.advance(10_000);
		expect(runs).toBe(1);
		backoff.schedule(() => runs++, 50);
		backoff.cancel();
		clock.advance(10_000);
		expect(runs).toBe(1);
	});
});
