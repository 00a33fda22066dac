// Sign-in and sign-up throttling, kept in PostgreSQL so every server instance counts together.
//
// Every sign-in attempt is counted *before* its password is checked, in one statement that returns the
// new counts, so N guesses sent at once (in parallel, or batched) check at most the limit: attempt N+1
// reads a count above it and is refused without running argon2. A successful attempt gives its own count
// back; it never clears what others did, so a burst stays visible after a lucky guess.
//
// Three counters keep one source from locking out everyone else:
// - per source (account × address): a guessing source is stopped after a few tries, well before the
//   account limit, so one attacker cannot lock the owner out alone;
// - per account, for sources the owner never signed in from: many attacking addresses together;
// - per address, for the same unknown sources: one address trying many accounts.
// The owner signing in from an address or a device (cookie) they signed in from before counts only
// against their own source, so neither attacks on their account from elsewhere nor a busy carrier NAT
// lock them out. Sign-ups are counted per address, generously (a crew of workers registers together).
import { DomainError } from '$lib/domain/errors';
import type { Db } from '../db';

export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_SOURCE = 5;
export const MAX_FAILURES_PER_ACCOUNT = 10;
export const MAX_FAILURES_PER_ADDRESS = 200;
export const MAX_SIGNUPS_PER_ADDRESS = 100;
/** How long a place someone signed in from stays known. */
export const KNOWN_SOURCE_DAYS = 90;

const LIMITS = {
	source: MAX_FAILURES_PER_SOURCE,
	account: MAX_FAILURES_PER_ACCOUNT,
	address: MAX_FAILURES_PER_ADDRESS,
	signup: MAX_SIGNUPS_PER_ADDRESS
} as const;
type Counter = keyof typeof LIMITS;

const keyOf = (counter: Counter, subject: string) => `${counter}:${subject}`;

export interface SignInSource {
	address: string;
	/** The SHA-256 (hex) of the device cookie the browser sent, if any. */
	deviceHash: string | null;
}

/** Adds one attempt to each key in one statement and answers the counts after it. */
async function count(db: Db, keys: string[]): Promise<Map<string, number>> {
	const rows = await db.$queryRaw<{ key: string; failures: number }[]>`
		INSERT INTO "LoginThrottle" ("key", "failures", "windowStart")
		SELECT key, 1, now() FROM unnest(${keys}::text[]) AS key ORDER BY key
		ON CONFLICT ("key") DO UPDATE SET
			"failures" = CASE WHEN "LoginThrottle"."windowStart" < now() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})
				THEN 1 ELSE "LoginThrottle"."failures" + 1 END,
			"windowStart" = CASE WHEN "LoginThrottle"."windowStart" < now() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})
				THEN now() ELSE "LoginThrottle"."windowStart" END
		RETURNING "key", "failures"`;
	return new Map(rows.map((row) => [row.key, row.failures]));
}

const tooMany = (counter: Counter) =>
	counter === 'signup'
		? new DomainError(
				'TOO_MANY_REQUESTS',
				'too_many_signups',
				`Too many new accounts from this network. Try again in ${THROTTLE_WINDOW_MINUTES} minutes.`
			)
		: new DomainError(
				'TOO_MANY_REQUESTS',
				'too_many_login_failures',
				`Too many failed sign-ins. Try again in ${THROTTLE_WINDOW_MINUTES} minutes.`
			);

const sourcesOf = (source: SignInSource) => [
	`address:${source.address}`,
	...(source.deviceHash ? [`device:${source.deviceHash}`] : [])
];

/** How the owner of `userId` is known here: by this browser's device cookie, this address, or not at all. */
export type Known = 'device' | 'address' | null;

export async function knownSource(db: Db, userId: string, source: SignInSource): Promise<Known> {
	const rows = await db.knownSignIn.findMany({
		where: {
			userId,
			source: { in: sourcesOf(source) },
			lastAt: { gt: new Date(Date.now() - KNOWN_SOURCE_DAYS * 86_400_000) }
		},
		select: { source: true }
	});
	if (rows.some((row) => row.source.startsWith('device:'))) return 'device';
	return rows.length > 0 ? 'address' : null;
}

export interface SignInAttempt {
	/** The keys this attempt was counted under, to give back if it succeeds. */
	keys: string[];
	sourceKey: string;
}

/**
 * Counts a sign-in attempt for `email` from `source` and refuses it (TOO_MANY_REQUESTS) if any counter it
 * falls under is past its limit. `known`: how the account's owner signed in from here before.
 */
export async function countSignInAttempt(
	db: Db,
	email: string,
	source: SignInSource,
	known: Known
): Promise<SignInAttempt> {
	// The owner's own browser has a counter of its own, so a guesser behind the same address cannot use
	// it up. Anyone else is counted by address: a made-up cookie is not known, and a new one is free.
	const from = known === 'device' ? `device:${source.deviceHash}` : `address:${source.address}`;
	const sourceKey = keyOf('source', `${email}|${from}`);
	const keys = known ? [sourceKey] : [sourceKey, keyOf('account', email), keyOf('address', source.address)];
	const counts = await count(db, keys);
	for (const key of keys) {
		const counter = key.slice(0, key.indexOf(':')) as Counter;
		if ((counts.get(key) ?? 0) > LIMITS[counter]) throw tooMany(counter);
	}
	return { keys, sourceKey };
}

/**
 * A correct password: the attempt was not a failure, so it gives its count back, and its source starts
 * afresh. Others' failures on the account or address stay.
 */
export async function signInSucceeded(db: Db, attempt: SignInAttempt): Promise<void> {
	await db.$executeRaw`
		UPDATE "LoginThrottle" SET "failures" = GREATEST("failures" - 1, 0)
		WHERE "key" = ANY(${attempt.keys.filter((key) => key !== attempt.sourceKey)}::text[])`;
	await db.loginThrottle.deleteMany({ where: { key: attempt.sourceKey } });
}

/** Remembers where the owner signed in from, so failures caused elsewhere never lock them out here. */
export async function rememberSource(db: Db, userId: string, source: SignInSource): Promise<void> {
	const sources = sourcesOf(source);
	await db.$executeRaw`
		INSERT INTO "KnownSignIn" ("userId", "source", "lastAt")
		SELECT ${userId}::uuid, source, now() FROM unnest(${sources}::text[]) AS source
		ON CONFLICT ("userId", "source") DO UPDATE SET "lastAt" = now()`;
}

/** Counts a sign-up from `address`, before its password is hashed; refuses past the limit. */
export async function countSignUp(db: Db, address: string): Promise<void> {
	const key = keyOf('signup', address);
	const counts = await count(db, [key]);
	if ((counts.get(key) ?? 0) > LIMITS.signup) throw tooMany('signup');
}
