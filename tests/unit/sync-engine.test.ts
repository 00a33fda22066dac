import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getMeta, openLocalDb, type LocalDb } from '$lib/client/db';
import {
	classify,
	enqueue,
	flushOutbox,
	pendingEntries,
	pullChanges,
	resetForUser,
	SyncStopped,
	type SyncApi
} from '$lib/client/sync/engine';
import type { PushResult, TaskView } from '$lib/client/types';

let db: LocalDb;
let name = 0;
beforeEach(() => {
	db = openLocalDb(`test-${name++}`);
});
afterEach(() => db.delete());

const task = (id: string, status = 'OPEN', createdAt = new Date()): TaskView =>
	({ id, status, title: `Task ${id}`, createdAt }) as unknown as TaskView;

/** A server stand-in that answers pushes with a rule and records what it was sent. */
function fakeApi(
	answer: (m: { id: string; name: string }) => PushResult | 'fail' | 'stop'
): SyncApi & { sent: string[][] } {
	const sent: string[][] = [];
	return {
		sent,
		async push(mutations) {
			sent.push(mutations.map((mu) => mu.id));
			const results: PushResult[] = [];
			for (const mutation of mutations) {
				const outcome = answer(mutation);
				if (outcome === 'fail') throw Object.assign(new Error('fetch failed'), { data: null });
				if (outcome === 'stop') break;
				results.push(outcome);
			}
			return { results };
		},
		async pull() {
			throw new Error('not used');
		}
	};
}

const applied = (id: string): PushResult => ({ id, status: 'applied', result: { status: 'claimed' } });

describe('flushOutbox', () => {
	it('sends pending entries oldest first, in batches, and marks each answered one done', async () => {
		const ids = [];
		for (let i = 0; i < 5; i++)
			ids.push((await enqueue(db, 'u1', 'task.claim', { taskId: `t${i}` }, new Date(1000 + i))).id);
		const api = fakeApi((mu) => applied(mu.id));
		const answers = await flushOutbox(db, api, 'u1', 2);
		expect(api.sent).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
		expect(answers.map((a) => a.id)).toEqual(ids);
		expect(await pendingEntries(db, 'u1')).toEqual([]);
		expect((await db.outbox.get(ids[0]!))?.outcome).toEqual({
			status: 'applied',
			result: { status: 'claimed' }
		});
	});

	it('records a refusal as done, so it never blocks the queue', async () => {
		const first = await enqueue(db, 'u1', 'task.claim', { taskId: 'taken' }, new Date(1));
		const second = await enqueue(db, 'u1', 'task.claim', { taskId: 'free' }, new Date(2));
		const api = fakeApi((mu) =>
			mu.id === first.id
				? { id: mu.id, status: 'rejected', reason: 'taken', message: 'Taken.' }
				: applied(mu.id)
		);
		await flushOutbox(db, api, 'u1');
		expect(await db.outbox.get(first.id)).toMatchObject({
			state: 'done',
			outcome: { status: 'rejected', reason: 'taken' }
		});
		expect(await db.outbox.get(second.id)).toMatchObject({ state: 'done', outcome: { status: 'applied' } });
	});

	it('keeps everything pending when offline, and sends it all, once, when back', async () => {
		const entry = await enqueue(db, 'u1', 'task.claim', { taskId: 't' });
		let offline = true;
		const api = fakeApi((mu) => (offline ? 'fail' : applied(mu.id)));
		const stopped = await flushOutbox(db, api, 'u1').catch((e: unknown) => e);
		expect(stopped).toBeInstanceOf(SyncStopped);
		expect((stopped as SyncStopped).problem).toBe('offline');
		expect(await pendingEntries(db, 'u1')).toHaveLength(1);
		offline = false;
		await flushOutbox(db, api, 'u1');
		await flushOutbox(db, api, 'u1');
		expect(api.sent.filter((batch) => batch.includes(entry.id))).toHaveLength(2); // the failed try and one success
		expect(await pendingEntries(db, 'u1')).toEqual([]);
	});

	it('leaves the rest pending when the server stops part-way through a batch', async () => {
		const [a, b] = [
			await enqueue(db, 'u1', 'task.claim', { taskId: 'a' }, new Date(1)),
			await enqueue(db, 'u1', 'task.claim', { taskId: 'b' }, new Date(2))
		];
		const api = fakeApi((mu) => (mu.id === a.id ? applied(mu.id) : 'stop'));
		await expect(flushOutbox(db, api, 'u1')).rejects.toMatchObject({ problem: 'server' });
		expect((await pendingEntries(db, 'u1')).map((e) => e.id)).toEqual([b.id]);
	});

	it('sends only the signed-in account’s entries', async () => {
		await enqueue(db, 'u1', 'task.claim', { taskId: 'a' });
		const other = await enqueue(db, 'u2', 'task.claim', { taskId: 'b' });
		const api = fakeApi((mu) => applied(mu.id));
		await flushOutbox(db, api, 'u1');
		expect(api.sent.flat()).not.toContain(other.id);
		expect((await pendingEntries(db, 'u2')).map((e) => e.id)).toEqual([other.id]);
	});
});

