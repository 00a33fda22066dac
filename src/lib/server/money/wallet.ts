// A user's wallet summary, and the admin's direct record of a bank transfer that arrived without a
// deposit request (or before one was made). Its bank reference is the idempotency key, so recording it
// twice credits once; it also writes a CONFIRMED Deposit row, so every deposit shows up in one list.
import { DomainError } from '$lib/domain/errors';
import type { AppConfig } from '../core/config';
import type { Db } from '../db';
import { notFound, type Actor } from '../core/actor';
import { assertAdmin } from '../access/admin';
import { audit } from '../core/audit';
import { systemAccount, transferIfNew, walletAccount, walletSummary } from './ledger';
import { notify } from '../notifications/notify';
import { inTransaction } from '../core/transaction';

export async function getWallet(deps: { db: Db; config: AppConfig }, actor: Actor) {
	return walletSummary(deps.db, actor.userId, deps.config.currency);
}

const referenceUsed = () =>
	new DomainError(
		'CONFLICT',
		'deposit_reference_used',
		'A different deposit was already recorded with this reference.'
	);

export async function recordDeposit(
	deps: { db: Db; config: AppConfig },
	actor: Actor,
	input: { userId: string; amount: bigint; reference: string }
) {
	assertAdmin(actor);
	const { db, config } = deps;
	const key = `deposit:${input.reference}`;
	return inTransaction(db, async (tx) => {
		const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true } });
		if (!user) throw notFound('This user');
		const wallet = await walletAccount(tx, user.id, config.currency);
		const created = await transferIfNew(tx, {
			key,
			code: 'DEPOSIT',
			amount: input.amount,
			currency: config.currency,
			from: await systemAccount(tx, 'EXTERNAL', config.currency),
			to: wallet
		});
		const recorded = await tx.transfer.findUniqueOrThrow({ where: { key } });
		if (!created) {
			if (recorded.creditAccountId !== wallet.id || recorded.amount !== input.amount) throw referenceUsed();
			const deposit = await tx.deposit.findUnique({ where: { reference: input.reference } });
			return {
				transferId: recorded.id,
				depositId: deposit?.id ?? null,
				userId: user.id,
				amount: recorded.amount,
				duplicate: true
			};
		}
		// A reference a user's deposit request already carries belongs to that request: confirm it instead.
		const [deposit] = await tx.deposit.createManyAndReturn({
			data: [
				{
					userId: user.id,
					provider: 'bank_transfer',
					amount: input.amount,
					currency: config.currency,
					reference: input.reference,
					status: 'CONFIRMED',
					confirmedById: actor.userId,
					confirmedAt: new Date()
				}
			],
			skipDuplicates: true
		});
		if (!deposit) throw referenceUsed();
		await notify(tx, {
			userId: user.id,
			kind: 'deposit_confirmed',
			data: { depositId: deposit.id, amount: deposit.amount, currency: deposit.currency }
		});
		await audit(tx, actor, {
			action: 'admin.recordDeposit',
			targetType: 'deposit',
			targetId: deposit.id,
			after: { ...deposit, transferId: recorded.id }
		});
		return {
			transferId: recorded.id,
			depositId: deposit.id as string | null,
			userId: user.id,
			amount: recorded.amount,
			duplicate: false
		};
	});
}
