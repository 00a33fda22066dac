// Money entering the platform. Until payment providers exist, an admin records a bank transfer that has
// arrived; its bank reference is the idempotency key, so recording it twice credits once.
import { DomainError } from '$lib/domain/errors';
import type { AppConfig } from './config';
import type { Db } from './db';
import { notFound, requireAdmin, type Actor } from './actor';
import { systemAccount, transfer, walletAccount, walletSummary } from './ledger';
import { inTransaction } from './transaction';

export async function getWallet(deps: { db: Db; config: AppConfig }, actor: Actor) {
	return walletSummary(deps.db, actor.userId, deps.config.currency);
}

export async function recordDeposit(
	deps: { db: Db; config: AppConfig },
	actor: Actor,
	input: { userId: string; amount: bigint; reference: string }
) {
	requireAdmin(actor);
	const { db, config } = deps;
	const key = `deposit:${input.reference}`;
	return inTransaction(db, async (tx) => {
		const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true } });
		if (!user) throw notFound('This user');
		const wallet = await walletAccount(tx, user.id, config.currency);
		const created = await transfer(tx, {
			key,
			code: 'DEPOSIT',
			amount: input.amount,
			currency: config.currency,
			from: await systemAccount(tx, 'EXTERNAL', config.currency),
			to: wallet
		});
		const recorded = await tx.transfer.findUniqueOrThrow({ where: { key } });
		if (!created && (recorded.creditAccountId !== wallet.id || recorded.amount !== input.amount)) {
			throw new DomainError(
				'CONFLICT',
				'deposit_reference_used',
				'A different deposit was already recorded with this reference.'
			);
		}
		return { transferId: recorded.id, userId: user.id, amount: recorded.amount, duplicate: !created };
	});
}
