// The built app over real HTTP: cookies, CSRF, multipart uploads, error shapes, file access.
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiClient } from './support/api';
import { useWorld } from './support/world';

const world = useWorld({
	env: { ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin password 1' },
	browser: false
});

const register = (client: ReturnType<typeof apiClient>['client'], name = 'Worker') =>
	client.auth.register.mutate({
		email: `${randomUUID()}@example.com`,
		password: 'a long password',
		displayName: name,
		kind: 'person'
	});

describe('session cookie', () => {
	it('is httpOnly, SameSite=Lax, for the whole site, and not Secure on plain-http localhost', async () => {
		const response = await fetch(`${world.app.baseUrl}/api/trpc/auth.register`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: world.app.baseUrl },
			body: JSON.stringify({
				json: {
					email: `${randomUUID()}@example.com`,
					password: 'a long password',
					displayName: 'C',
					kind: 'person'
				}
			})
		});
		expect(response.status).toBe(200);
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith('jiedan_session='));
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).toMatch(/Path=\//i);
		expect(cookie).not.toMatch(/Secure/i);
	});
});

describe('CSRF protection of the API', () => {
	const post = (headers: Record<string, string>) =>
		fetch(`${world.app.baseUrl}/api/trpc/auth.logout`, { method: 'POST', headers, body: '{}' });

	it('refuses a mutation from another origin', async () => {
		const response = await post({ 'content-type': 'application/json', origin: 'https://evil.example' });
		expect(response.status).toBe(403);
	});

	it('refuses content types an HTML form can send cross-site', async () => {
		for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
			expect((await post({ 'content-type': type, origin: world.app.baseUrl })).status).toBe(415);
		}
	});

	it('lets same-origin JSON through (to the UNAUTHORIZED answer of a signed-out logout)', async () => {
		const response = await post({ 'content-type': 'application/json', origin: world.app.baseUrl });
		expect(response.status).toBe(401);
	});
});

describe('errors over the wire', () => {
	it('answers malformed input with 400 and a human message, never 500', async () => {
		const { client } = apiClient(world.app.baseUrl);
		await register(client);
		const error = (await client.task.publish
			.mutate({ title: 'x', description: '', category: 'magic', address: '', bounty: -1n } as never)
			.then(
				() => null,
				(e: unknown) => e
			)) as { data?: { httpStatus?: number; key?: string }; message: string };
		expect(error).toMatchObject({ data: { httpStatus: 400, key: 'invalid_input' } });
		expect(error.message).toMatch(/title|category|bounty/);
		const raw = await fetch(`${world.app.baseUrl}/api/trpc/task.publish`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: world.app.baseUrl },
			body: '{ not json'
		});
		expect(raw.status).toBeLessThan(500);
	});
});

describe('uploads over multipart HTTP, and who may read the file', () => {
	it('resumes after a refused offset and serves the file only to those allowed', async () => {
		const owner = apiClient(world.app.baseUrl);
		const stranger = apiClient(world.app.baseUrl);
		await register(owner.client, 'Owner');
		await register(stranger.client, 'Stranger');
		const bytes = new TextEncoder().encode('现场报告 site report\n'.repeat(40_000)); // ~1 MiB of UTF-8 text
		const sha256 = createHash('sha256').update(bytes).digest('hex');
		const begun = await owner.client.upload.begin.mutate({
			name: 'report.txt',
			size: bytes.byteLength,
			type: 'text/plain',
			sha256
		});
		const form = (offset: number, end: number) => {
			const data = new FormData();
			data.set('uploadId', begun.uploadId);
			data.set('offset', String(offset));
			data.set('chunk', new Blob([bytes.slice(offset, end)]));
			return data;
		};
		const chunk = 256 * 1024;
		await owner.client.upload.chunk.mutate(form(0, chunk));
		const wrong = await owner.client.upload.chunk.mutate(form(0, chunk)).catch((e: unknown) => e);
		expect(wrong).toMatchObject({ data: { httpStatus: 409, key: 'wrong_offset' } });
		let state = await owner.client.upload.status.query({ uploadId: begun.uploadId });
		while (!state.complete)
			state = await owner.client.upload.chunk.mutate(form(state.offset, state.offset + chunk));
		expect(state.fileId).toBeTruthy();

		const asOwner = await fetch(`${world.app.baseUrl}/files/${state.fileId}`, {
			headers: { cookie: [...owner.jar].map(([k, v]) => `${k}=${v}`).join('; ') }
		});
		expect(asOwner.status).toBe(200);
		expect(asOwner.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(asOwner.headers.get('x-content-type-options')).toBe('nosniff');
		expect(new Uint8Array(await asOwner.arrayBuffer())).toEqual(bytes);

		const asStranger = await fetch(`${world.app.baseUrl}/files/${state.fileId}`, {
			headers: { cookie: [...stranger.jar].map(([k, v]) => `${k}=${v}`).join('; ') }
		});
		expect(asStranger.status).toBe(404);
		const signedOut = await fetch(`${world.app.baseUrl}/files/${state.fileId}`);
		expect([401, 404]).toContain(signedOut.status);
		await expect(stranger.client.upload.status.query({ uploadId: begun.uploadId })).rejects.toMatchObject({
			data: { httpStatus: 404 }
		});
	});
});
