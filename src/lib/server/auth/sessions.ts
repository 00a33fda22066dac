// Sessions with lucia v3 over a small Prisma adapter. The adapter stores only the SHA-256 of each session
// token, so a copy of the table cannot be turned into working cookies. Lucia v3 is in maintenance; all
// session handling stays behind this module so it can move to @oslojs-based sessions later.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase64urlNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { Lucia, type Adapter, type DatabaseSession, type DatabaseUser } from 'lucia';
import type { Db } from '../db';

/** SHA-256 (hex) of a secret token: what is stored instead of it (sessions, device cookies). */
export const hashToken = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

export interface UserAttributes {
	email: string;
	displayName: string;
	kind: 'PERSON' | 'ORGANISATION';
	isAdmin: boolean;
	suspendedAt: Date | null;
	suspendedReason: string | null;
}

const userAttributeSelect = {
	id: true,
	email: true,
	displayName: true,
	kind: true,
	isAdmin: true,
	suspendedAt: true,
	suspendedReason: true
} as const;

function prismaAdapter(db: Db): Adapter {
	return {
		async getSessionAndUser(token): Promise<[DatabaseSession | null, DatabaseUser | null]> {
			const row = await db.session.findUnique({
				where: { id: hashToken(token) },
				select: { userId: true, expiresAt: true, user: { select: userAttributeSelect } }
			});
			if (!row) return [null, null];
			const { id, ...attributes } = row.user;
			return [
				{ id: token, userId: row.userId, expiresAt: row.expiresAt, attributes: {} },
				{ id, attributes }
			];
		},
		async getUserSessions(userId) {
			const rows = await db.session.findMany({ where: { userId } });
			// Only hashes are stored; they stand in for the ids, which is enough to list and count.
			return rows.map((row) => ({ id: row.id, userId, expiresAt: row.expiresAt, attributes: {} }));
		},
		async setSession(session) {
			await db.session.create({
				data: { id: hashToken(session.id), userId: session.userId, expiresAt: session.expiresAt }
			});
		},
		async updateSessionExpiration(token, expiresAt) {
			await db.session.updateMany({ where: { id: hashToken(token) }, data: { expiresAt } });
		},
		async deleteSession(token) {
			await db.session.deleteMany({ where: { id: hashToken(token) } });
		},
		async deleteUserSessions(userId) {
			await db.session.deleteMany({ where: { userId } });
		},
		async deleteExpiredSessions() {
			await db.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
		}
	};
}

/** A browser's device cookie: set at sign-in, it lets its owner past failures others caused. */
export const DEVICE_COOKIE = 'jiedan_device';
export const DEVICE_COOKIE_MAX_AGE = 400 * 86_400; // seconds; browsers cap cookies at 400 days

export function newDeviceToken(): string {
	return encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32)));
}

export function createLucia(db: Db) {
	return new Lucia(prismaAdapter(db), {
		sessionCookie: { name: 'jiedan_session', attributes: { sameSite: 'lax' } },
		getUserAttributes: (attributes) => attributes
	});
}

export type Auth = ReturnType<typeof createLucia>;

declare module 'lucia' {
	interface Register {
		Lucia: Auth;
		DatabaseUserAttributes: UserAttributes;
	}
}

/**
 * Cookies are `Secure` everywhere except plain-http localhost, where browsers would drop a Secure cookie
 * and development would break.
 */
export function cookieIsSecure(url: URL): boolean {
	const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
	return url.protocol === 'https:' || !local;
}
