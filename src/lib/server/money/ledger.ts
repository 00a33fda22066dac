// Double-entry ledger (TigerBeetle's model). Every movement is an immutable Transfer from one account to
// another; balances change only here, in the caller's transaction, together with the Transfer row.
// A Transfer's `key` names the business event, so the same event can never move money twice.
import { DomainError } from '$lib/domain/errors';
import { toMajorString } from '$lib/domain/money';
import type { Tx } from '../db';
import type { AccountKind, TransferCode } from '../db/generated/enums';

export interface AccountRef {
	id: string;
	kind: AccountKind;
}

export async function walletAccount(tx: Tx, userId: string, currency: string): Promise<AccountRef> {
	return tx.account.upsert({
		where: { kind_userId_currency: { kind: 'WALLET', userId, currency } },
		create: { kind: 'WALLET', userId, currency },
		update: {},
		select: { id: true, kind: true }
	});
}

/**
 * A platform account of a currency (made on first use): revenue, the external clearing account, or the
 * account holding requested withdrawals until they are paid out or refused.
 */
export async function systemAccount(
	tx: Tx,
	kind: 'PLATFORM_REVENUE' | 'EXTERNAL' | 'WITHDRAWAL_PENDING',
	currency: string
): Promise<AccountRef> {
	// Prisma cannot target the partial unique index of system accounts, so insert-if-absent in SQL.
	await tx.$executeRaw`
		INSERT INTO "Account" ("id", "kind", "currency", "balance")
		VALUES (gen_random_uuid(), ${kind}::"AccountKind", ${currency}, 0)
		ON CONFLICT ("kind", "currency") WHERE "userId" IS NULL AND "taskId" IS NULL DO NOTHING`;
	return tx.account.findFirstOrThrow({
		where: { kind, currency, userId: null, taskId: null },
		select: { id: true, kind: true }
	});
}

export async function createEscrowAccount(tx: Tx, taskId: string, currency: string): Promise<AccountRef> {
	return tx.account.create({ data: { kind: 'ESCROW', taskId, currency }, select: { id: true, kind: true } });
}

export async function escrowAccount(tx: Tx, taskId: string): Promise<AccountRef & { balance: bigint }> {
	return tx.account.findUniqueOrThrow({
		where: { taskId },
		select: { id: true, kind: true, balance: true }
	});
}

export interface TransferRequest {
	key: string;
	code: TransferCode;
	amount: bigint;
	currency: string;
	from: AccountRef;
	to: AccountRef;
	taskId?: string;
}

/**
 * Moves money for a business event that must not have moved money yet. The state machine lets each event
 * happen once, so a key already in the ledger is a bug: it fails the whole transaction instead of passing
 * silently. Throws `insufficient_funds` when the source would go below zero.
 */
export async function transfer(tx: Tx, request: TransferRequest): Promise<void> {
	if (!(await transferIfNew(tx, request))) {
		throw new Error(`Transfer key ${request.key} is already in the ledger.`);
	}
}

/**
 * Moves `amount` from one account to another. Returns false (and moves nothing) when a transfer with the
 * same key already exists: for events whose key comes from outside, such as a bank reference recorded twice.
 * Throws `insufficient_funds` when the source would go below zero; the caller's transaction then rolls
 * back whole.
 */
export async function transferIfNew(tx: Tx, request: TransferRequest): Promise<boolean> {
	const { key, code, amount, currency, from, to, taskId } = request;
	if (amount <= 0n) throw new RangeError(`A transfer moves a positive amount (got ${amount}).`);
	const inserted = await tx.transfer.createMany({
		data: [{ key, code, amount, currency, debitAccountId: from.id, creditAccountId: to.id, taskId }],
		skipDuplicates: true
	});
	if (inserted.count === 0) return false;

	// Touch the two rows in a fixed order so that concurrent transfers between the same accounts can
	// never deadlock.
	const steps = [
		{ account: from, delta: -amount },
		{ account: to, delta: amount }
	].sort((a, b) => (a.account.id < b.account.id ? -1 : 1));
	for (const { account, delta } of steps) {
		if (delta < 0n && account.kind !== 'EXTERNAL') {
			const debited = await tx.account.updateMany({
				where: { id: account.id, balance: { gte: -delta } },
				data: { balance: { increment: delta } }
			});
			if (debited.count === 0) {
				throw new DomainError(
					'BAD_REQUEST',
					'insufficient_funds',
					`Not enough money available: ${toMajorString(-delta)} ${currency} is needed.`
				);
			}
		} else {
			await tx.account.update({ where: { id: account.id }, data: { balance: { increment: delta } } });
		}
	}
	return true;
}

export interface WalletSummary {
	currency: string;
	/** What the user can spend now. */
	available: bigint;
	/** What the user has put into escrow for their tasks that are not yet paid out or refunded. */
	held: bigint;
	/** What the user asked to withdraw and the platform has not paid out (or refused) yet. */
	withdrawing: bigint;
}

export async function walletSummary(tx: Tx, userId: string, currency: string): Promise<WalletSummary> {
	const [wallet, escrow, withdrawing] = await Promise.all([
		tx.account.findUnique({
			where: { kind_userId_currency: { kind: 'WALLET', userId, currency } },
			select: { balance: true }
		}),
		tx.account.aggregate({
			_sum: { balance: true },
			where: { kind: 'ESCROW', currency, task: { requesterId: userId } }
		}),
		tx.withdrawal.aggregate({ _sum: { amount: true }, where: { userId, currency, status: 'REQUESTED' } })
	]);
	return {
		currency,
		available: wallet?.balance ?? 0n,
		held: escrow._sum.balance ?? 0n,
		withdrawing: withdrawing._sum.amount ?? 0n
	};
}
