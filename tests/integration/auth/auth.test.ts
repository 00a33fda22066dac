import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	MAX_FAILURES_PER_ACCOUNT,
	MAX_FAILURES_PER_ADDRESS,
	MAX_FAILURES_PER_SOURCE,
	MAX_SIGNUPS_PER_ADDRESS
} from '$lib/server/auth/throttle';
import { handleApiRequest, MAX_BATCH_SIZE } from '$lib/server/http';
import { createLucia } from '$lib/server/auth/sessions';
import { presentUser } from '$lib/server/auth/users';
import { createCaller } from '$lib/server/router';
import { createTestApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp();
});
afterAll(() => app.close());

/** A caller whose cookie jar is one variable, like a browser with one cookie. */
function browser(address = '198.51.100.20') {
	const jar: { token: string | null; device: string | null } = { token: null, device: null };
	const auth = createLucia(app.db);
	const caller = async () => {
		const validated = jar.token ? await auth.validateSession(jar.token) : { session: null, user: null };
		return createCaller({
			db: app.db,
			config: app.config,
			storage: app.storage,
			auth,
			user: validated.user ? presentUser(validated.user) : null,
			sessionId: validated.session?.id ?? null,
			clientAddress: address,
			deviceToken: jar.device,
			cookies: {
				set: (token) => void (jar.token = token),
				clear: () => void (jar.token = null),
				setDevice: (token) => void (jar.device = token)
			}
		});
	};
	return { jar, caller };
}

const credentials = (email: string) => ({ email, password: 'a long password 1' });

describe('register, login, logout, me', () => {
	it('walks a whole session', async () => {
		const b = browser();
		const user = await (
			await b.caller()
		).auth.register({
			...credentials('Wang.Fang@Example.com'),
			displayName: '王芳',
			kind: 'organisation'
		});
		expect(user).toMatchObject({
			email: 'wang.fang@example.com',
			displayName: '王芳',
			kind: 'organisation',
			isAdmin: false
		});
		expect(b.jar.token).toBeTruthy();
		expect(await (await b.caller()).auth.me()).toMatchObject({ id: user.id });

		// The database keeps only a hash of the token.
		const stored = await app.db.session.findMany({ where: { userId: user.id } });
		expect(stored).toHaveLength(1);
		expect(stored[0]!.id).not.toBe(b.jar.token);
		expect(stored[0]!.id).toMatch(/^[0-9a-f]{64}$/);

		await (await b.caller()).auth.logout();
		expect(b.jar.token).toBeNull();
		expect(await app.db.session.count({ where: { userId: user.id } })).toBe(0);
		expect(await (await b.caller()).auth.me()).toBeNull();

		const again = await (await b.caller()).auth.login(credentials('WANG.FANG@example.com'));
		expect(again.id).toBe(user.id);
		expect(await (await b.caller()).auth.me()).toMatchObject({ id: user.id });
	});

	it('refuses a second account with the same email', async () => {
		const input = { ...credentials('dup@example.com'), displayName: 'A', kind: 'person' as const };
		await (await browser().caller()).auth.register(input);
		await expect((await browser().caller()).auth.register(input)).rejects.toMatchObject({
			code: 'CONFLICT',
			message: 'An account with this email already exists.'
		});
		expect(await app.db.user.count({ where: { email: 'dup@example.com' } })).toBe(1);
	});

	it('says the same for an unknown email and a wrong password', async () => {
		await (
			await browser().caller()
		).auth.register({ ...credentials('known@example.com'), displayName: 'K', kind: 'person' });
		const wrongPassword = await (
			await browser().caller()
		).auth
			.login({ email: 'known@example.com', password: 'not it at all' })
			.catch((e: unknown) => e);
		const unknown = await (
			await browser().caller()
		).auth
			.login(credentials('nobody@example.com'))
			.catch((e: unknown) => e);
		expect(wrongPassword).toMatchObject({
			code: 'UNAUTHORIZED',
			message: 'The email or password is not right.'
		});
		expect(unknown).toMatchObject({ code: 'UNAUTHORIZED', message: 'The email or password is not right.' });
	});
});

const register = async (email: string, address?: string) =>
	(await browser(address).caller()).auth.register({
		...credentials(email),
		displayName: 'T',
		kind: 'person'
	});

