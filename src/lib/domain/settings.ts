// Platform settings an admin may change while the platform runs: the commission, limits and timers.
// The environment gives each its default (README lists the variables); an admin's change is stored in the
// database and wins. One schema for the server's checks and the admin form.
import { z } from 'zod';

const hours = (max: number) => z.number().int().min(1).max(max);
const minor = z.bigint().min(0n).max(100_000_000n);

export const platformSettings = z.object({
	/** Platform commission in basis points (1000 = 10 %), fixed on each task when it is published. */
	commissionBps: z.number().int().min(0).max(10_000),
	/** How many tasks one worker may hold (claimed, handed over or disputed) at once. */
	maxActiveClaims: z.number().int().min(1).max(100),
	/** A new task's default claim deadline: hours a claimant has to hand over. */
	claimHours: hours(720),
	/** Rejections that send a handover back for rework; the next one opens a dispute. */
	maxReworkRounds: z.number().int().min(0).max(10),
	/** A handover waiting longer than this for review is flagged in the queue. */
	reviewSlaHours: hours(720),
	/** A handover the requester confirmed is paid out when no admin reviewed it within this time. */
	autoReleaseHours: hours(2160),
	/** The worker is warned this long before a claim lapses. */
	lapseWarningHours: hours(168),
	/** Smallest withdrawal, in minor units. */
	withdrawalMin: minor,
	/** Fee kept by the platform on each withdrawal, in minor units. */
	withdrawalFee: minor,
	/** How long the platform promises to take to pay a withdrawal out. */
	withdrawalPayoutHours: hours(720)
});
export type PlatformSettings = z.infer<typeof platformSettings>;
export type SettingKey = keyof PlatformSettings;
export const SETTING_KEYS = Object.keys(platformSettings.shape) as SettingKey[];

/** A change to some settings; what is left out stays as it is. */
export const settingsPatch = platformSettings
	.partial()
	.refine((patch) => Object.keys(patch).length > 0, { error: 'Change at least one setting.' });
export type SettingsPatch = z.infer<typeof settingsPatch>;
