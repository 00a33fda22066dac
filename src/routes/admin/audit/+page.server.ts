import { AUDIT_TARGET_TYPES } from '$lib/domain/schemas/admin-console';
import { id } from '$lib/domain/schemas/common';
import { requireAdminPage } from '$lib/server/access/pages';
import { callerFor, pageError } from '$lib/server/caller';
import type { PageServerLoad } from './$types';

type TargetType = (typeof AUDIT_TARGET_TYPES)[number];
const isTargetType = (value: string | null): value is TargetType =>
	(AUDIT_TARGET_TYPES as readonly string[]).includes(value ?? '');

export const load: PageServerLoad = async (event) => {
	requireAdminPage(event);
	const params = event.url.searchParams;
	const targetType = params.get('targetType');
	const targetId = params.get('targetId')?.trim().slice(0, 100) || undefined;
	const actorId = params.get('actorId');
	const filters = {
		targetType: isTargetType(targetType) ? targetType : undefined,
		targetId,
		actorId: id.safeParse(actorId).success ? actorId! : undefined
	};
	const entries = await callerFor(event)
		.admin.audit({ ...filters, cursor: params.get('cursor') || undefined })
		.catch(pageError);
	return {
		...entries,
		filters: {
			targetType: filters.targetType ?? '',
			targetId: targetId ?? '',
			actorId: filters.actorId ?? ''
		},
		paged: params.has('cursor')
	};
};
