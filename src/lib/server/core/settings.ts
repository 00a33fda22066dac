// The settings in force: the environment's defaults (AppConfig) overlaid with what admins stored in the
// Setting table. Read inside the caller's transaction, so a rule and the setting it used are consistent.
import superjson from 'superjson';
import {
	platformSettings,
	SETTING_KEYS,
	type PlatformSettings,
	type SettingsPatch
} from '$lib/domain/settings';
import type { AppConfig } from './config';
import type { Db, Tx } from '../db';

type Reader = Pick<Tx, 'setting'> | Pick<Db, 'setting'>;

export async function getSettings(db: Reader, config: AppConfig): Promise<PlatformSettings> {
	const stored = await db.setting.findMany({ where: { key: { in: SETTING_KEYS } } });
	const overrides = Object.fromEntries(
		stored.map((row) => [row.key, superjson.deserialize(row.value as never)])
	);
	// A stored value that no longer passes the schema (a tightened range) falls back to the default.
	const merged = { ...config.defaults, ...overrides };
	const parsed = platformSettings.safeParse(merged);
	return parsed.success ? parsed.data : config.defaults;
}

/** Stores an admin's change and returns the settings before and after it (for the audit log). */
export async function storeSettings(
	tx: Tx,
	config: AppConfig,
	adminId: string,
	patch: SettingsPatch
): Promise<{ before: PlatformSettings; after: PlatformSettings }> {
	const before = await getSettings(tx, config);
	const after = platformSettings.parse({ ...before, ...patch });
	for (const [key, value] of Object.entries(patch)) {
		const json = superjson.serialize(value) as never;
		await tx.setting.upsert({
			where: { key },
			create: { key, value: json, updatedById: adminId },
			update: { value: json, updatedById: adminId }
		});
	}
	return { before, after };
}
