// Money coming in. A user asks to deposit through a payment provider (providers/): the Deposit row is
// written PENDING with a reference to quote, and is credited either at once (sandbox) or when an admin
// confirms that the bank transfer arrived. Crediting moves EXTERNAL → wallet under the key
// `deposit-request:<depositId>`, so one deposit can never be credited twice. An admin may also record a
// transfer that came without a request (recordDeposit), keyed by its bank reference.
import { webcrypto } from 'node:crypto';
import { DomainError } from '$lib/domain/errors';
import type { DepositStatus, PaymentProviderId } from '$lib/domain/schemas/wallet';
import { notFound, type Actor } from '../core/actor';
import { assertAdmin } from '../access/admin';
import { audit } from '../core/audit';
import type { Db, Prisma, Tx } from '../db';
import { systemAccount, transfer, transferIfNew, walletAccount } from './ledger';
import { runMutation } from '../core/mutations';
import { inTransaction } from '../core/transaction';
import { notify } from '../notifications/notify';
import { getSettings } from '../core/settings';
import { offeredProvider, offeredProviders, type DepositInstructions } from './providers';
import type { ServiceDeps } from '../core/context';

/** A user may have this many bank transfers announced and not yet arrived. */
export const MAX_PENDING_DEPOSITS = 5;

const depositSelect = {
	id: true,
	provider: true,
	amount: true,
	currency: true,
	reference: true,
	status: true,
	createdAt: true,
	confirmedAt: true
} satisfies Prisma.DepositSelect;

type DepositRow = Prisma.DepositGetPayload<{ select: typeof depositSelect }>;

// Crockford's base 32 without I, L, O, U: easy to read out and type into a bank's "remark" field.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function newReference(): string {
	const bytes = webcrypto.getRandomValues(new Uint8Array(8));
	return 'JD' + Array.from(bytes, (b) => ALPHABET[b % 32]).join('');
}

/** What this server offers for money in (providers, bank details) and out (the withdrawal terms in force). */
export async function providers(deps: ServiceDeps) {
	const { db, config } = deps;
	const settings = await getSettings(db, config);
	return {
		currency: config.currency,
		providers: offeredProviders(config).map((p) => p.id),
		/** Where to send bank transfers (only when bank_transfer is offered). */
		bank: config.bank,
		withdrawal: {
			min: settings.withdrawalMin,
			fee: settings.withdrawalFee,
			payoutHours: settings.withdrawalPayoutHours
		}
	};
}

export async function requestDeposit(
	deps: ServiceDeps,
	actor: Actor,
	input: { mutationId?: string | undefined; provider: PaymentProviderId; amount: bigint }
): Promise<{ deposit: DepositRow; instructions: DepositInstructions | null }> {
	const { db, config } = deps;
	const provider = offeredProvider(config, input.provider);
	if (!provider) {
		throw new DomainError('BAD_REQUEST', 'provider_not_offered', 'This payment method is not offered here.');
	}
	return runMutation(db, { userId: actor.userId, name: 'wallet.deposit', input }, async (tx) => {
		const pending = await tx.deposit.count({ where: { userId: actor.userId, status: 'PENDING' } });
		if (pending >= MAX_PENDING_DEPOSITS) {
			throw new DomainError(
				'TOO_MANY_REQUESTS',
				'too_many_pending_deposits',
				`You have ${pending} deposits waiting for your transfer; wait until they arrive or are cancelled.`
			);
		}
		// 40 random bits: a clash is rare, and then the next reference is tried.
		let created: DepositRow | undefined;
		for (let attempt = 0; !created && attempt < 5; attempt++) {
			[created] = await tx.deposit.createManyAndReturn({
				data: [
					{
						userId: actor.userId,
						provider: provider.id,
						amount: input.amount,
						currency: config.currency,
						reference: newReference()
					}
				],
				skipDuplicates: true,
				select: depositSelect
			});
		}
		if (!created) throw new Error('Could not find a free deposit reference.');
		const start = provider.begin(created, config);
		const deposit = start.confirmAtOnce ? await credit(tx, created.id, null) : created;
		return { deposit, instructions: start.instructions };
	});
}