describe('login throttling', () => {
	/** What a sign-in answered: signed in, a wrong password (it was checked), or throttled (it was not). */
	const outcome = (attempt: Promise<unknown>) =>
		attempt.then(
			() => 'signed in',
			(error: { code?: string }) => (error.code === 'UNAUTHORIZED' ? 'checked' : (error.code ?? 'error'))
		);

	it(`checks at most ${MAX_FAILURES_PER_SOURCE} of 60 parallel guesses from one address, and none after`, async () => {
		const email = 'parallel@example.com';
		await register(email, '198.51.100.1');
		const attacker = '192.0.2.60';
		const guesses = await Promise.all(
			Array.from({ length: 60 }, async (_, i) =>
				outcome((await browser(attacker).caller()).auth.login({ email, password: `guess ${i}` }))
			)
		);
		expect(guesses.filter((g) => g === 'checked')).toHaveLength(MAX_FAILURES_PER_SOURCE);
		expect(guesses.filter((g) => g === 'TOO_MANY_REQUESTS')).toHaveLength(60 - MAX_FAILURES_PER_SOURCE);
		// The right password from that address is not even checked now.
		expect(await outcome((await browser(attacker).caller()).auth.login(credentials(email)))).toBe(
			'TOO_MANY_REQUESTS'
		);
	});

	it(`checks at most ${MAX_FAILURES_PER_ACCOUNT} of 60 parallel guesses from 60 addresses; a lucky one hides nothing`, async () => {
		const email = 'botnet@example.com';
		await register(email, '198.51.100.2');
		const guesses = await Promise.all(
			Array.from({ length: 60 }, async (_, i) =>
				outcome(
					(await browser(`192.0.2.${i + 100}`).caller()).auth.login(
						// One of them has the password; it must not clear the count of the others.
						i === 3 ? credentials(email) : { email, password: `guess ${i}` }
					)
				)
			)
		);
		const checked = guesses.filter((g) => g === 'checked' || g === 'signed in');
		expect(checked.length).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
		expect(guesses.filter((g) => g === 'TOO_MANY_REQUESTS').length).toBeGreaterThanOrEqual(
			60 - MAX_FAILURES_PER_ACCOUNT
		);
		const counter = await app.db.loginThrottle.findUnique({ where: { key: `account:${email}` } });
		// 60 attempts counted, minus at most the one that succeeded.
		expect(counter?.failures).toBeGreaterThanOrEqual(59);
		expect(await outcome((await browser('192.0.2.250').caller()).auth.login(credentials(email)))).toBe(
			'TOO_MANY_REQUESTS'
		);
	});

	it('locks out guessers from everywhere, never the owner where they signed in before', async () => {
		const email = 'target@example.com';
		const home = '198.51.100.3';
		const owner = browser(home);
		await (await owner.caller()).auth.register({ ...credentials(email), displayName: 'T', kind: 'person' });
		const device = owner.jar.device!;
		expect(device).toBeTruthy();
		for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT + 5; i++) {
			await outcome(
				(await browser(`192.0.2.${i + 1}`).caller()).auth.login({ email, password: `guess ${i}` })
			);
		}
		// A new place is locked out for the window...
		expect(await outcome((await browser('203.0.113.99').caller()).auth.login(credentials(email)))).toBe(
			'TOO_MANY_REQUESTS'
		);
		// ...the owner's address and the owner's phone (its device cookie, on another network) are not.
		expect(await outcome((await browser(home).caller()).auth.login(credentials(email)))).toBe('signed in');
		const phone = browser('100.64.9.9');
		phone.jar.device = device;
		expect(await outcome((await phone.caller()).auth.login(credentials(email)))).toBe('signed in');
		// A made-up device cookie is no key.
		const forged = browser('100.64.9.10');
		forged.jar.device = 'made-up-device-cookie';
		expect(await outcome((await forged.caller()).auth.login(credentials(email)))).toBe('TOO_MANY_REQUESTS');
	});

	it('a busy carrier NAT with 200 failures does not lock out those who signed in from it before', async () => {
		const nat = '100.64.1.1';
		const regular = 'regular@example.com';
		await register(regular, nat);
		const newcomer = 'newcomer@example.com';
		await register(newcomer, '198.51.100.4');
		for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
			await app.db.loginThrottle.upsert({
				where: { key: `address:${nat}` },
				create: { key: `address:${nat}`, failures: i + 1, windowStart: new Date() },
				update: { failures: i + 1 }
			});
		}
		expect(await outcome((await browser(nat).caller()).auth.login(credentials(newcomer)))).toBe(
			'TOO_MANY_REQUESTS'
		);
		expect(await outcome((await browser(nat).caller()).auth.login(credentials(regular)))).toBe('signed in');
	});

	it('lets fifty workers behind one carrier NAT register and sign in within a minute', async () => {
		const nat = '100.64.0.1';
		const emails = Array.from({ length: 50 }, (_, i) => `nat-worker-${i}@example.com`);
		await Promise.all(
			emails.map(async (email, i) =>
				(await browser(nat).caller()).auth.register({
					...credentials(email),
					displayName: `工人 ${i}`,
					kind: 'person'
				})
			)
		);
		// A few typos along the way are normal and must not lock the others out.
		for (const email of emails.slice(0, 10)) {
			await expect(
				(await browser(nat).caller()).auth.login({ email, password: 'typo' })
			).rejects.toMatchObject({
				code: 'UNAUTHORIZED'
			});
		}
		const signedIn = await Promise.all(
			emails.map(async (email) => (await browser(nat).caller()).auth.login(credentials(email)))
		);
		expect(signedIn.map((u) => u.email).sort()).toEqual([...emails].sort());
	});

	it(`refuses sign-up number ${MAX_SIGNUPS_PER_ADDRESS + 1} from one address in the window, before hashing`, async () => {
		const address = '100.64.2.2';
		await app.db.loginThrottle.create({
			data: { key: `signup:${address}`, failures: MAX_SIGNUPS_PER_ADDRESS - 1, windowStart: new Date() }
		});
		await expect(register('last-one@example.com', address)).resolves.toMatchObject({
			email: 'last-one@example.com'
		});
		const started = performance.now();
		await expect(register('one-too-many@example.com', address)).rejects.toMatchObject({
			code: 'TOO_MANY_REQUESTS',
			cause: { key: 'too_many_signups' }
		});
		expect(await app.db.user.count({ where: { email: 'one-too-many@example.com' } })).toBe(0);
		expect(performance.now() - started).toBeLessThan(1_000);
		await expect(register('elsewhere@example.com', '100.64.2.3')).resolves.toBeTruthy();
	});

	it('a successful login gives back its own attempt and starts its source afresh', async () => {
		const email = 'typo-prone@example.com';
		await register(email);
		for (let round = 0; round < 3; round++) {
			for (let i = 0; i < MAX_FAILURES_PER_SOURCE - 1; i++) {
				await (await browser().caller()).auth.login({ email, password: 'wrong' }).catch(() => undefined);
			}
			await expect((await browser().caller()).auth.login(credentials(email))).resolves.toMatchObject({
				email
			});
		}
	});
});

