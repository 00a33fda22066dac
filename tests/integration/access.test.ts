// Nobody reads or changes what is not theirs unless an admin: one test per procedure that takes an id.
import { randomUUID } from 'node:crypto';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicUser } from '$lib/server/auth/users';
import { createTestApp, type TestApp } from './support/app';
import { pngBytes, uploadFile } from './support/files';
import { taskInput } from './fixtures';

let app: TestApp;
let requester: PublicUser;
let worker: PublicUser;
let stranger: PublicUser;
let admin: PublicUser;
let taskId: string;
let handoverId: string;
let workerFileId: string;

beforeAll(async () => {
	app = await createTestApp();
	[requester, worker, stranger, admin] = [
		await app.user(),
		await app.user(),
		await app.user(),
		await app.admin()
	];
	await app.fund(requester, 10_000n);
	taskId = (await app.as(requester).task.publish(taskInput({ bounty: 10_000n }))).id;
	await app.as(worker).task.claim({ taskId });
	workerFileId = (await uploadFile(app.as(worker), pngBytes(50))).fileId;
	handoverId = (await app.as(worker).handover.submit({ taskId, report: 'Fixed.', fileIds: [workerFileId] }))
		.id;
});
afterAll(() => app.close());

describe('task.get', () => {
	it('shows public details to anyone, signed in or not, and nothing private', async () => {
		for (const viewer of [null, stranger]) {
			const task = await app.as(viewer).task.get({ id: taskId });
			expect(task.title).toBe(taskInput().title);
			expect(task.private).toBeNull();
			expect(task.viewer).toMatchObject({ isRequester: false, isClaimant: false, takenByOther: true });
			expect(superjson.stringify(task)).not.toContain(worker.id);
			expect(superjson.stringify(task)).not.toContain('Fixed.');
		}
	});

	it('shows the holder and handovers to the requester, the worker and admins', async () => {
		for (const viewer of [requester, worker, admin]) {
			const task = await app.as(viewer).task.get({ id: taskId });
			expect(task.private?.claimant?.id).toBe(worker.id);
			expect(task.private?.handovers.map((h) => h.id)).toEqual([handoverId]);
			expect(task.private?.handovers[0]?.files.map((f) => f.id)).toEqual([workerFileId]);
		}
		expect((await app.as(worker).task.get({ id: taskId })).viewer).toMatchObject({
			isClaimant: true,
			takenByOther: false
		});
	});

	it('answers NOT_FOUND for an unknown id', async () => {
		await expect(app.as(stranger).task.get({ id: randomUUID() })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
	});
});

describe('handover.submit', () => {
	it('refuses anyone but the worker holding the task', async () => {
		const other = await app.user();
		await app.fund(other, 1_000n);
		const otherTask = (await app.as(other).task.publish(taskInput({ bounty: 1_000n }))).id;
		await app.as(worker).task.claim({ taskId: otherTask });
		for (const intruder of [other, stranger, admin]) {
			await expect(
				app.as(intruder).handover.submit({ taskId: otherTask, report: 'Not mine', fileIds: [] })
			).rejects.toMatchObject({ code: 'FORBIDDEN' });
		}
		expect(await app.db.handover.count({ where: { taskId: otherTask } })).toBe(0);
	});

	it('refuses files that belong to somebody else', async () => {
		const requester2 = await app.user();
		await app.fund(requester2, 1_000n);
		const task2 = (await app.as(requester2).task.publish(taskInput({ bounty: 1_000n }))).id;
		await app.as(stranger).task.claim({ taskId: task2 });
		await expect(
			app.as(stranger).handover.submit({ taskId: task2, report: 'Borrowed photo', fileIds: [workerFileId] })
		).rejects.toMatchObject({ code: 'FORBIDDEN', cause: { key: 'files_not_yours' } });
		expect((await app.db.task.findUniqueOrThrow({ where: { id: task2 } })).status).toBe('CLAIMED');
	});
});

describe('admin procedures', () => {
	it('are refused to every non-admin, changing nothing', async () => {
		for (const user of [requester, worker, stranger]) {
			const caller = app.as(user);
			await expect(caller.admin.approve({ handoverId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
			await expect(caller.admin.reject({ handoverId, reason: 'I want it back' })).rejects.toMatchObject({
				code: 'FORBIDDEN'
			});
			await expect(
				caller.admin.recordDeposit({ userId: user.id, amount: 100n, reference: `x-${user.id}` })
			).rejects.toMatchObject({
				code: 'FORBIDDEN'
			});
		}
		const handover = await app.db.handover.findUniqueOrThrow({ where: { id: handoverId } });
		expect(handover.status).toBe('PENDING');
	});

	it('answer NOT_FOUND for unknown ids', async () => {
		const caller = app.as(admin);
		await expect(caller.admin.approve({ handoverId: randomUUID() })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		await expect(
			caller.admin.reject({ handoverId: randomUUID(), reason: 'No such thing' })
		).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		await expect(
			caller.admin.recordDeposit({ userId: randomUUID(), amount: 100n, reference: 'nobody' })
		).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});

describe('wallet.get and task.mine', () => {
	it('only ever describe the caller', async () => {
		expect(await app.as(stranger).wallet.get()).toEqual({
			currency: 'CNY',
			available: 0n,
			held: 0n,
			withdrawing: 0n
		});
		expect(await app.as(requester).wallet.get()).toEqual({
			currency: 'CNY',
			available: 0n,
			held: 10_000n,
			withdrawing: 0n
		});
		const mine = await app.as(stranger).task.mine();
		expect(mine.posted).toEqual([]);
		expect(mine.claimed.map((t) => t.id)).not.toContain(taskId);
		expect((await app.as(worker).task.mine()).claimed.map((t) => t.id)).toContain(taskId);
	});
});
