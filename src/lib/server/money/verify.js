// @ts-check
// Ledger verification: recompute every balance from the transfers, check that all balances sum to zero,
// that no account but EXTERNAL is negative, and that each task's escrow holds its whole bounty while the
// task is active and nothing once it is completed or cancelled, and that the pending-withdrawals account
// of each currency holds exactly the requested (undecided) withdrawals. Any difference is an alarm. Plain JS with
// a `query` function, so the admin API (Prisma) and `npm run ledger:verify` (pg) share one definition.

/**
 * @typedef {{ accountId: string, kind: string, stored: string, recomputed: string }} BalanceMismatch
 * @typedef {{ taskId: string, status: string, bounty: string, escrow: string }} EscrowMismatch
 * @typedef {{ currency: string, pending: string, requested: string }} WithdrawalMismatch
 * @typedef {{ ok: boolean, sum: bigint, accounts: number, transfers: number,
 *   mismatches: BalanceMismatch[], escrow: EscrowMismatch[], withdrawals: WithdrawalMismatch[],
 *   negative: string[] }} LedgerReport
 */

const BALANCES = `
	SELECT a."id" AS "accountId", a."kind"::text AS kind, a."balance"::text AS stored,
		(coalesce(c.total, 0) - coalesce(d.total, 0))::text AS recomputed
	FROM "Account" a
	LEFT JOIN (SELECT "creditAccountId" AS id, sum("amount") AS total FROM "Transfer" GROUP BY 1) c ON c.id = a."id"
	LEFT JOIN (SELECT "debitAccountId" AS id, sum("amount") AS total FROM "Transfer" GROUP BY 1) d ON d.id = a."id"
	WHERE a."balance" <> coalesce(c.total, 0) - coalesce(d.total, 0)
	ORDER BY a."id"
	LIMIT 1000`;

const ESCROW = `
	SELECT t."id" AS "taskId", t."status"::text AS status, t."bounty"::text AS bounty,
		coalesce(a."balance", 0)::text AS escrow
	FROM "Task" t LEFT JOIN "Account" a ON a."taskId" = t."id"
	WHERE coalesce(a."balance", 0) <> CASE WHEN t."status" IN ('OPEN', 'CLAIMED', 'SUBMITTED', 'DISPUTED') THEN t."bounty" ELSE 0 END
	ORDER BY t."id"
	LIMIT 1000`;

const WITHDRAWALS = `
	SELECT coalesce(a."currency", w."currency") AS currency, coalesce(a."balance", 0)::text AS pending,
		coalesce(w.total, 0)::text AS requested
	FROM (SELECT "currency", "balance" FROM "Account" WHERE "kind" = 'WITHDRAWAL_PENDING') a
	FULL JOIN (SELECT "currency", sum("amount") AS total FROM "Withdrawal" WHERE "status" = 'REQUESTED' GROUP BY 1) w
		ON w."currency" = a."currency"
	WHERE coalesce(a."balance", 0) <> coalesce(w.total, 0)
	ORDER BY 1`;

const TOTALS = `
	SELECT coalesce(sum("balance"), 0)::text AS sum, count(*)::int AS accounts,
		(SELECT count(*)::int FROM "Transfer") AS transfers,
		coalesce(array_agg("id"::text) FILTER (WHERE "kind" <> 'EXTERNAL' AND "balance" < 0), '{}') AS negative
	FROM "Account"`;

/**
 * @param {(sql: string) => Promise<any[]>} query runs one statement and returns its rows
 * @returns {Promise<LedgerReport>}
 */
export async function verifyLedger(query) {
	// One after another: a single connection runs one statement at a time.
	const mismatches = await query(BALANCES);
	const escrow = await query(ESCROW);
	const withdrawals = await query(WITHDRAWALS);
	const [totals] = await query(TOTALS);
	const sum = BigInt(totals.sum);
	const negative = /** @type {string[]} */ (totals.negative);
	return {
		ok:
			sum === 0n &&
			mismatches.length === 0 &&
			escrow.length === 0 &&
			withdrawals.length === 0 &&
			negative.length === 0,
		sum,
		accounts: totals.accounts,
		transfers: totals.transfers,
		mismatches,
		escrow,
		withdrawals,
		negative
	};
}