describe('classify', () => {
	it('tells offline, signed out and server trouble apart', () => {
		expect(classify(new TypeError('Failed to fetch'))).toBe('offline');
		expect(classify({ data: { code: 'UNAUTHORIZED' } })).toBe('signed_out');
		expect(classify({ data: { code: 'INTERNAL_SERVER_ERROR' } })).toBe('server');
	});
});

describe('pullChanges', () => {
	it('applies upserts, removals and the cursor together, page after page', async () => {
		const pages = [
			{ upserts: [task('a'), task('b')], removals: [], cursor: 'c1', more: false },
			{ upserts: [task('c')], removals: ['a'], cursor: 'c2', more: true },
			{ upserts: [task('b', 'CLAIMED')], removals: [], cursor: 'c3', more: false }
		];
		const asked: (string | undefined)[] = [];
		const api: SyncApi = {
			push: async () => ({ results: [] }),
			pull: async (cursor) => {
				asked.push(cursor);
				return pages.shift()!;
			}
		};
		await pullChanges(db, api);
		await pullChanges(db, api);
		expect(asked).toEqual([undefined, 'c1', 'c2']);
		expect((await db.tasks.toArray()).map((t) => [t.id, t.status]).sort()).toEqual([
			['b', 'CLAIMED'],
			['c', 'OPEN']
		]);
		expect(await getMeta(db, 'cursor')).toBe('c3');
	});

	it('keeps the old cursor when a page fails, so nothing is skipped', async () => {
		let calls = 0;
		const api: SyncApi = {
			push: async () => ({ results: [] }),
			pull: async () => {
				if (calls++ === 0) return { upserts: [task('a')], removals: [], cursor: 'c1', more: true };
				throw new TypeError('Failed to fetch');
			}
		};
		await expect(pullChanges(db, api)).rejects.toMatchObject({ problem: 'offline' });
		expect(await getMeta(db, 'cursor')).toBe('c1');
		expect(await db.tasks.count()).toBe(1);
	});
});

describe('resetForUser', () => {
	it('drops the task cache and cursor when another account signs in, but keeps the outbox', async () => {
		await resetForUser(db, 'u1');
		await db.tasks.put(task('mine'));
		await db.meta.put({ key: 'cursor', value: 'c9' });
		const pending = await enqueue(db, 'u1', 'task.claim', { taskId: 'x' });
		await resetForUser(db, 'u1');
		expect(await db.tasks.count()).toBe(1);
		await resetForUser(db, 'u2');
		expect(await db.tasks.count()).toBe(0);
		expect(await getMeta(db, 'cursor')).toBeUndefined();
		expect(await db.outbox.get(pending.id)).toBeTruthy();
	});
});

