// GET /wallet/statement.csv: the signed-in user's own statement (the API takes no user id), with the
// wallet page's filters as query parameters, every matching movement in one file.
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { statementCsv } from '$lib/server/money/statement-csv';
import { callerFor, pageError } from '$lib/server/caller';
import type { StatementLine } from '$lib/server/money/statement';
import { readStatementFilter } from '$lib/ui/statement-filter';
import { statementLabel } from '$lib/ui/wallet-labels';
import type { RequestHandler } from './$types';

/** Enough for years of activity; a larger export should be paged through the API. */
const MAX_PAGES = 500;

export const GET: RequestHandler = async (event) => {
	if (!event.locals.user) error(401, { message: 'Please sign in first.', key: 'unauthorized' });
	const filter = readStatementFilter(event.url.searchParams);
	if (filter.invalid.length > 0) {
		error(400, { message: `Invalid filter: ${filter.invalid.join(', ')}.`, key: 'invalid_input' });
	}
	const caller = callerFor(event);
	const lines: StatementLine[] = [];
	let cursor: string | undefined;
	let currency = '';
	for (let page = 0; page < MAX_PAGES; page++) {
		const result = await caller.wallet
			.statement({ code: filter.code, from: filter.from, to: filter.to, cursor, limit: 100 })
			.catch(pageError);
		currency = result.currency;
		lines.push(...result.items);
		if (!result.nextCursor) break;
		cursor = result.nextCursor;
	}
	const body = statementCsv(lines, currency, {
		time: m.statement_time(),
		description: m.statement_description(),
		task: m.statement_task(),
		amount: m.statement_amount(),
		balance: m.statement_balance(),
		code: m.statement_code(),
		transfer: m.statement_transfer(),
		describe: statementLabel
	});
	const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="jiedan-statement-${today}.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
