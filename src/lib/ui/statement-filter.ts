// The wallet statement's filters as they travel in a URL (the page's filter form and the CSV link share
// them): `code`, `from` and `to` as platform-time calendar days (`to` included), and `cursor`.
import { isSaneInstant } from '$lib/domain/bounds';
import { TRANSFER_CODES, type TransferCode } from '$lib/domain/schemas/wallet';

const DAY_MS = 86_400_000;
const PLATFORM_OFFSET = '+08:00';

export interface StatementFilter {
	code?: TransferCode;
	from?: Date;
	to?: Date;
	cursor?: string;
	/** The values as given, for the form and for links. */
	values: { code: string; from: string; to: string };
	/** A filter value that could not be read (it is then left out). */
	invalid: ('code' | 'from' | 'to')[];
}

function day(value: string): Date | null {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
	const date = new Date(`${value}T00:00:00${PLATFORM_OFFSET}`);
	return isSaneInstant(date) ? date : null;
}

export function readStatementFilter(params: URLSearchParams): StatementFilter {
	const values = {
		code: params.get('code') ?? '',
		from: params.get('from') ?? '',
		to: params.get('to') ?? ''
	};
	const filter: StatementFilter = { values, invalid: [] };
	if (values.code) {
		if ((TRANSFER_CODES as readonly string[]).includes(values.code))
			filter.code = values.code as TransferCode;
		else filter.invalid.push('code');
	}
	if (values.from) {
		const from = day(values.from);
		if (from) filter.from = from;
		else filter.invalid.push('from');
	}
	if (values.to) {
		const to = day(values.to);
		// The whole last day is included: up to the start of the next one.
		if (to) filter.to = new Date(to.getTime() + DAY_MS);
		else filter.invalid.push('to');
	}
	if (filter.from && filter.to && filter.from >= filter.to) {
		delete filter.to;
		filter.invalid.push('to');
	}
	const cursor = params.get('cursor');
	if (cursor) filter.cursor = cursor;
	return filter;
}

/** The query string of the filters (without the cursor), for links: "?code=DEPOSIT&from=2026-11-01". */
export function statementQuery(
	values: StatementFilter['values'],
	extra: Record<string, string> = {}
): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries({ ...values, ...extra })) if (value) params.set(key, value);
	const text = params.toString();
	return text ? `?${text}` : '';
}
