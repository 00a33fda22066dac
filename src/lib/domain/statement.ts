// How a wallet movement is described to its owner: one stable key per kind of movement (the UI and the CSV
// export localise it), chosen by the transfer's code and whether money came in or went out.
import { isUuid, parseInstant } from './bounds';
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

export function decodeStatementCursor(cursor: string): { createdAt: Date; id: string } | null {
	const [time, id, ...rest] = cursor.split('_');
	const createdAt = parseInstant(time);
	return createdAt && isUuid(id) && rest.length === 0 ? { createdAt, id } : null;
}