/** PENDING → CONFIRMED and the money into the wallet; CONFLICT when it was already decided. */
async function credit(tx: Tx, depositId: string, adminId: string | null): Promise<DepositRow> {
	const decided = await tx.deposit.updateMany({
		where: { id: depositId, status: 'PENDING' },
		data: { status: 'CONFIRMED', confirmedById: adminId, confirmedAt: new Date() }
	});
	if (decided.count === 0) throw alreadyDecided();
	const deposit = await tx.deposit.findUniqueOrThrow({
		where: { id: depositId },
		select: { ...depositSelect, userId: true }
	});
	await transfer(tx, {
		key: `deposit-request:${deposit.id}`,
		code: 'DEPOSIT',
		amount: deposit.amount,
		currency: deposit.currency,
		from: await systemAccount(tx, 'EXTERNAL', deposit.currency),
		to: await walletAccount(tx, deposit.userId, deposit.currency)
	});
	await notify(tx, {
		userId: deposit.userId,
		kind: 'deposit_confirmed',
		data: { depositId: deposit.id, amount: deposit.amount, currency: deposit.currency }
	});
	const { userId: _userId, ...row } = deposit;
	return row;
}

const alreadyDecided = () =>
	new DomainError('CONFLICT', 'deposit_already_decided', 'This deposit was already confirmed or cancelled.');

export async function myDeposits(db: Db, actor: Actor) {
	return db.deposit.findMany({
		where: { userId: actor.userId },
		orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
		take: 50,
		select: depositSelect
	});
}

export async function adminDeposits(db: Db, actor: Actor, filter?: { status?: DepositStatus | undefined }) {
	assertAdmin(actor);
	const items = await db.deposit.findMany({
		where: filter?.status ? { status: filter.status } : {},
		orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
		take: 500,
		select: { ...depositSelect, user: { select: { id: true, displayName: true, email: true } } }
	});
	return { items };
}

export async function confirmDeposit(
	deps: ServiceDeps,
	actor: Actor,
	input: { mutationId?: string | undefined; depositId: string }
) {
	assertAdmin(actor);
	const meta = { userId: actor.userId, name: 'admin.confirmDeposit', input };
	return runMutation(deps.db, meta, async (tx) => {
		const before = await tx.deposit.findUnique({ where: { id: input.depositId }, select: depositSelect });
		if (!before) throw notFound('This deposit');
		if (before.status !== 'PENDING') throw alreadyDecided();
		const after = await credit(tx, before.id, actor.userId);
		await audit(tx, actor, {
			action: 'admin.confirmDeposit',
			targetType: 'deposit',
			targetId: before.id,
			before,
			after
		});
		return after;
	});
}

export async function cancelDeposit(
	deps: ServiceDeps,
	actor: Actor,
	input: { mutationId?: string | undefined; depositId: string; reason: string }
) {
	assertAdmin(actor);
	const meta = { userId: actor.userId, name: 'admin.cancelDeposit', input };
	return runMutation(deps.db, meta, async (tx) => {
		const before = await tx.deposit.findUnique({ where: { id: input.depositId }, select: depositSelect });
		if (!before) throw notFound('This deposit');
		const decided = await tx.deposit.updateMany({
			where: { id: before.id, status: 'PENDING' },
			data: { status: 'CANCELLED' }
		});
		if (decided.count === 0) throw alreadyDecided();
		const after = await tx.deposit.findUniqueOrThrow({ where: { id: before.id }, select: depositSelect });
		// The Deposit row has no reason column: the audit entry keeps it.
		await audit(tx, actor, {
			action: 'admin.cancelDeposit',
			targetType: 'deposit',
			targetId: before.id,
			before,
			after: { ...after, reason: input.reason }
		});
		return after;
	});
}

/**
 * The admin's direct record of a bank transfer that arrived without a deposit request (or before one was
 * made). Its bank reference is the idempotency key, so recording it twice credits once; it also writes a
 * CONFIRMED Deposit row, so every deposit shows up in one list.
 */
const referenceUsed = () =>
	new DomainError(
		'CONFLICT',
		'deposit_reference_used',
		'A different deposit was already recorded with this reference.'
	);

export async function recordDeposit(
	deps: ServiceDeps,
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
