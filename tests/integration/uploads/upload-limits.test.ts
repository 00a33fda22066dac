// Uploads cannot fill the disk: per-user quotas (stored bytes, parked bytes, uploads per hour) with clear
// errors, and the hourly clean-up of abandoned uploads and files attached to nothing (hostile-users issue:
// one account stored 10 × 25 MiB in 12 s and left 200 partial uploads reserving 4.9 GiB).
import { existsSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertOwnsFiles } from '$lib/server/access/files';
import { runCleanup } from '$lib/server/jobs/cleanup';
import { createTestApp, type Caller, type TestApp } from '../support/app';
import { chunkForm, pngBytes, sha256Hex, uploadFile } from '../support/files';
import { taskInput } from '../fixtures';

const MiB = 1024 * 1024;
const DAY = 86_400_000;

const begin = (caller: Caller, size: number, seed = randomUUID()) =>
	caller.upload.begin({ name: `${seed}.png`, size, type: 'image/png', sha256: sha256Hex(Buffer.from(seed)) });

describe('with the default quotas', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp();
	});
	afterAll(() => app.close());

	it('refuses the probe’s 200 partial uploads of 25 MiB after 512 MiB, saying why', async () => {
		const caller = app.as(await app.user());
		const answers = await Promise.all(
			Array.from({ length: 200 }, () =>
				begin(caller, 25 * MiB).then(
					() => 'begun',
					(error: { cause?: { key?: string } }) => error.cause?.key ?? 'error'
				)
			)
		);
		expect(answers.filter((a) => a === 'begun')).toHaveLength(Math.floor(512 / 25));
		expect(new Set(answers.filter((a) => a !== 'begun'))).toEqual(new Set(['upload_unattached_exceeded']));
	});
});

describe('with small quotas', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp({
			UPLOAD_MAX_BYTES: String(2 * MiB),
			UPLOAD_QUOTA_BYTES: String(3 * MiB),
			UPLOAD_UNATTACHED_BYTES: String(3 * MiB),
			UPLOADS_PER_HOUR: '6'
		});
	});
	afterAll(() => app.close());

	it('counts parked bytes (unattached files and open uploads); attaching a file frees its share', async () => {
		const { worker, task } = await app.claimedTask({ bounty: 1_000n, fund: 10_000n });
		const W = app.as(worker);
		const photo = pngBytes(MiB + 1000);
		const { fileId } = await uploadFile(W, photo, 'work.png');
		await begin(W, Math.round(1.9 * MiB)); // open, not sent: reserved
		await expect(begin(W, 200 * 1024)).rejects.toMatchObject({
			code: 'FORBIDDEN',
			cause: { key: 'upload_unattached_exceeded' },
			message: expect.stringContaining('3 MiB')
		});
		await W.handover.submit({ taskId: task.id, report: 'Done.', fileIds: [fileId] });
		await expect(begin(W, 200 * 1024)).resolves.toMatchObject({ offset: 0 });
	});

	it('counts all stored bytes, once per content', async () => {
		const user = await app.user();
		const W = app.as(user);
		const first = pngBytes(1.5 * MiB);
		await uploadFile(W, first, 'a.png');
		// The same content under another name costs nothing more.
		await uploadFile(W, first, 'a-again.png');
		await uploadFile(W, pngBytes(Math.round(1.2 * MiB)), 'b.png');
		await expect(begin(W, MiB / 2)).rejects.toMatchObject({ cause: { key: 'upload_quota_exceeded' } });
		expect(await app.db.upload.count({ where: { ownerId: user.id, status: 'UPLOADING' } })).toBe(0);
	});

	it('refuses more uploads an hour than allowed; resuming one is no new upload', async () => {
		const W = app.as(await app.user());
		const seeds = Array.from({ length: 6 }, () => randomUUID());
		for (const seed of seeds) await begin(W, 1000, seed);
		await expect(begin(W, 1000)).rejects.toMatchObject({
			code: 'TOO_MANY_REQUESTS',
			cause: { key: 'upload_rate_exceeded' }
		});
		// Asking again for an upload already open finds it.
		await expect(begin(W, 1000, seeds[0])).resolves.toMatchObject({ offset: 0, complete: false });
	});
});

