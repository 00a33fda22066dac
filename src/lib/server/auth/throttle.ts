// Failed-login throttling, per account and per network address, kept in PostgreSQL so every server
// instance counts together. Only failures count: fifty workers registering and signing in from behind one
// carrier NAT never meet the address limit, while a password-guessing run meets the account limit fast.
import { DomainError } from '$lib/domain/errors';
import type { Db } from '../db';

export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 10;
export const MAX_FAILURES_PER_ADDRESS = 200;

const accountKey = (email: string) => `account:${email}`;
const addressKey = (address: string) => `address:${address}`;

async function failuresIn(db: Db, key: string): Promise<number> {
	const since = new Date(Date.now() - THROTTLE_WINDOW_MINUTES * 60_000);
	const row = await db.loginThrottle.findUnique({ where: { key } });
	return row && row.windowStart > since ? row.failures : 0;
}

export async function assertLoginAllowed(db: Db, email: string, address: string): Promise<void> {
	const [forAccount, forAddress] = await Promise.all([
		failuresIn(db, accountKey(email)),
		failuresIn(db, addressKey(address))
	]);
	if (forAccount >= MAX_FAILURES_PER_ACCOUNT || forAddress >= MAX_FAILURES_PER_ADDRESS) {
		throw new DomainError(
			'TOO_MANY_REQUESTS',
			'too_many_login_failures',
			`Too many failed sign-ins. Try again in ${THROTTLE_WINDOW_MINUTES} minutes.`
		);
	}
}

export async function recordLoginFailure(db: Db, email: string, address: string): Promise<void> {
	for (const key of [accountKey(email), addressKey(address)]) {
		await db.$executeRaw`
			INSERT INTO "LoginThrottle" ("key", "failures", "windowStart") VALUES (${key}, 1, now())
			ON CONFLICT ("key") DO UPDATE SET
				"failures" = CASE WHEN "LoginThrottle"."windowStart" < now() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})
					THEN 1 ELSE "LoginThrottle"."failures" + 1 END,
				"windowStart" = CASE WHEN "LoginThrottle"."windowStart" < now() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})
					THEN now() ELSE "LoginThrottle"."windowStart" END`;
	}
}

export async function clearAccountFailures(db: Db, email: string): Promise<void> {
	await db.loginThrottle.deleteMany({ where: { key: accountKey(email) } });
}
