// Ledger facts the tests check after every scenario: the invariants of docs/ARCHITECTURE.md "Money".
import type { Db } from '$lib/server/db';

export async function balanceOfWallet(db: Db, userId: string): Promise<bigint> {
	const account = await db.account.findFirst({ where: { kind: 'WALLET', userId } });
	return account?.balance ?? 0n;
}

export async function balanceOfEscrow(db: Db, taskId: string): Promise<bigint> {
	const account = await db.account.findUnique({ where: { taskId } });
	return account?.balance ?? 0n;
}

export async function platformRevenue(db: Db): Promise<bigint> {
	const account = await db.account.findFirst({ where: { kind: 'PLATFORM_REVENUE' } });
	return account?.balance ?? 0n;
}

/** Σ of all balances (must be 0) and whether every balance equals the sum of its transfers. */
export async function ledgerAudit(db: Db) {
	const accounts = await db.account.findMany();
	const transfers = await db.transfer.findMany();
	const recomputed = new Map<string, bigint>();
	for (const t of transfers) {
		recomputed.set(t.debitAccountId, (recomputed.get(t.debitAccountId) ?? 0n) - t.amount);
		recomputed.set(t.creditAccountId, (recomputed.get(t.creditAccountId) ?? 0n) + t.amount);
	}
	const sum = accounts.reduce((total, a) => total + a.balance, 0n);
	const mismatched = accounts.filter((a) => a.balance !== (recomputed.get(a.id) ?? 0n)).map((a) => a.id);
	const negative = accounts.filter((a) => a.kind !== 'EXTERNAL' && a.balance < 0n).map((a) => a.id);
	return { sum, mismatched, negative, transfers: transfers.length };
}