describe('the clean-up', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp();
	});
	afterAll(() => app.close());

	it('removes abandoned uploads after a day and unattached files after a week, bytes included', async () => {
		const requester = await app.user();
		const worker = await app.user();
		const other = await app.user();
		await app.fund(requester, 10_000n);
		const task = await app.as(requester).task.publish(taskInput({ bounty: 1_000n }));
		await app.as(worker).task.claim({ taskId: task.id });
		const W = app.as(worker);

		// An upload begun and left after one chunk.
		const partialBytes = pngBytes(5_000);
		const partial = await W.upload.begin({
			name: 'left.png',
			size: partialBytes.byteLength,
			type: 'image/png',
			sha256: sha256Hex(partialBytes)
		});
		await W.upload.chunk(chunkForm(partial.uploadId, 0, partialBytes.subarray(0, 1_000)));
		const partialPath = join(app.config.uploadDir, 'partial', partial.uploadId);
		expect(existsSync(partialPath)).toBe(true);
		// A partial file no upload names (a crash between disk and database), a day old.
		const strayPath = join(app.config.uploadDir, 'partial', randomUUID());
		await mkdir(dirname(strayPath), { recursive: true });
		await writeFile(strayPath, 'stray');
		const halfADayAgo = new Date(Date.now() - DAY / 2);
		await utimes(strayPath, halfADayAgo, halfADayAgo);

		const attached = (await uploadFile(W, pngBytes(2_000), 'attached.png')).fileId;
		await W.handover.submit({ taskId: task.id, report: 'Done.', fileIds: [attached] });
		const lonelyBytes = pngBytes(3_000);
		const lonely = (await uploadFile(W, lonelyBytes, 'lonely.png')).fileId;
		// The same content as the attached photo, uploaded by someone else and never attached.
		const attachedSha = (await app.db.storedFile.findUniqueOrThrow({ where: { id: attached } })).sha256;
		const shared = (await uploadFile(app.as(other), pngBytes(2_000), 'copy.png')).fileId;
		expect((await app.db.storedFile.findUniqueOrThrow({ where: { id: shared } })).sha256).toBe(attachedSha);

		// A few hours on: nothing is old enough.
		const soon = await runCleanup(app, new Date(Date.now() + 3_600_000));
		expect(soon).toMatchObject({ partialUploads: 0, strayPartials: 0, files: 0 });

		// A day on: the abandoned upload and the stray file go; files stay.
		const dayLater = await runCleanup(app, new Date(Date.now() + DAY + 3_600_000));
		expect(dayLater).toMatchObject({ partialUploads: 1, strayPartials: 1, files: 0 });
		expect(await app.db.upload.findUnique({ where: { id: partial.uploadId } })).toBeNull();
		expect(existsSync(partialPath)).toBe(false);
		expect(existsSync(strayPath)).toBe(false);

		// A week on: unattached files go; content still referred to by an attached file stays on disk.
		const weekLater = await runCleanup(app, new Date(Date.now() + 8 * DAY));
		expect(weekLater).toMatchObject({ files: 2, contents: 1 });
		expect(await app.db.storedFile.findUnique({ where: { id: lonely } })).toBeNull();
		expect(await app.db.storedFile.findUnique({ where: { id: shared } })).toBeNull();
		expect(await app.db.storedFile.findUnique({ where: { id: attached } })).not.toBeNull();
		expect(existsSync(app.storage.storedPath(sha256Hex(lonelyBytes)))).toBe(false);
		expect(existsSync(app.storage.storedPath(attachedSha))).toBe(true);
		// The handover still serves its photo, and a second run finds nothing to do.
		expect(await runCleanup(app, new Date(Date.now() + 8 * DAY))).toMatchObject({ files: 0, contents: 0 });
	});

	it('never removes a file while it is being attached', async () => {
		const W = await app.user();
		const beingAttached = (await uploadFile(app.as(W), pngBytes(4_000), 'now.png')).fileId;
		const forgotten = (await uploadFile(app.as(W), pngBytes(4_001), 'then.png')).fileId;
		await app.db.$transaction(async (tx) => {
			await assertOwnsFiles(tx, W.id, [beingAttached], 'mine');
			// SKIP LOCKED: the clean-up neither waits for the attaching transaction nor touches its file.
			await runCleanup(app, new Date(Date.now() + 8 * DAY));
		});
		expect(await app.db.storedFile.findUnique({ where: { id: beingAttached } })).not.toBeNull();
		expect(await app.db.storedFile.findUnique({ where: { id: forgotten } })).toBeNull();
	});

	it('forgets sign-in counters whose window has passed', async () => {
		await app.db.loginThrottle.create({
			data: { key: `source:old@example.com|address:192.0.2.1`, failures: 3, windowStart: new Date() }
		});
		const result = await runCleanup(app, new Date(Date.now() + 20 * 60_000));
		expect(result.throttles).toBeGreaterThanOrEqual(1);
		expect(await app.db.loginThrottle.count({ where: { key: { startsWith: 'source:old@' } } })).toBe(0);
	});
});
