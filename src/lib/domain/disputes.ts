// How a dispute's decision divides a task's escrow. The admin names the worker's part (0 … bounty); the
// platform's commission is taken from that part only, rounded like every commission (splitCommission), and
// the rest of the escrow goes back to the requester. The three parts always add up to the bounty exactly.
import { splitCommission } from './money';

export const DISPUTE_STATEMENT_MIN = 10;
export const DISPUTE_STATEMENT_MAX = 5000;
export const DISPUTE_REASON_MIN = 3;
export const DISPUTE_REASON_MAX = 2000;
export const MAX_DISPUTE_FILES = 20;

export interface DisputeSplit {
	/** What the admin awarded the worker, commission included. */
	workerAmount: bigint;
	/** What reaches the worker's wallet: workerAmount − fee. */
	workerNet: bigint;
	/** The platform's commission on the worker's part. */
	fee: bigint;
	/** What returns to the requester: bounty − workerAmount. */
	requesterAmount: bigint;
}

export function disputeSplit(bounty: bigint, workerAmount: bigint, commissionBps: number): DisputeSplit {
	if (workerAmount < 0n || workerAmount > bounty) {
		throw new RangeError('The worker’s part must lie between 0 and the bounty.');
	}
	const { fee, payout } = splitCommission(workerAmount, commissionBps);
	return { workerAmount, workerNet: payout, fee, requesterAmount: bounty - workerAmount };
}

/** Who opened a dispute, as the parties see it. */
export type DisputeOpener = 'requester' | 'worker' | 'platform';
