// Money is an integer count of minor units (fen for CNY) in a bigint: no floating point anywhere.

export const DEFAULT_CURRENCY = 'CNY';
export const MINOR_UNITS_PER_MAJOR = 100n;
/** Basis points: 10 000 bps = 100 %. */
export const BPS_DENOMINATOR = 10_000n;

/**
 * Splits a bounty into the platform's fee and the worker's payout. The fee is rounded half up to the
 * nearest minor unit and the payout is what remains, so fee + payout always equals the bounty exactly.
 */
export function splitCommission(bounty: bigint, commissionBps: number): { fee: bigint; payout: bigint } {
	if (bounty < 0n) throw new RangeError('A bounty cannot be negative.');
	if (!Number.isInteger(commissionBps) || commissionBps < 0 || commissionBps > 10_000) {
		throw new RangeError('A commission rate is a whole number of basis points between 0 and 10000.');
	}
	const fee = (bounty * BigInt(commissionBps) + BPS_DENOMINATOR / 2n) / BPS_DENOMINATOR;
	return { fee, payout: bounty - fee };
}

const MAJOR_AMOUNT = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Parses "12", "12.5" or "12.50" (major units, as a person types them) into minor units; null if invalid. */
export function parseMajorAmount(text: string): bigint | null {
	const match = MAJOR_AMOUNT.exec(text.trim());
	if (!match) return null;
	const [, whole = '0', fraction = ''] = match;
	return BigInt(whole) * MINOR_UNITS_PER_MAJOR + BigInt(fraction.padEnd(2, '0'));
}

/** Formats minor units as a plain major-unit string with two decimals: 1250n → "12.50". */
export function toMajorString(minor: bigint): string {
	const sign = minor < 0n ? '-' : '';
	const abs = minor < 0n ? -minor : minor;
	const whole = abs / MINOR_UNITS_PER_MAJOR;
	const fraction = (abs % MINOR_UNITS_PER_MAJOR).toString().padStart(2, '0');
	return `${sign}${whole}.${fraction}`;
}

/** Formats minor units for people, in their language: 1250n, 'CNY', 'zh-CN' → "¥12.50". */
export function formatMoney(minor: bigint, currency: string, locale: string): string {
	const formatter = new Intl.NumberFormat(locale, {
		style: 'currency',
		currency,
		minimumFractionDigits: 2,
		maximumFractionDigits: 2
	});
	// Intl accepts a decimal string exactly, so amounts beyond 2^53 stay exact.
	return formatter.format(toMajorString(minor) as unknown as number);
}
