// The wallet: balances, money in (deposit providers, pending bank transfers), money out (the withdrawal
// form and the user's withdrawals) and the statement, filtered and paged by the URL's query.
import { requireUserPage } from '$lib/server/access/pages';
import { callerFor, errorKeyOf, pageError } from '$lib/server/caller';
import { readStatementFilter } from '$lib/ui/statement-filter';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

export const load: PageServerLoad = async (event) => {
	requireUserPage(event);
	const caller = callerFor(event);
	const filter = readStatementFilter(event.url.searchParams);
	const statement = caller.wallet
		.statement({
			code: filter.code,
			from: filter.from,
			to: filter.to,
			cursor: filter.cursor,
			limit: PAGE_SIZE
		})
		.then(
			(page) => ({ ...page, error: null }),
			(error: unknown) => {
				// A stale or edited cursor: show the first page and say so instead of failing the whole page.
				if (errorKeyOf(error) !== 'bad_cursor') throw error;
				return { currency: '', items: [], nextCursor: null, error: 'bad_cursor' as const };
			}
		);
	const [wallet, offer, deposits, withdrawals, page] = await Promise.all([
		caller.wallet.get(),
		caller.wallet.providers(),
		caller.wallet.deposits(),
		caller.wallet.withdrawals(),
		statement
	]).catch(pageError);
	return {
		wallet,
		offer,
		deposits,
		withdrawals,
		statement: page,
		filter: { values: filter.values, invalid: filter.invalid, paged: filter.cursor !== undefined }
	};
};
