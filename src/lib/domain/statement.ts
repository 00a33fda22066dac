// How a wallet movement is described to its owner: one stable key per kind of movement (the UI and the CSV
// export localise it), chosen by the transfer's code and whether money came in or went out.
import type { TransferCode } from './schemas/wallet';

export type StatementDescription =
	| 'deposit'
	| 'bounty_held'
	| 'bounty_paid'
	| 'bounty_refunded'
	| 'withdrawal_held'
	| 'withdrawal_returned'
	| 'other_in'
	| 'other_out';

export function describeMovement(code: TransferCode, amount: bigint): StatementDescription {
	switch (code) {
		case 'DEPOSIT':
			return 'deposit';
		case 'PUBLISH_HOLD':
			return 'bounty_held';
		case 'RELEASE':
			return 'bounty_paid';
		case 'REFUND':
			return 'bounty_refunded';
		case 'WITHDRAWAL_HOLD':
			return 'withdrawal_held';
		case 'WITHDRAWAL_RETURN':
			return 'withdrawal_returned';
		default:
			// Codes that never touch a wallet today (commission, fees, payouts from the pending account).
			return amount < 0n ? 'other_out' : 'other_in';
	}
}

/** A statement page's position: the last movement shown (time and id), opaque to clients. */
export function encodeStatementCursor(createdAt: Date, id: string): string {
	return `${createdAt.toISOString()}_${id}`;
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/;

export function decodeStatementCursor(cursor: string): { createdAt: Date; id: string } | null {
	const match = CURSOR.exec(cursor);
	if (!match) return null;
	const createdAt = new Date(match[1]!);
	return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id: match[2]! };
}
