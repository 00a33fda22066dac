import { DEPOSIT_STATUSES, type DepositStatus } from '$lib/domain/schemas/wallet';
import { requireAdminPage } from '$lib/server/access/pages';
import { callerFor } from '$lib/server/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdminPage(event);
	const asked = event.url.searchParams.get('status') ?? 'PENDING';
	const status = (DEPOSIT_STATUSES as readonly string[]).includes(asked)
		? (asked as DepositStatus)
		: 'PENDING';
	const { items } = await callerFor(event).admin.deposits({ status });
	return { status, items };
};
