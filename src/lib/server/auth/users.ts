// Accounts: register, sign in (throttled), and the admin account named in the environment.
import { DomainError } from '$lib/domain/errors';
import type { LoginInput, RegisterInput } from '$lib/domain/schemas/auth';
import { Prisma, type Db } from '../db';
import type { UserKind } from '../db/generated/enums';
import { walletAccount } from '../money/ledger';
import type { PublicUser } from '../core/actor';
import { inTransaction } from '../core/transaction';
import { hashPassword, spendVerifyTime, verifyPassword } from './password';
import {
	countSignInAttempt,
	countSignUp,
	knownSource,
	rememberSource,
	signInSucceeded,
	type SignInSource
} from './throttle';

export const publicUserSelect = {
	id: true,
	email: true,
	displayName: true,
	kind: true,
	isAdmin: true,
	suspendedAt: true,
	suspendedReason: true
} satisfies Prisma.UserSelect;

export type { PublicUser };

export const presentUser = (user: {
	id: string;
	email: string;
	displayName: string;
	kind: UserKind;
	isAdmin: boolean;
	suspendedAt: Date | null;
	suspendedReason: string | null;
}): PublicUser => ({
	id: user.id,
	email: user.email,
	displayName: user.displayName,
	kind: user.kind === 'ORGANISATION' ? 'organisation' : 'person',
	isAdmin: user.isAdmin,
	suspended: user.suspendedAt !== null,
	suspendedReason: user.suspendedAt !== null ? user.suspendedReason : null
});

const isUniqueViolation = (error: unknown) =>
	error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

/**
 * Creates an account with its wallet. `source`: where the request came from, counted against the sign-up
 * limit before the password is hashed, and remembered as a place the new owner signs in from.
 */
export async function register(
	db: Db,
	input: RegisterInput,
	currency: string,
	source?: SignInSource
): Promise<PublicUser> {
	if (source) await countSignUp(db, source.address);
	const passwordHash = await hashPassword(input.password);
	try {
		const user = await inTransaction(db, async (tx) => {
			const user = await tx.user.create({
				data: {
					email: input.email,
					displayName: input.displayName,
					kind: input.kind === 'organisation' ? 'ORGANISATION' : 'PERSON',
					passwordHash
				},
				select: publicUserSelect
			});
			await walletAccount(tx, user.id, currency);
			return presentUser(user);
		});
		if (source) await rememberSource(db, user.id, source);
		return user;
	} catch (error) {
		if (isUniqueViolation(error)) {
			throw new DomainError('CONFLICT', 'email_taken', 'An account with this email already exists.');
		}
		throw error;
	}
}

/**
 * Signs in: a straight run of guard clauses. The attempt is counted before the password is checked (see
 * ./throttle.ts), so the throttle holds however many guesses arrive at once.
 */
export async function authenticate(db: Db, input: LoginInput, source: SignInSource): Promise<PublicUser> {
	const user = await db.user.findUnique({
		where: { email: input.email },
		select: { ...publicUserSelect, passwordHash: true }
	});
	const known = user ? await knownSource(db, user.id, source) : null;
	const attempt = await countSignInAttempt(db, input.email, source, known);
	const valid = user
		? await verifyPassword(user.passwordHash, input.password)
		: await spendVerifyTime(input.password);
	if (!user || !valid) {
		throw new DomainError('UNAUTHORIZED', 'bad_credentials', 'The email or password is not right.');
	}
	await signInSucceeded(db, attempt);
	await rememberSource(db, user.id, source);
	return presentUser(user);
}

/** Makes sure the admin named by ADMIN_EMAIL/ADMIN_PASSWORD exists, is an admin and has that password. */
export async function ensureAdmin(db: Db, admin: { email: string; password: string }, currency: string) {
	const email = admin.email.trim().toLowerCase();
	const passwordHash = await hashPassword(admin.password);
	await inTransaction(db, async (tx) => {
		const user = await tx.user.upsert({
			where: { email },
			create: { email, displayName: 'Admin', kind: 'PERSON', passwordHash, isAdmin: true },
			update: { isAdmin: true, passwordHash },
			select: { id: true }
		});
		await walletAccount(tx, user.id, currency);
	});
}
