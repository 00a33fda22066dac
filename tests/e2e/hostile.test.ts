// The built app against a hostile visitor over real HTTP (hostile-users issue): security headers on every
// page, redirects that never leave the site, the limits on batches and event streams, the 1 MiB chunk the
// API documents, the test-money band, and bad input to every HTTP route answered below 500.
import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from './support/api';
import { startApp } from './support/server';
import { useWorld } from './support/world';

let admin: ReturnType<typeof apiClient>;
let worker: ReturnType<typeof apiClient>;
let taskId: string;
let workerId: string;

const world = useWorld({
	env: { ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin password 1' },
	browser: false
});
beforeAll(async () => {
	admin = apiClient(world.app.baseUrl);
	await admin.client.auth.login.mutate({ email: 'admin@example.com', password: 'admin password 1' });
	worker = apiClient(world.app.baseUrl);
	workerId = (
		await worker.client.auth.register.mutate({
			email: `${randomUUID()}@example.com`,
			password: 'a long password',
			displayName: 'Worker',
			kind: 'person'
		})
	).id;
	const requester = apiClient(world.app.baseUrl);
	const me = await requester.client.auth.register.mutate({
		email: `${randomUUID()}@example.com`,
		password: 'a long password',
		displayName: 'Requester',
		kind: 'person'
	});
	await admin.client.admin.recordDeposit.mutate({ userId: me.id, amount: 10_000n, reference: 'HOSTILE-1' });
	taskId = (
		await requester.client.task.publish.mutate({
			title: 'Fix the tap',
			description: 'It drips.',
			category: 'household',
			address: 'Shanghai',
			bounty: 5_000n
		})
	).id;
});

/** A GET with the cookies of `as` (or none), never following redirects. */
function get(path: string, as?: ReturnType<typeof apiClient>) {
	const cookie = as ? [...as.jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
	return fetch(`${world.app.baseUrl}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

describe('security headers', () => {
	const pages = () => [
		'/',
		'/?q=tap',
		'/post',
		'/my',
		'/wallet',
		'/notifications',
		`/tasks/${taskId}`,
		`/users/${workerId}`,
		'/admin',
		'/admin/review',
		'/admin/users',
		'/admin/ledger',
		'/admin/audit',
		'/nowhere'
	];

	it('every page forbids framing and inline scripts and names its referrer and permission policies', async () => {
		for (const path of pages()) {
			const response = await get(path, admin);
			expect(response.status, path).toBeLessThan(500);
			const csp = response.headers.get('content-security-policy') ?? '';
			expect(csp, path).toContain("frame-ancestors 'none'");
			expect(csp, path).toMatch(/script-src 'self' 'nonce-[^']+'/);
			expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
			expect(csp, path).toContain("default-src 'self'");
			expect(response.headers.get('x-frame-options'), path).toBe('DENY');
			expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
			expect(response.headers.get('permissions-policy'), path).toContain('camera=(self)');
			expect(response.headers.get('permissions-policy'), path).toContain('geolocation=(self)');
			// Plain-http localhost: no HSTS (the https case is below).
			expect(response.headers.get('strict-transport-security'), path).toBeNull();
		}
	});

	it('pages for the signed out too (signed in, these redirect)', async () => {
		for (const path of ['/login', '/register', '/?q=%00']) {
			const response = await get(path);
			expect(response.status, path).toBe(200);
			expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
			expect(response.headers.get('x-frame-options'), path).toBe('DENY');
		}
	});

	it('the API and the event stream carry them too', async () => {
		const api = await get(`/api/trpc/upload.limits`);
		expect(api.headers.get('x-content-type-options')).toBe('nosniff');
		expect(api.headers.get('x-frame-options')).toBe('DENY');
	});
});

describe('redirects stay on the site', () => {
	const tricks = [
		['a tab', '/%09/evil.example'],
		['a carriage return', '/%0d/evil.example'],
		['a line feed', '/%0a/evil.example'],
		['CR LF and a header', '/%0d%0aSet-Cookie:%20hijacked=1'],
		['a backslash', '/%5Cevil.example'],
		['two slashes', '//evil.example'],
		['a tab and a backslash', '/%09%5Cevil.example'],
		['another origin', 'https://evil.example/']
	] as const;

	it.each(tricks)('signed in, /login?next= with %s goes to this site', async (_name, next) => {
		for (const page of ['/login', '/register']) {
			const response = await get(`${page}?next=${next}`, worker);
			expect(response.status).toBe(303);
			const location = response.headers.get('location')!;
			expect(new URL(location, world.app.baseUrl).origin).toBe(world.app.baseUrl);
			expect(location).not.toMatch(/[\t\r\n\\]/);
			expect(response.headers.getSetCookie().join(';')).not.toContain('hijacked');
		}
	});

	it.each(tricks)('the language switch with %s goes to this site', async (_name, next) => {
		const form = new FormData();
		form.set('locale', 'zh-CN');
		form.set('redirectTo', decodeURIComponent(next));
		const response = await fetch(`${world.app.baseUrl}/locale`, {
			method: 'POST',
			body: form,
			redirect: 'manual',
			headers: { origin: world.app.baseUrl }
		});
		expect(response.status).toBe(303);
		expect(new URL(response.headers.get('location')!, world.app.baseUrl).origin).toBe(world.app.baseUrl);
	});
});

describe('limits', () => {
	it('refuses a batch of 500 sign-ins and a batch of 11 reads; takes 10', async () => {
		const guesses = Object.fromEntries(
			Array.from({ length: 500 }, (_, i) => [
				i,
				{ json: { email: 'admin@example.com', password: `guess ${i}` } }
			])
		);
		const batch = await fetch(
			`${world.app.baseUrl}/api/trpc/${Array(500).fill('auth.login').join(',')}?batch=1`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: world.app.baseUrl },
				body: JSON.stringify(guesses)
			}
		);
		expect(batch.status).toBe(400);
		const reads = (n: number) =>
			get(`/api/trpc/${Array(n).fill('upload.limits').join(',')}?batch=1&input=${encodeURIComponent('{}')}`);
		expect((await reads(11)).status).toBe(400);
		expect((await reads(10)).status).toBe(200);
		// The admin can still sign in: none of the 500 guesses was checked.
		const fresh = apiClient(world.app.baseUrl);
		await expect(
			fresh.client.auth.login.mutate({ email: 'admin@example.com', password: 'admin password 1' })
		).resolves.toMatchObject({ isAdmin: true });
	});

	it('keeps 10 event streams per user: the 11th closes the oldest, which is told why', async () => {
		const cookie = [...worker.jar].map(([k, v]) => `${k}=${v}`).join('; ');
		const streams: { text: () => string; abort: () => void }[] = [];
		for (let i = 0; i < 11; i++) {
			const controller = new AbortController();
			const response = await fetch(`${world.app.baseUrl}/api/events`, {
				headers: { cookie },
				signal: controller.signal
			});
			expect(response.status).toBe(200);
			let text = '';
			const reader = response.body!.getReader();
			void (async () => {
				for (;;) {
					const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
					if (done) break;
					text += new TextDecoder().decode(value);
				}
			})();
			streams.push({ text: () => text, abort: () => controller.abort() });
			await expect.poll(() => text.includes('event: ready'), { timeout: 5_000 }).toBe(true);
		}
		await expect.poll(() => streams[0]!.text().includes('event: closed'), { timeout: 5_000 }).toBe(true);
		expect(streams[0]!.text()).toContain('"reason":"too_many_streams"');
		expect(streams.slice(1).some((s) => s.text().includes('event: closed'))).toBe(false);
		for (const stream of streams) stream.abort();
	});

	it('takes an upload chunk of the documented 1 MiB', async () => {
		const bytes = new Uint8Array(1024 * 1024);
		bytes.set([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a]); // "%PDF-1.4": a type it accepts
		const sha256 = createHash('sha256').update(bytes).digest('hex');
		const begun = await worker.client.upload.begin.mutate({
			name: 'big.pdf',
			size: bytes.byteLength,
			type: 'application/pdf',
			sha256
		});
		const form = new FormData();
		form.set('uploadId', begun.uploadId);
		form.set('offset', '0');
		form.set('chunk', new Blob([bytes]));
		const state = await worker.client.upload.chunk.mutate(form);
		expect(state).toMatchObject({ complete: true, offset: bytes.byteLength });
	});
});

describe('bad input to the HTTP routes', () => {
	const junk = fc.constantFrom(
		'%00',
		'a%00b',
		'%0d%0a',
		'0000-01-01',
		'-271821-04-20',
		'275760-09-13',
		'9999999999999999999',
		'-'.repeat(36),
		'%E0%A4%A',
		'%FF%FE',
		'x'.repeat(5000),
		encodeURIComponent(
			Buffer.from(JSON.stringify({ from: '5:3:', to: '5:3:', after: null })).toString('base64url')
		),
		encodeURIComponent(
			Buffer.from(JSON.stringify(['2026-12-01T00:00:00.000Z', '-'.repeat(36)])).toString('base64url')
		),
		encodeURIComponent(`0000-01-01T00:00:00.000Z_${randomUUID()}`),
		'[]',
		'{"json":null}'
	);
	const routes = [
		(v: string) => `/?q=${v}`,
		(v: string) => `/?cursor=${v}`,
		(v: string) => `/?from=${v}&until=${v}`,
		(v: string) => `/?min=${v}&lat=${v}&lng=${v}&sort=nearest`,
		(v: string) => `/tasks/${v}`,
		(v: string) => `/users/${v}`,
		(v: string) => `/files/${v}`,
		(v: string) => `/wallet?from=${v}&to=${v}&code=${v}&cursor=${v}`,
		(v: string) => `/wallet/statement.csv?from=${v}`,
		(v: string) => `/wallet/statement.csv?to=${v}&code=${v}`,
		(v: string) => `/api/events?tasks=${v}&since=${v}`,
		(v: string) => `/login?next=${v}`,
		(v: string) => `/admin/users?q=${v}&cursor=${v}`,
		(v: string) => `/admin/tasks?q=${v}&status=${v}&cursor=${v}`,
		(v: string) => `/admin/audit?targetId=${v}&actorId=${v}&targetType=${v}&cursor=${v}`,
		(v: string) => `/admin/ledger?kind=${v}&accountId=${v}&accountsCursor=${v}&transfersCursor=${v}`,
		(v: string) => `/admin/withdrawals?status=${v}`,
		(v: string) => `/manifest.webmanifest?lang=${v}`,
		(v: string) => `/api/trpc/task.feed?input=${v}`,
		(v: string) => `/api/trpc/task.get?input=${encodeURIComponent(JSON.stringify({ json: { id: v } }))}`,
		(v: string) => `/api/trpc/${v}`
	];

	it('answers 300 spoiled requests to every route below 500, signed out, as a worker and as an admin', async () => {
		const failures: string[] = [];
		let sent = 0;
		await fc.assert(
			fc.asyncProperty(fc.nat(routes.length - 1), junk, fc.nat(2), async (route, value, who) => {
				const path = routes[route]!(value);
				const response = await get(path, [undefined, worker, admin][who]);
				// An event stream that opened never ends by itself: its status is the answer.
				if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
					await response.body?.cancel().catch(() => undefined);
				} else {
					await response.arrayBuffer().catch(() => undefined);
				}
				sent++;
				if (response.status >= 500) failures.push(`${response.status} ${path.slice(0, 120)}`);
			}),
			{ numRuns: 300 }
		);
		expect(sent).toBe(300);
		expect(failures).toEqual([]);
	});

	it('answers malformed API requests below 500', async () => {
		const post = (path: string, body: string, type = 'application/json') =>
			fetch(`${world.app.baseUrl}/api/trpc/${path}`, {
				method: 'POST',
				headers: { 'content-type': type, origin: world.app.baseUrl },
				body
			});
		const answers = await Promise.all([
			post('task.publish', '{not json'),
			post('task.publish', '{"json":{"title":"\\u0000"}}'),
			post('task.publish', 'x'.repeat(600 * 1024)),
			post('upload.chunk', '--boundary\r\nnonsense', 'multipart/form-data; boundary=boundary'),
			post('no.such.procedure', '{}'),
			post('task.feed', '{}'),
			get('/api/trpc/task.publish')
		]);
		expect(answers.map((response) => response.status).filter((status) => status >= 500)).toEqual([]);
	});
});

describe('test money', () => {
	it('a server started with PAYMENT_SANDBOX=on says so on every page; one started without does not', async () => {
		const sandbox = await startApp({
			databaseUrl: world.database.url,
			env: { NODE_ENV: 'development', PAYMENT_SANDBOX: 'on' }
		});
		try {
			for (const path of ['/', '/login', `/tasks/${taskId}`]) {
				expect(await (await fetch(`${sandbox.baseUrl}${path}`)).text()).toContain('Test money');
			}
		} finally {
			await sandbox.stop();
		}
		expect(await (await get('/')).text()).not.toContain('Test money');
	});
});

describe('HSTS', () => {
	it('is sent once ORIGIN is https', async () => {
		const secure = await startApp({
			databaseUrl: world.database.url,
			env: { ORIGIN: 'https://jiedan.example' }
		});
		try {
			const response = await fetch(`${secure.baseUrl}/login`, { headers: { host: 'jiedan.example' } });
			expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
		} finally {
			await secure.stop();
		}
	});
});
