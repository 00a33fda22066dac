// Runtime settings, read once from the environment and validated: a bad value stops the start with a
// message naming the variable, instead of surfacing later as odd behaviour. README.md lists them all.
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_CURRENCY } from '$lib/domain/money';
import type { PlatformSettings } from '$lib/domain/settings';

const minorUnits = (fallback: bigint) =>
	z
		.string()
		.regex(/^\d{1,11}$/)
		.transform((value) => BigInt(value))
		.default(fallback);

const settings = z.object({
	DATABASE_URL: z.string().url().optional(),
	// adapter-node reads ORIGIN itself; the app only asks whether it is https (for HSTS).
	ORIGIN: z.string().url().optional(),
	DATA_DIR: z.string().default('.data'),
	// How long the database may not answer before the app exits non-zero (for its supervisor to restart).
	DATABASE_DOWN_EXIT_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
	COMMISSION_BPS: z.coerce.number().int().min(0).max(10_000).default(1000),
	CURRENCY: z
		.string()
		.regex(/^[A-Z]{3}$/)
		.default(DEFAULT_CURRENCY),
	UPLOAD_MAX_BYTES: z.coerce
		.number()
		.int()
		.min(1024)
		.default(25 * 1024 * 1024),
	// Per user: all the bytes they store, the bytes they park (uploaded but not attached to anything yet,
	// or still uploading), and how many uploads they start in an hour.
	UPLOAD_QUOTA_BYTES: z.coerce
		.number()
		.int()
		.min(1024 * 1024)
		.default(10 * 1024 ** 3),
	UPLOAD_UNATTACHED_BYTES: z.coerce
		.number()
		.int()
		.min(1024 * 1024)
		.default(512 * 1024 ** 2),
	UPLOADS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(120),
	MAX_ACTIVE_CLAIMS: z.coerce.number().int().min(1).max(100).default(3),
	CLAIM_HOURS: z.coerce.number().int().min(1).max(720).default(48),
	MAX_REWORK_ROUNDS: z.coerce.number().int().min(0).max(10).default(2),
	REVIEW_SLA_HOURS: z.coerce.number().int().min(1).max(720).default(24),
	AUTO_RELEASE_HOURS: z.coerce.number().int().min(1).max(2160).default(72),
	LAPSE_WARNING_HOURS: z.coerce.number().int().min(1).max(168).default(6),
	WITHDRAWAL_MIN: minorUnits(1000n),
	WITHDRAWAL_FEE: minorUnits(0n),
	WITHDRAWAL_PAYOUT_HOURS: z.coerce.number().int().min(1).max(720).default(48),
	// The sandbox payment provider credits deposits at once: test money, only when asked for by name, never
	// in production; every page then says so.
	PAYMENT_SANDBOX: z.enum(['on', 'off']).optional(),
	// Where users send bank transfers; the bank_transfer provider is offered only when these are set.
	BANK_NAME: z.string().max(100).optional(),
	BANK_ACCOUNT_NAME: z.string().max(100).optional(),
	BANK_ACCOUNT_NUMBER: z.string().max(60).optional(),
	NODE_ENV: z.string().optional(),
	ADMIN_EMAIL: z.string().optional(),
	ADMIN_PASSWORD: z.string().optional()
});

export interface BankDetails {
	bankName: string;
	accountName: string;
	accountNumber: string;
}

export interface AppConfig {
	databaseUrl: string | undefined;
	/** The public origin is https: browsers are told to keep to it (Strict-Transport-Security). */
	httpsOnly: boolean;
	dataDir: string;
	uploadDir: string;
	/** Milliseconds the database may not answer before the app exits non-zero. */
	databaseDownExitMs: number;
	currency: string;
	uploadMaxBytes: number;
	/** Per-user upload limits (see uploads.ts). */
	uploadQuota: { storedBytes: number; unattachedBytes: number; perHour: number };
	/** The platform settings' defaults; admins may override them at run time (see settings.ts). */
	defaults: PlatformSettings;
	/** Whether the sandbox payment provider (instant test deposits) is offered: PAYMENT_SANDBOX=on. */
	paymentSandbox: boolean;
	/** The platform's bank account for deposits by bank transfer; null when not configured. */
	bank: BankDetails | null;
	admin: { email: string; password: string } | null;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
	// An empty variable (`DATABASE_URL=`) means unset, as in most shells' and orchestrators' habits.
	const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
	const parsed = settings.safeParse(given);
	if (!parsed.success) {
		const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
		throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
	}
	const s = parsed.data;
	if (s.NODE_ENV === 'production' && s.PAYMENT_SANDBOX === 'on') {
		throw new Error(
			'Invalid configuration:\n  PAYMENT_SANDBOX: the sandbox provider cannot run in production.'
		);
	}
	const dataDir = resolve(s.DATA_DIR);
	return {
		databaseUrl: s.DATABASE_URL,
		httpsOnly: s.ORIGIN?.startsWith('https:') ?? false,
		dataDir,
		uploadDir: resolve(dataDir, 'files'),
		databaseDownExitMs: s.DATABASE_DOWN_EXIT_SECONDS * 1000,
		currency: s.CURRENCY,
		uploadMaxBytes: s.UPLOAD_MAX_BYTES,
		uploadQuota: {
			storedBytes: s.UPLOAD_QUOTA_BYTES,
			unattachedBytes: s.UPLOAD_UNATTACHED_BYTES,
			perHour: s.UPLOADS_PER_HOUR
		},
		defaults: {
			commissionBps: s.COMMISSION_BPS,
			maxActiveClaims: s.MAX_ACTIVE_CLAIMS,
			claimHours: s.CLAIM_HOURS,
			maxReworkRounds: s.MAX_REWORK_ROUNDS,
			reviewSlaHours: s.REVIEW_SLA_HOURS,
			autoReleaseHours: s.AUTO_RELEASE_HOURS,
			lapseWarningHours: s.LAPSE_WARNING_HOURS,
			withdrawalMin: s.WITHDRAWAL_MIN,
			withdrawalFee: s.WITHDRAWAL_FEE,
			withdrawalPayoutHours: s.WITHDRAWAL_PAYOUT_HOURS
		},
		paymentSandbox: s.PAYMENT_SANDBOX === 'on',
		bank:
			s.BANK_NAME && s.BANK_ACCOUNT_NAME && s.BANK_ACCOUNT_NUMBER
				? { bankName: s.BANK_NAME, accountName: s.BANK_ACCOUNT_NAME, accountNumber: s.BANK_ACCOUNT_NUMBER }
				: null,
		admin: s.ADMIN_EMAIL && s.ADMIN_PASSWORD ? { email: s.ADMIN_EMAIL, password: s.ADMIN_PASSWORD } : null
	};
}
