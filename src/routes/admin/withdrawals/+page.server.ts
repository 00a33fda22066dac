import { WITHDRAWAL_STATUSES, type WithdrawalStatus } from '$lib/domain/schemas/wallet';
import { requireAdminPage } from '$lib/server/access/pages';
import { callerFor } from '$lib/server/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdminPage(event);
	const asked = event.url.searchParams.get('status') ?? 'REQUESTED';
	const status = (WITHDRAWAL_STATUSES as readonly string[]).includes(asked)
		? (asked as WithdrawalStatus)
		: 'REQUESTED';
	const { items } = await callerFor(event).admin.withdrawals({ status });
	return { status, items, now: new Date() };
};
