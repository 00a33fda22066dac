// Settings in the admin console: what is in force, the environment's defaults, and which an admin changed.
// A change applies to the next action at once (rules read settings inside their own transaction); what a
// task fixed when it was published (its commission rate, its claim hours) stays as it was.
import superjson from 'superjson';
import { DomainError } from '$lib/domain/errors';
import { SETTING_KEYS, type SettingKey, type SettingsPatch } from '$lib/domain/settings';
import { type Actor } from '../core/actor';
import { assertAdmin } from '../access/admin';
import { audit } from '../core/audit';
import { runMutation } from '../core/mutations';
import { getSettings, storeSettings } from '../core/settings';
import type { ServiceDeps } from '../core/context';

export async function settingsView(deps: ServiceDeps, actor: Actor) {
	assertAdmin(actor);
	const values = await getSettings(deps.db, deps.config);
	const rows = await deps.db.setting.findMany({ where: { key: { in: SETTING_KEYS } } });
	const editors = await deps.db.user.findMany({
		where: { id: { in: rows.map((r) => r.updatedById).filter((id): id is string => !!id) } },
		select: { id: true, displayName: true }
	});
	const byKey = new Map(rows.map((row) => [row.key, row]));
	return {
		values,
		defaults: deps.config.defaults,
		items: SETTING_KEYS.map((key) => {
			const row = byKey.get(key);
			// A stored value that no longer passes the schema is not in force (getSettings falls back).
			const stored = row ? superjson.deserialize(row.value as never) : undefined;
			const overridden = row !== undefined && stored === values[key];
			return {
				key,
				overridden,
				updatedAt: overridden ? row.updatedAt : null,
				updatedBy: overridden ? (editors.find((e) => e.id === row.updatedById) ?? null) : null
			};
		})
	};
}

export async function updateSettings(
	deps: ServiceDeps,
	actor: Actor,
	input: { mutationId?: string | undefined; patch: SettingsPatch }
) {
	assertAdmin(actor);
	return runMutation(deps.db, { userId: actor.userId, name: 'admin.updateSettings', input }, async (tx) => {
		// Changes queue one behind the other, so each audit entry's "before" is what the change replaced.
		await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('jiedan:settings'))`;
		const { before, after } = await storeSettings(tx, deps.config, actor.userId, input.patch);
		// The smallest withdrawal must leave the user something after the fee.
		if (after.withdrawalFee > 0n && after.withdrawalFee >= after.withdrawalMin) {
			throw new DomainError(
				'BAD_REQUEST',
				'withdrawal_fee_not_below_minimum',
				'The withdrawal fee must be smaller than the smallest withdrawal.'
			);
		}
		const keys = Object.keys(input.patch) as SettingKey[];
		const pick = (settings: typeof before) => Object.fromEntries(keys.map((key) => [key, settings[key]]));
		await audit(tx, actor, {
			action: 'admin.updateSettings',
			targetType: 'settings',
			targetId: 'platform',
			before: pick(before),
			after: pick(after)
		});
		return { settings: after, changed: keys };
	});
}
