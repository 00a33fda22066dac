import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_SIZE } from '$lib/domain/schemas/upload';
import { createTestApp, type TestApp } from '../support/app';
import { chunkForm, pngBytes, sha256Hex, uploadFile } from '../support/files';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp({ UPLOAD_MAX_BYTES: String(2 * 1024 * 1024) });
});
afterAll(() => app.close());

describe('resumable uploads', () => {
	it('stores a multi-chunk photo content-addressed, with its type read from the bytes', async () => {
		const user = await app.user();
		const bytes = pngBytes(CHUNK_SIZE * 2 + 1000);
		const { fileId, uploadId } = await uploadFile(app.as(user), bytes, 'site.jpg');
		const file = await app.db.storedFile.findUniqueOrThrow({ where: { id: fileId } });
		// Named .jpg, declared image/png, is a PNG: the bytes decide.
		expect(file).toMatchObject({
			ownerId: user.id,
			mimeType: 'image/png',
			size: bytes.byteLength,
			sha256: sha256Hex(bytes)
		});
		expect(new Uint8Array(await readFile(app.storage.storedPath(file.sha256)))).toEqual(bytes);
		const upload = await app.db.upload.findUniqueOrThrow({ where: { id: uploadId } });
		expect(upload.bytesReceived).toBe(BigInt(bytes.byteLength));
	});

	it('resumes from the confirmed offset, refusing a wrong one with CONFLICT', async () => {
		const user = await app.user();
		const caller = app.as(user);
		const bytes = pngBytes(CHUNK_SIZE * 3);
		const begun = await caller.upload.begin({
			name: 'a.png',
			size: bytes.byteLength,
			type: 'image/png',
			sha256: sha256Hex(bytes)
		});
		await caller.upload.chunk(chunkForm(begun.uploadId, 0, bytes.subarray(0, CHUNK_SIZE)));

		// The connection dropped after the second chunk was sent but before its answer arrived...
		await caller.upload.chunk(
			chunkForm(begun.uploadId, CHUNK_SIZE, bytes.subarray(CHUNK_SIZE, 2 * CHUNK_SIZE))
		);
		// ...so the client re-sends it, and is told where to continue.
		await expect(
			caller.upload.chunk(chunkForm(begun.uploadId, CHUNK_SIZE, bytes.subarray(CHUNK_SIZE, 2 * CHUNK_SIZE)))
		).rejects.toMatchObject({
			code: 'CONFLICT',
			message: `This upload continues at byte ${2 * CHUNK_SIZE}, not ${CHUNK_SIZE}.`
		});

		// After an app restart the client has lost uploadId: begin again finds the same upload.
		const again = await caller.upload.begin({
			name: 'a.png',
			size: bytes.byteLength,
			type: 'image/png',
			sha256: sha256Hex(bytes)
		});
		expect(again).toMatchObject({ uploadId: begun.uploadId, offset: 2 * CHUNK_SIZE, complete: false });
		expect(await caller.upload.status({ uploadId: begun.uploadId })).toMatchObject({
			offset: 2 * CHUNK_SIZE
		});

		const done = await caller.upload.chunk(
			chunkForm(begun.uploadId, 2 * CHUNK_SIZE, bytes.subarray(2 * CHUNK_SIZE))
		);
		expect(done).toMatchObject({ complete: true, offset: bytes.byteLength });
		const upload = await app.db.upload.findUniqueOrThrow({ where: { id: begun.uploadId } });
		// Exactly one chunk was sent twice.
		expect(upload.bytesReceived - BigInt(bytes.byteLength)).toBe(BigInt(CHUNK_SIZE));
	});

	it('keeps each upload’s own name when the same bytes come again under another name', async () => {
		const user = await app.user();
		const bytes = pngBytes(300);
		const first = await uploadFile(app.as(user), bytes, 'valve.png');
		const renamed = await app.as(user).upload.begin({
			name: 'new-valve.png',
			size: bytes.byteLength,
			type: 'image/png',
			sha256: sha256Hex(bytes)
		});
		expect(renamed).toMatchObject({ complete: true, offset: bytes.byteLength });
		expect(renamed.fileId).not.toBe(first.fileId);
		const files = await app.db.storedFile.findMany({
			where: { ownerId: user.id },
			orderBy: { createdAt: 'asc' }
		});
		expect(files.map((f) => [f.name, f.mimeType])).toEqual([
			['valve.png', 'image/png'],
			['new-valve.png', 'image/png']
		]);
	});

	it('gives back the stored file for the same bytes under the same name', async () => {
		const user = await app.user();
		const bytes = pngBytes(100);
		const first = await uploadFile(app.as(user), bytes);
		const second = await app.as(user).upload.begin({
			name: 'photo.png',
			size: bytes.byteLength,
			type: 'image/png',
			sha256: sha256Hex(bytes)
		});
		expect(second).toMatchObject({ complete: true, fileId: first.fileId, offset: bytes.byteLength });
	});

	it('refuses a file whose bytes do not match the announced sha256, and starts it over', async () => {
		const user = await app.user();
		const bytes = pngBytes(10);
		const begun = await app.as(user).upload.begin({
			name: 'x.png',
			size: bytes.byteLength,
			type: 'image/png',
			sha256: sha256Hex(pngBytes(11)) // another file's hash
		});
		await expect(app.as(user).upload.chunk(chunkForm(begun.uploadId, 0, bytes))).rejects.toMatchObject({
			code: 'BAD_REQUEST',
			cause: { key: 'checksum_mismatch' }
		});
		expect(await app.as(user).upload.status({ uploadId: begun.uploadId })).toMatchObject({
			offset: 0,
			complete: false
		});
		expect(await app.db.storedFile.count({ where: { ownerId: user.id } })).toBe(0);
	});

	it('refuses content that is not an accepted type, whatever its name', async () => {
		const user = await app.user();
		// An ELF executable header, named like a photo.
		const bytes = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(100).fill(0)]);
		const begun = await app.as(user).upload.begin({
			name: 'holiday.jpg',
			size: bytes.byteLength,
			type: 'image/jpeg',
			sha256: sha256Hex(bytes)
		});
		await expect(app.as(user).upload.chunk(chunkForm(begun.uploadId, 0, bytes))).rejects.toMatchObject({
			code: 'BAD_REQUEST',
			cause: { key: 'unsupported_type' }
		});
		expect(await app.db.storedFile.count({ where: { ownerId: user.id } })).toBe(0);
	});

	it('accepts a plain-text report file (UTF-8, Chinese included)', async () => {
		const user = await app.user();
		const bytes = new TextEncoder().encode('现场检查报告\nAll valves tested.\n');
		const { fileId } = await uploadFile(app.as(user), bytes, 'report.txt');
		expect((await app.db.storedFile.findUniqueOrThrow({ where: { id: fileId } })).mimeType).toBe(
			'text/plain'
		);
	});

	it('refuses files over the size limit and chunks past the end', async () => {
		const user = await app.user();
		await expect(
			app.as(user).upload.begin({
				name: 'big.png',
				size: 2 * 1024 * 1024 + 1,
				type: 'image/png',
				sha256: 'a'.repeat(64)
			})
		).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { key: 'file_too_large' } });
		const bytes = pngBytes(10);
		const begun = await app
			.as(user)
			.upload.begin({ name: 'x.png', size: bytes.byteLength, type: 'image/png', sha256: sha256Hex(bytes) });
		await expect(app.as(user).upload.chunk(chunkForm(begun.uploadId, 0, pngBytes(20)))).rejects.toMatchObject(
			{ code: 'BAD_REQUEST', cause: { key: 'chunk_past_end' } }
		);
		const form = new FormData();
		form.set('uploadId', begun.uploadId);
		form.set('offset', '0');
		await expect(app.as(user).upload.chunk(form)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
	});

	it('hides one user’s uploads from another', async () => {
		const [owner, other] = [await app.user(), await app.user()];
		const bytes = pngBytes(CHUNK_SIZE);
		const begun = await app
			.as(owner)
			.upload.begin({ name: 'p.png', size: bytes.byteLength, type: 'image/png', sha256: sha256Hex(bytes) });
		await expect(app.as(other).upload.status({ uploadId: begun.uploadId })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		await expect(
			app.as(other).upload.chunk(chunkForm(begun.uploadId, 0, bytes.subarray(0, 10)))
		).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		await expect(app.as(other).upload.status({ uploadId: randomUUID() })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		expect(await app.as(owner).upload.status({ uploadId: begun.uploadId })).toMatchObject({ offset: 0 });
	});
});
