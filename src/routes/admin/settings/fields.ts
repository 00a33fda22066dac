// How each platform setting is entered on the settings page: the commission as a percentage, money in
// yuan, counts and hours as whole numbers. The server's schema (domain/settings) still checks the ranges.
import { parseMajorAmount, toMajorString } from '$lib/domain/money';
import type { PlatformSettings, SettingKey } from '$lib/domain/settings';

export type FieldKind = 'percent' | 'count' | 'hours' | 'money';

export const FIELD_KINDS: Record<SettingKey, FieldKind> = {
	commissionBps: 'percent',
	maxActiveClaims: 'count',
	claimHours: 'hours',
	maxReworkRounds: 'count',
	reviewSlaHours: 'hours',
	autoReleaseHours: 'hours',
	lapseWarningHours: 'hours',
	withdrawalMin: 'money',
	withdrawalFee: 'money',
	withdrawalPayoutHours: 'hours'
};

export const isSettingKey = (key: string): key is SettingKey => Object.hasOwn(FIELD_KINDS, key);

/** A setting's value as the form shows it: 1000 bps → "10", 150000n fen → "1500.00", 48 → "48". */
export function formatField(key: SettingKey, value: PlatformSettings[SettingKey]): string {
	const kind = FIELD_KINDS[key];
	if (kind === 'money') return toMajorString(value as bigint);
	if (kind === 'percent') return String((value as number) / 100);
	return String(value);
}

/** What an admin typed, as the setting's value; null when it is not a number of the right shape. */
export function parseField(key: SettingKey, text: string): number | bigint | null {
	const value = text.trim();
	switch (FIELD_KINDS[key]) {
		case 'money':
			return parseMajorAmount(value);
		case 'percent':
			return /^\d{1,3}(\.\d{1,2})?$/.test(value) ? Math.round(Number(value) * 100) : null;
		default:
			return /^\d{1,6}$/.test(value) ? Number(value) : null;
	}
}