describe('batches over HTTP', () => {
	const post = (path: string, body: unknown) =>
		handleApiRequest(
			new Request(`http://jiedan.test/api/trpc/${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body)
			}),
			() => app.context(null, '192.0.2.77')
		);

	it('refuses 500 batched guesses without checking one', async () => {
		const email = 'batched@example.com';
		await register(email, '198.51.100.5');
		const guesses = Object.fromEntries(
			Array.from({ length: 500 }, (_, i) => [String(i), { json: { email, password: `guess ${i}` } }])
		);
		const response = await post(`${Array(500).fill('auth.login').join(',')}?batch=1`, guesses);
		expect(response.status).toBe(400);
		expect(await app.db.loginThrottle.findUnique({ where: { key: `account:${email}` } })).toBeNull();
		// Within the batch limit, sign-ins still may not be batched.
		const ten = await post(`${Array(2).fill('auth.login').join(',')}?batch=1`, {
			0: guesses[0],
			1: guesses[1]
		});
		expect(ten.status).toBe(400);
		expect(await ten.json()).toMatchObject({ error: { data: { key: 'not_batchable' } } });
		expect(await app.db.loginThrottle.findUnique({ where: { key: `account:${email}` } })).toBeNull();
	});

	it(`answers a batch of ${MAX_BATCH_SIZE} reads, and refuses ${MAX_BATCH_SIZE + 1}`, async () => {
		const get = (n: number) =>
			handleApiRequest(
				new Request(
					`http://jiedan.test/api/trpc/${Array(n).fill('upload.limits').join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`
				),
				() => app.context(null)
			);
		const ok = await get(MAX_BATCH_SIZE);
		expect(ok.status).toBe(200);
		expect(await ok.json()).toHaveLength(MAX_BATCH_SIZE);
		expect((await get(MAX_BATCH_SIZE + 1)).status).toBe(400);
	});

	it('takes one sign-in alone', async () => {
		const email = 'alone@example.com';
		await register(email, '198.51.100.6');
		const response = await post('auth.login', { json: credentials(email) });
		expect(response.status).toBe(200);
	});
});

describe('signed-out callers', () => {
	it.each(['wallet.get', 'task.mine'])('%s needs a session', async (path) => {
		const caller = app.as(null);
		const call = path === 'wallet.get' ? caller.wallet.get() : caller.task.mine();
		await expect(call).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
	});
});
