// Every row of every table as text, for tests that prove a call changed nothing (the access matrix, the
// bad-input property test).
import type { TestApp } from './app';

/** Every table and the column naming the user who owns its rows (null: nobody's in particular). */
export const TABLES: Record<string, string | null> = {
	User: null,
	Session: 'userId',
	Account: 'userId',
	Transfer: null,
	Task: null,
	Handover: null,
	HandoverFile: null,
	Upload: 'ownerId',
	StoredFile: 'ownerId',
	Mutation: 'userId',
	ClaimLapse: null,
	Dispute: null,
	DisputeFile: null,
	Deposit: 'userId',
	Withdrawal: 'userId',
	Rating: null,
	Verification: 'userId',
	VerificationFile: null,
	Message: null,
	MessageFile: null,
	Notification: 'userId',
	AuditEntry: null,
	Setting: null
	// LoginThrottle is not here: a failed sign-in is recorded, and that is the point of it. Tests that
	// must see no attempt at all add it (`withThrottles`).
};

/** Every row of every table as text (rows the `except` user owns left out), for before/after comparisons. */
export async function snapshot(
	app: TestApp,
	except: string | null = null,
	tables: Record<string, string | null> = TABLES
): Promise<Record<string, string[]>> {
	const result: Record<string, string[]> = {};
	for (const [table, owner] of Object.entries(tables)) {
		const where = owner && except ? `WHERE x."${owner}" IS DISTINCT FROM '${except}'::uuid` : '';
		const rows = await app.db.$queryRawUnsafe<{ row: string }[]>(
			`SELECT x::text AS row FROM "${table}" x ${where}`
		);
		result[table] = rows.map((r) => r.row).sort();
	}
	return result;
}

/** The same tables and the sign-in throttles. */
export const withThrottles = { ...TABLES, LoginThrottle: null };
