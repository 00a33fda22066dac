import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILURES_PER_ACCOUNT } from '$lib/server/auth/throttle';
import { createLucia } from '$lib/server/auth/sessions';
import { presentUser } from '$lib/server/auth/users';
import { createCaller } from '$lib/server/trpc/router';
import { createTestApp, type TestApp } from './support/app';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp();
});
afterAll(() => app.close());

/** A caller whose cookie jar is one variable, like a browser with one cookie. */
function browser(address = '198.51.100.20') {
	const jar: { token: string | null } = { token: null };
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
			cookies: {
				set: (token) => void (jar.token = token),
				clear: () => void (jar.token = null)
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

describe('login throttling', () => {
	it(`locks an account after ${MAX_FAILURES_PER_ACCOUNT} failures, even with the right password`, async () => {
		const email = 'target@example.com';
		await (
			await browser().caller()
		).auth.register({ ...credentials(email), displayName: 'T', kind: 'person' });
		for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
			// Guesses from many addresses: the per-account limit still applies.
			const attacker = browser(`192.0.2.${i + 1}`);
			await expect(
				(await attacker.caller()).auth.login({ email, password: `guess ${i}` })
			).rejects.toMatchObject({
				code: 'UNAUTHORIZED'
			});
		}
		await expect((await browser().caller()).auth.login(credentials(email))).rejects.toMatchObject({
			code: 'TOO_MANY_REQUESTS'
		});
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

	it('a successful login clears the account’s failure count', async () => {
		const email = 'typo-prone@example.com';
		await (
			await browser().caller()
		).auth.register({ ...credentials(email), displayName: 'T', kind: 'person' });
		for (let round = 0; round < 3; round++) {
			for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) {
				await (await browser().caller()).auth.login({ email, password: 'wrong' }).catch(() => undefined);
			}
			await expect((await browser().caller()).auth.login(credentials(email))).resolves.toMatchObject({
				email
			});
		}
	});
});

describe('signed-out callers', () => {
	it.each(['wallet.get', 'task.mine'])('%s needs a session', async (path) => {
		const caller = app.as(null);
		const call = path === 'wallet.get' ? caller.wallet.get() : caller.task.mine();
		await expect(call).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
	});
});
