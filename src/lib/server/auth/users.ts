// Accounts: register, sign in (throttled), and the admin account named in the environment.
import { DomainError } from '$lib/domain/errors';
import type { LoginInput, RegisterInput } from '$lib/domain/schemas/auth';
import { Prisma, type Db } from '../db';
import type { UserKind } from '../db/generated/enums';
import { walletAccount } from '../ledger';
import { inTransaction } from '../transaction';
import { hashPassword, spendVerifyTime, verifyPassword } from './password';
import { assertLoginAllowed, clearAccountFailures, recordLoginFailure } from './throttle';

export const publicUserSelect = {
	id: true,
	email: true,
	displayName: true,
	kind: true,
	isAdmin: true,
	suspendedAt: true,
	suspendedReason: true
} satisfies Prisma.UserSelect;

export interface PublicUser {
	id: string;
	email: string;
	displayName: string;
	kind: 'person' | 'organisation';
	isAdmin: boolean;
	/** An admin suspended the account: it can read, but every change is refused (`suspended`). */
	suspended: boolean;
	/** The admin's reason, shown to the user. */
	suspendedReason: string | null;
}

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

export async function register(db: Db, input: RegisterInput, currency: string): Promise<PublicUser> {
	const passwordHash = await hashPassword(input.password);
	try {
		return await inTransaction(db, async (tx) => {
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
	} catch (error) {
		if (isUniqueViolation(error)) {
			throw new DomainError('CONFLICT', 'email_taken', 'An account with this email already exists.');
		}
		throw error;
	}
}

export async function authenticate(db: Db, input: LoginInput, address: string): Promise<PublicUser> {
	await assertLoginAllowed(db, input.email, address);
	const user = await db.user.findUnique({
		where: { email: input.email },
		select: { ...publicUserSelect, passwordHash: true }
	});
	const valid = user
		? await verifyPassword(user.passwordHash, input.password)
		: await spendVerifyTime(input.password);
	if (!user || !valid) {
		await recordLoginFailure(db, input.email, address);
		throw new DomainError('UNAUTHORIZED', 'bad_credentials', 'The email or password is not right.');
	}
	await clearAccountFailures(db, input.email);
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
