// The wallet statement as a CSV file for spreadsheets: UTF-8 with a byte-order mark (Excel otherwise
// reads Chinese as mojibake), CRLF line ends and quoted fields (RFC 4180), amounts in major units with two
// decimals, times in the platform's time zone. Text a user wrote (task titles) cannot start a formula.
import { toMajorString } from '$lib/domain/money';
import type { StatementDescription } from '$lib/domain/statement';
import type { StatementLine } from './statement';

export interface CsvLabels {
	time: string;
	description: string;
	task: string;
	amount: string;
	balance: string;
	code: string;
	transfer: string;
	describe: (description: StatementDescription) => string;
}

const BOM = '\uFEFF';

const timeFormat = new Intl.DateTimeFormat('sv-SE', {
	timeZone: 'Asia/Shanghai',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

function field(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Free text from users: a leading =, +, -, @ or control character would make a spreadsheet run it. */
function text(value: string): string {
	return field(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

export function statementCsv(lines: StatementLine[], currency: string, labels: CsvLabels): string {
	const header = [
		labels.time,
		labels.description,
		labels.task,
		`${labels.amount} (${currency})`,
		`${labels.balance} (${currency})`,
		labels.code,
		labels.transfer
	].map(field);
	const rows = lines.map((line) =>
		[
			timeFormat.format(line.createdAt),
			field(labels.describe(line.description)),
			line.task ? text(line.task.title) : '',
			toMajorString(line.amount),
			toMajorString(line.balance),
			line.code,
			line.id
		].join(',')
	);
	return BOM + [header.join(','), ...rows].join('\r\n') + '\r\n';
}
