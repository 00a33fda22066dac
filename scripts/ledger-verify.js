// @ts-check
// npm run ledger:verify — recomputes the ledger (see src/lib/server/money/verify.js) and exits non-zero
// when anything disagrees, so it can run from cron or a monitoring check.
import pg from 'pg';
import { verifyLedger } from '../src/lib/server/money/verify.js';
import { withDatabase } from './database.js';

const report = await withDatabase(async (url) => {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await verifyLedger(async (sql) => (await client.query(sql)).rows);
	} finally {
		await client.end();
	}
});
console.log(
	`${report.accounts} accounts, ${report.transfers} transfers; sum of balances ${report.sum}` +
		(report.ok ? ' — the ledger is consistent.' : ' — THE LEDGER DOES NOT ADD UP:')
);
for (const m of report.mismatches)
	console.log(`  account ${m.accountId} (${m.kind}): stored ${m.stored}, transfers give ${m.recomputed}`);
for (const e of report.escrow)
	console.log(`  task ${e.taskId} (${e.status}): bounty ${e.bounty}, escrow holds ${e.escrow}`);
for (const w of report.withdrawals)
	console.log(
		`  ${w.currency} pending withdrawals account holds ${w.pending}, requested withdrawals total ${w.requested}`
	);
for (const id of report.negative) console.log(`  account ${id} is negative`);
process.exit(report.ok ? 0 : 1);
