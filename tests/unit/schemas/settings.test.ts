// Checks the platform settings schema: each setting's bounds, whole numbers, and the patch rule.
import { describe, expect, it } from 'vitest';
import { platformSettings, SETTING_KEYS, settingsPatch } from '$lib/domain/settings';

const settings = {
	commissionBps: 1000,
	maxActiveClaims: 3,
	claimHours: 48,
	maxReworkRounds: 2,
	reviewSlaHours: 24,
	autoReleaseHours: 72,
	lapseWarningHours: 6,
	withdrawalMin: 1000n,
	withdrawalFee: 200n,
	withdrawalPayoutHours: 72
};

describe('platformSettings', () => {
	it('returns every setting', () => {
		expect(platformSettings.parse(settings)).toEqual(settings);
	});

	it('lists the keys of every setting', () => {
		expect(SETTING_KEYS).toEqual(Object.keys(settings));
	});

	it.each([
		['commissionBps', 0, 10_000],
		['maxActiveClaims', 1, 100],
		['claimHours', 1, 720],
		['maxReworkRounds', 0, 10],
		['reviewSlaHours', 1, 720],
		['autoReleaseHours', 1, 2160],
		['lapseWarningHours', 1, 168],
		['withdrawalPayoutHours', 1, 720]
	])('bounds %s from %d to %d', (key, min, max) => {
		expect(platformSettings.parse({ ...settings, [key]: min })[key as keyof typeof settings]).toBe(min);
		expect(platformSettings.parse({ ...settings, [key]: max })[key as keyof typeof settings]).toBe(max);
		expect(platformSettings.safeParse({ ...settings, [key]: min - 1 }).success).toBe(false);
		expect(platformSettings.safeParse({ ...settings, [key]: max + 1 }).success).toBe(false);
		expect(platformSettings.safeParse({ ...settings, [key]: min + 0.5 }).success).toBe(false);
	});

	it.each(['withdrawalMin', 'withdrawalFee'])('bounds %s from 0 to 100 000 000 minor units', (key) => {
		expect(platformSettings.parse({ ...settings, [key]: 0n })[key as keyof typeof settings]).toBe(0n);
		expect(platformSettings.parse({ ...settings, [key]: 100_000_000n })[key as keyof typeof settings]).toBe(
			100_000_000n
		);
		expect(platformSettings.safeParse({ ...settings, [key]: -1n }).success).toBe(false);
		expect(platformSettings.safeParse({ ...settings, [key]: 100_000_001n }).success).toBe(false);
		expect(platformSettings.safeParse({ ...settings, [key]: 1000 }).success).toBe(false);
	});

	it('refuses a missing setting', () => {
		const { claimHours: _left, ...rest } = settings;
		const result = platformSettings.safeParse(rest);
		expect(result.success).toBe(false);
		expect(result.error?.issues[0]?.path).toEqual(['claimHours']);
	});
});

describe('settingsPatch', () => {
	it('keeps only what changes', () => {
		expect(settingsPatch.parse({ commissionBps: 500 })).toEqual({ commissionBps: 500 });
		expect(settingsPatch.parse({ withdrawalFee: 0n, lapseWarningHours: 168 })).toEqual({
			withdrawalFee: 0n,
			lapseWarningHours: 168
		});
	});

	it('refuses an empty patch with its message', () => {
		const result = settingsPatch.safeParse({});
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((issue) => issue.message)).toEqual(['Change at least one setting.']);
	});

	it('still checks the bounds of what it changes', () => {
		expect(settingsPatch.safeParse({ autoReleaseHours: 2161 }).success).toBe(false);
		expect(settingsPatch.safeParse({ commissionBps: -1 }).success).toBe(false);
	});
});
