import { ACCOUNT_KINDS, type AccountKindName } from '$lib/domain/schemas/admin-console';
import { id } from '$lib/domain/schemas/common';
import { requireAdminPage } from '$lib/server/access/pages';
import { callerFor, pageError } from '$lib/server/caller';
import type { PageServerLoad } from './$types';

const isKind = (value: string | null): value is AccountKindName =>
	(ACCOUNT_KINDS as readonly string[]).includes(value ?? '');
const uuidOrUndefined = (value: string | null) => (id.safeParse(value).success ? value! : undefined);

export const load: PageServerLoad = async (event) => {
	requireAdminPage(event);
	const params = event.url.searchParams;
	const kind = params.get('kind');
	const accountId = uuidOrUndefined(params.get('accountId'));
	const taskId = uuidOrUndefined(params.get('taskId'));
	const caller = callerFor(event);
	const [report, accounts, transfers] = await Promise.all([
		caller.admin.ledgerVerify(),
		caller.admin.accounts({
			kind: isKind(kind) ? kind : undefined,
			cursor: params.get('accountsCursor') || undefined
		}),
		caller.admin.transfers({ accountId, taskId, cursor: params.get('transfersCursor') || undefined })
	]).catch(pageError);
	return {
		report,
		accounts,
		transfers,
		filters: { kind: isKind(kind) ? kind : '', accountId: accountId ?? '', taskId: taskId ?? '' }
	};
};
