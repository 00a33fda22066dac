import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PUSH_BATCH } from '$lib/domain/schemas/sync';
import type { PublicUser } from '$lib/server/auth/users';
import { createTestApp, type TestApp } from '../support/app';
import { balanceOfWallet, ledgerAudit } from '../support/ledger';
import { taskInput } from '../fixtures';

let app: TestApp;
let requester: PublicUser;

beforeAll(async () => {
	app = await createTestApp();
	requester = await app.user();
	await app.fund(requester, 1_000_000n);
});
afterAll(() => app.close());

const publish = async (title = 'Sync task') =>
	(await app.as(requester).task.publish(taskInput({ title, bounty: 1_000n }))).id;

const claimMutation = (taskId: string) => ({
	id: randomUUID(),
	name: 'task.claim' as const,
	args: { taskId },
	createdAt: new Date()
});

describe('sync.push', () => {
	it('two workers who claimed the same task offline end with one "claimed" and one "taken"', async () => {
		const taskId = await publish();
		const [ana, bo] = [await app.user(), await app.user()];
		const [anaClaim, boClaim] = [claimMutation(taskId), claimMutation(taskId)];
		const [a, b] = await Promise.all([
			app.as(ana).sync.push({ mutations: [anaClaim] }),
			app.as(bo).sync.push({ mutations: [boClaim] })
		]);
		const statuses = [a.results[0]?.status, b.results[0]?.status].sort();
		expect(statuses).toEqual(['applied', 'rejected']);
		const loser = [a, b].find((r) => r.results[0]?.status === 'rejected')!.results[0];
		expect(loser).toMatchObject({ status: 'rejected', reason: 'taken' });
		const winner = a.results[0]?.status === 'applied' ? ana : bo;
		expect((await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).claimantId).toBe(winner.id);

		// Replaying both outboxes, twice, changes nothing and answers the same.
		const transfersBefore = await app.db.transfer.count();
		for (let i = 0; i < 2; i++) {
			expect(await app.as(ana).sync.push({ mutations: [anaClaim] })).toEqual(a);
			expect(await app.as(bo).sync.push({ mutations: [boClaim] })).toEqual(b);
		}
		expect(await app.db.transfer.count()).toBe(transfersBefore);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).claimantId).toBe(winner.id);
	});

	it('applies a batch in order; a refusal in the middle does not block the rest', async () => {
		const worker = await app.user();
		await app.fund(worker, 500n);
		const [taken, free] = [await publish(), await publish()];
		await app.as(await app.user()).task.claim({ taskId: taken });
		const batch = [
			claimMutation(taken),
			{
				id: randomUUID(),
				name: 'task.publish' as const,
				args: { ...taskInput({ bounty: 10_000n }) },
				createdAt: new Date()
			},
			{ id: randomUUID(), name: 'task.claim' as const, args: { taskId: 'nope' }, createdAt: new Date() },
			claimMutation(free),
			{
				id: randomUUID(),
				name: 'handover.submit' as const,
				args: { taskId: free, report: 'Done offline.', fileIds: [] },
				createdAt: new Date()
			}
		];
		const { results } = await app.as(worker).sync.push({ mutations: batch });
		expect(results.map((r) => [r.status, r.status === 'rejected' ? r.reason : null])).toEqual([
			['rejected', 'taken'],
			['rejected', 'insufficient_funds'],
			['rejected', 'invalid_input'],
			['applied', null],
			['applied', null]
		]);
		expect((await app.db.task.findUniqueOrThrow({ where: { id: free } })).status).toBe('SUBMITTED');
		expect(await balanceOfWallet(app.db, worker.id)).toBe(500n);

		// The whole outbox again: same answers, no second handover, no money moved.
		const again = await app.as(worker).sync.push({ mutations: batch });
		expect(again.results.map((r) => r.status)).toEqual(results.map((r) => r.status));
		expect(await app.db.handover.count({ where: { taskId: free } })).toBe(1);
		expect((await ledgerAudit(app.db)).sum).toBe(0n);
	});

	it('refuses unknown procedures and oversize batches as bad input', async () => {
		const worker = await app.user();
		await expect(
			app.as(worker).sync.push({
				mutations: [{ id: randomUUID(), name: 'admin.approve' as never, args: {}, createdAt: new Date() }]
			})
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(app.as(null).sync.push({ mutations: [claimMutation(randomUUID())] })).rejects.toMatchObject({
			code: 'UNAUTHORIZED'
		});
		// One more than a batch may hold: refused whole, so not even the first claim is applied.
		const taskId = await publish('oversize');
		const oversize = Array.from({ length: MAX_PUSH_BATCH + 1 }, () => claimMutation(taskId));
		await expect(app.as(worker).sync.push({ mutations: oversize })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		expect(await app.db.task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({
			status: 'OPEN',
			claimantId: null
		});
		expect(await app.db.mutation.count({ where: { userId: worker.id } })).toBe(0);
		// A full batch is accepted: the limit is the documented one, not lower.
		const full = await app.as(worker).sync.push({
			mutations: Array.from({ length: MAX_PUSH_BATCH }, () => claimMutation(taskId))
		});
		expect(full.results).toHaveLength(MAX_PUSH_BATCH);
		expect(full.results[0]).toMatchObject({ status: 'applied' });
	});
});

describe('sync.pull', () => {
	it('sends the feed first, then only what changed, with tasks that left the feed as removals', async () => {
		const worker = await app.user();
		const [keep, takenByOther, cancelled] = [
			await publish('keep'),
			await publish('taken'),
			await publish('cancel')
		];
		const first = await app.as(worker).sync.pull({});
		expect(first.upserts.map((t) => t.id)).toEqual(expect.arrayContaining([keep, takenByOther, cancelled]));
		expect(first.removals).toEqual([]);

		const nothing = await app.as(worker).sync.pull({ cursor: first.cursor });
		expect(nothing).toMatchObject({ upserts: [], removals: [], more: false });

		await app.as(await app.user()).task.claim({ taskId: takenByOther });
		await app.as(requester).task.cancel({ taskId: cancelled });
		const added = await publish('new');
		const delta = await app.as(worker).sync.pull({ cursor: nothing.cursor });
		expect(delta.upserts.map((t) => t.id)).toEqual([added]);
		expect(delta.removals.sort()).toEqual([takenByOther, cancelled].sort());
		expect((await app.as(worker).sync.pull({ cursor: delta.cursor })).upserts).toEqual([]);
	});

	it('keeps the worker’s own claimed task as "yours"', async () => {
		const worker = await app.user();
		const taskId = await publish();
		const start = await app.as(worker).sync.pull({});
		await app.as(worker).task.claim({ taskId });
		const delta = await app.as(worker).sync.pull({ cursor: start.cursor });
		expect(delta.upserts).toEqual([
			expect.objectContaining({
				id: taskId,
				status: 'CLAIMED',
				viewer: expect.objectContaining({ isClaimant: true })
			})
		]);
		expect(delta.removals).toEqual([]);
	});

	it('pages a large delta without gaps or repeats', async () => {
		const worker = await app.user();
		const start = await app.as(worker).sync.pull({});
		const ids = [];
		for (let i = 0; i < 7; i++) ids.push(await publish(`page ${i}`));
		const seen: string[] = [];
		let cursor = start.cursor;
		let pages = 0;
		for (;;) {
			const page = await app.as(worker).sync.pull({ cursor, limit: 3 });
			seen.push(...page.upserts.map((t) => t.id));
			cursor = page.cursor;
			pages++;
			if (!page.more) break;
		}
		expect(pages).toBe(3);
		expect(seen).toEqual(ids);
	});

	it('does not miss a transaction that started before the cursor and committed after it', async () => {
		const worker = await app.user();
		const [slow, fast] = [await publish('slow'), await publish('fast')];
		const start = await app.as(worker).sync.pull({});
		const slowWriter = new pg.Client({ connectionString: app.url });
		await slowWriter.connect();
		try {
			await slowWriter.query('BEGIN');
			await slowWriter.query(`UPDATE "Task" SET "title" = 'slow, edited' WHERE "id" = $1`, [slow]);
			// Meanwhile another change commits and the worker syncs past it.
			await app.db.task.update({ where: { id: fast }, data: { title: 'fast, edited' } });
			const mid = await app.as(worker).sync.pull({ cursor: start.cursor });
			expect(mid.upserts.map((t) => t.title)).toEqual(['fast, edited']);
			await slowWriter.query('COMMIT');
			const late = await app.as(worker).sync.pull({ cursor: mid.cursor });
			expect(late.upserts.map((t) => t.title)).toEqual(['slow, edited']);
		} finally {
			await slowWriter.end();
		}
	});

	it('refuses a forged cursor', async () => {
		const worker = await app.user();
		const forged = Buffer.from(JSON.stringify({ from: "1:2:'; DROP", to: '1:2:', after: null })).toString(
			'base64url'
		);
		await expect(app.as(worker).sync.pull({ cursor: forged })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(app.as(worker).sync.pull({ cursor: 'garbage' })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
	});
});
