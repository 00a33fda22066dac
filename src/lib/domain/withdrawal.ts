// The rules of taking money out, shared by the server's checks and the wallet form: a withdrawal is at
// least the minimum, larger than the fee, and `net = amount − fee` is what reaches the bank account.
import { toMajorString } from './money';

export interface WithdrawalRules {
	withdrawalMin: bigint;
	withdrawalFee: bigint;
}

export type WithdrawalCheck =
	| { ok: true; fee: bigint; net: bigint }
	| { ok: false; key: 'withdrawal_below_minimum' | 'withdrawal_below_fee'; message: string };

export function checkWithdrawal(amount: bigint, rules: WithdrawalRules): WithdrawalCheck {
	if (amount < rules.withdrawalMin) {
		return {
			ok: false,
			key: 'withdrawal_below_minimum',
			message: `The smallest withdrawal is ${toMajorString(rules.withdrawalMin)}.`
		};
	}
	if (amount <= rules.withdrawalFee) {
		return {
			ok: false,
			key: 'withdrawal_below_fee',
			message: `A withdrawal must be larger than its fee of ${toMajorString(rules.withdrawalFee)}.`
		};
	}
	return { ok: true, fee: rules.withdrawalFee, net: amount - rules.withdrawalFee };
}
