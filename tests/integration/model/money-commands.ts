// The model test's commands on wallets (deposit, withdraw, an admin's decision) and replays of calls
// that took effect, with the same mutationId.
import { expect } from 'vitest';
import type { Command } from './commands';
import * as m from './model';
import { call, expectRefusedWith, perform, type Real } from './world';

class Deposit implements Command {
	constructor(
		readonly user: number,
		readonly amount: bigint
	) {}
	check = () => true;
	async run(model: m.Model, real: Real) {
		await real.app.fund(real.users[this.user]!, this.amount);
		model.available[this.user]! += this.amount;
		real.count('deposit');
	}
	toString = () => `deposit(u${this.user}, ${this.amount})`;
}

class Withdraw implements Command {
	constructor(
		readonly user: number,
		readonly amount: bigint
	) {}
	check = () => true;
	async run(model: m.Model, real: Real) {
		const key =
			this.amount < m.WITHDRAWAL_MIN
				? 'withdrawal_below_minimum'
				: this.amount <= m.WITHDRAWAL_FEE
					? 'withdrawal_below_fee'
					: model.available[this.user]! < this.amount
						? 'insufficient_funds'
						: null;
		const input = { amount: this.amount, destination: 'ICBC 6222 0000 1111' };
		if (key) {
			await perform(real, { ok: false, key }, this.user, 'wallet.withdraw', input, 'withdraw');
			return;
		}
		const apply = () => {
			model.available[this.user]! -= this.amount;
			model.withdrawing[this.user]! += this.amount;
		};
		const withdrawal = (await perform(
			real,
			{ ok: true, apply },
			this.user,
			'wallet.withdraw',
			input,
			'withdraw'
		)) as {
			id: string;
		};
		model.withdrawals.push({ id: withdrawal.id, user: this.user, amount: this.amount });
	}
	toString = () => `withdraw(u${this.user}, ${this.amount})`;
}

/** An admin pays a pending withdrawal out (the held money leaves, the fee stays) or refuses it. */
class DecideWithdrawal implements Command {
	constructor(
		readonly index: number,
		readonly pay: boolean
	) {}
	check = (model: m.Model) => model.withdrawals.length > 0;
	async run(model: m.Model, real: Real) {
		const [withdrawal] = model.withdrawals.splice(this.index % model.withdrawals.length, 1);
		const { id, user, amount } = withdrawal!;
		model.withdrawing[user]! -= amount;
		if (this.pay) {
			model.revenue += m.WITHDRAWAL_FEE;
			const input = { withdrawalId: id, reference: 'BANK-REF-1' };
			await perform(
				real,
				{ ok: true, apply: () => {} },
				'admin',
				'admin.markWithdrawalPaid',
				input,
				'withdrawal paid'
			);
		} else {
			model.available[user]! += amount;
			const input = { withdrawalId: id, reason: 'Account name differs.' };
			await perform(
				real,
				{ ok: true, apply: () => {} },
				'admin',
				'admin.refuseWithdrawal',
				input,
				'withdrawal refused'
			);
		}
	}
	toString = () => `${this.pay ? 'pay' : 'refuse'}Withdrawal(${this.index})`;
}

/**
 * A call that took effect is sent again with its mutationId (a lost answer, a double tap): the same
 * answer, nothing changes. With other input under the same id it is refused (`mutation_reused`).
 */
class Replay implements Command {
	constructor(
		readonly index: number,
		readonly altered: boolean
	) {}
	check = () => true;
	async run(model: m.Model, real: Real) {
		if (real.recorded.length === 0) return;
		const { who, path, input, result } = real.recorded[this.index % real.recorded.length]!;
		if (this.altered && 'taskId' in input) {
			// The id is checked before the task is looked up: any other task id is other input.
			const other = { ...input, taskId: crypto.randomUUID() };
			await expectRefusedWith(call(real, who, path, other), 'mutation_reused');
			real.count('replay with other input');
			return;
		}
		expect(await call(real, who, path, input)).toEqual(result);
		real.count('replay');
	}
	toString = () => `replay(${this.index}${this.altered ? ', altered' : ''})`;
}

export { Deposit, Withdraw, DecideWithdrawal, Replay };
