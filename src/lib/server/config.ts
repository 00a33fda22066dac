// Runtime settings, read once from the environment and validated: a bad value stops the start with a
// message naming the variable, instead of surfacing later as odd behaviour. README.md lists them all.
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_CURRENCY } from '$lib/domain/money';

const settings = z.object({
	DATABASE_URL: z.string().url().optional(),
	DATA_DIR: z.string().default('.data'),
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
	MAX_ACTIVE_CLAIMS: z.coerce.number().int().min(1).max(100).default(3),
	ADMIN_EMAIL: z.string().optional(),
	ADMIN_PASSWORD: z.string().optional()
});

export interface AppConfig {
	databaseUrl: string | undefined;
	dataDir: string;
	uploadDir: string;
	commissionBps: number;
	currency: string;
	uploadMaxBytes: number;
	/** How many tasks one worker may hold (claimed or handed over, not yet reviewed) at once. */
	maxActiveClaims: number;
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
	const dataDir = resolve(s.DATA_DIR);
	return {
		databaseUrl: s.DATABASE_URL,
		dataDir,
		uploadDir: resolve(dataDir, 'files'),
		commissionBps: s.COMMISSION_BPS,
		currency: s.CURRENCY,
		uploadMaxBytes: s.UPLOAD_MAX_BYTES,
		maxActiveClaims: s.MAX_ACTIVE_CLAIMS,
		admin: s.ADMIN_EMAIL && s.ADMIN_PASSWORD ? { email: s.ADMIN_EMAIL, password: s.ADMIN_PASSWORD } : null
	};
}