describe('flushOutbox with a handover’s files', () => {
	/** An upload server stand-in: confirms chunks at the right offset and counts every byte received. */
	function fakeUploads(
		size: number,
		options: { failAt?: number; refuse?: boolean; serverError?: boolean } = {}
	) {
		const state = { offset: 0, received: 0, calls: 0, failed: false };
		const current = () => ({
			uploadId: 'u1',
			offset: state.offset,
			complete: state.offset === size,
			fileId: state.offset === size ? 'f1' : null
		});
		const api = {
			chunkSize: 4,
			async begin() {
				if (options.refuse)
					throw Object.assign(new Error('Type refused'), {
						data: { code: 'BAD_REQUEST', key: 'unsupported_type' }
					});
				if (options.serverError)
					throw Object.assign(new Error('boom'), { data: { code: 'INTERNAL_SERVER_ERROR' } });
				return current();
			},
			async chunk(form: FormData) {
				state.calls++;
				const bytes = new Uint8Array(await (form.get('chunk') as Blob).arrayBuffer());
				state.received += bytes.byteLength;
				if (options.failAt !== undefined && state.offset >= options.failAt && !state.failed) {
					state.failed = true;
					state.offset += bytes.byteLength; // the server got it, but the answer was lost
					throw Object.assign(new TypeError('Failed to fetch'), { data: null });
				}
				if (Number(form.get('offset')) !== state.offset) {
					throw Object.assign(new Error('wrong offset'), { data: { code: 'CONFLICT', key: 'wrong_offset' } });
				}
				state.offset += bytes.byteLength;
				return current();
			},
			async status() {
				return current();
			}
		};
		return { api, state };
	}

	async function queueHandover(size: number) {
		await db.files.add({
			id: 'local-1',
			userId: 'u1',
			taskId: 't1',
			name: 'photo.jpg',
			type: 'image/jpeg',
			size,
			sha256: 'a'.repeat(64),
			bytes: new Uint8Array(size).fill(1).buffer,
			sent: 0,
			fileId: null
		});
		const entry = await enqueue(db, 'u1', 'handover.submit', { taskId: 't1', report: 'Done', fileIds: [] });
		await db.outbox.update(entry.id, { localFileIds: ['local-1'] });
		return entry;
	}

	it('uploads the files first, then sends the handover with their server ids', async () => {
		const entry = await queueHandover(10);
		const uploads = fakeUploads(10);
		let pushed: Record<string, unknown> | undefined;
		const api: SyncApi = {
			push: async (mutations) => {
				pushed = mutations[0]?.args;
				return { results: mutations.map((mu) => applied(mu.id)) };
			},
			pull: async () => ({ upserts: [], removals: [], cursor: 'c', more: false })
		};
		await flushOutbox(db, api, 'u1', 20, { api: uploads.api });
		expect(pushed).toEqual({ taskId: 't1', report: 'Done', fileIds: ['f1'] });
		expect(await db.outbox.get(entry.id)).toMatchObject({ state: 'done' });
		expect(await db.files.get('local-1')).toMatchObject({ fileId: 'f1', sent: 10, bytes: null });
	});

	it('after a cut, continues from the server’s offset: at most one chunk is sent twice', async () => {
		await queueHandover(12);
		const uploads = fakeUploads(12, { failAt: 4 });
		const api = fakeApi((mu) => applied(mu.id));
		await expect(flushOutbox(db, api, 'u1', 20, { api: uploads.api })).rejects.toMatchObject({
			problem: 'offline'
		});
		expect((await db.files.get('local-1'))?.sent).toBe(4);
		await flushOutbox(db, api, 'u1', 20, { api: uploads.api });
		expect(uploads.state.received - 12).toBeLessThanOrEqual(4);
		expect(await pendingEntries(db, 'u1')).toEqual([]);
	});

	it('pauses between chunks and resumes where it stopped', async () => {
		await queueHandover(12);
		const uploads = fakeUploads(12);
		let paused = false;
		const onProgress = (_file: unknown, sent: number) => {
			if (sent >= 4) paused = true;
		};
		const api = fakeApi((mu) => applied(mu.id));
		await expect(
			flushOutbox(db, api, 'u1', 20, { api: uploads.api, onProgress, paused: () => paused })
		).rejects.toMatchObject({ problem: 'paused' });
		const sentWhilePaused = uploads.state.received;
		expect(sentWhilePaused).toBeLessThan(12);
		paused = false;
		await flushOutbox(db, api, 'u1', 20, { api: uploads.api });
		expect(uploads.state.received).toBe(12);
	});

	it('a refused file refuses the handover (done); server trouble keeps it pending', async () => {
		const refused = await queueHandover(8);
		const api = fakeApi((mu) => applied(mu.id));
		await flushOutbox(db, api, 'u1', 20, { api: fakeUploads(8, { refuse: true }).api });
		expect(await db.outbox.get(refused.id)).toMatchObject({
			state: 'done',
			outcome: { status: 'rejected', reason: 'unsupported_type' }
		});
		const troubled = await enqueue(db, 'u1', 'handover.submit', { taskId: 't1', report: 'x', fileIds: [] });
		await db.outbox.update(troubled.id, { localFileIds: ['local-1'] });
		await db.files.update('local-1', { fileId: null, bytes: new Uint8Array(8).buffer });
		await expect(
			flushOutbox(db, api, 'u1', 20, { api: fakeUploads(8, { serverError: true }).api })
		).rejects.toMatchObject({ problem: 'server' });
		expect((await pendingEntries(db, 'u1')).map((e) => e.id)).toEqual([troubled.id]);
	});
});
