// Money going out. A request moves the whole amount from the wallet to the WITHDRAWAL_PENDING account at
// once (so it cannot be spent twice) and promises a payout time; an admin then pays it out by bank
// (pending → EXTERNAL `amount − fee`, pending → PLATFORM_REVENUE `fee`) or refuses it (pending → wallet).
// Each movement's key is `withdrawal:<id>:<step>`, and a decision is a conditional update of the
// REQUESTED row, so a withdrawal is decided once whatever the retries or races.
import { DomainError } from '$lib/domain/errors';
import type { WithdrawalStatus } from '$lib/domain/schemas/wallet';
import { addHours } from '$lib/domain/task-state';
import { checkWithdrawal } from '$lib/domain/withdrawal';
import { notFound, type Actor } from '../core/actor';
import { assertAdmin } from '../access/admin';
import { audit } from '../core/audit';
import type { Db, Prisma, Tx } from '../db';
import { systemAccount, transfer, walletAccount } from './ledger';
import { runMutation } from '../core/mutations';
import { notify } from '../notifications/notify';
import { getSettings } from '../core/settings';
import type { ServiceDeps } from '../core/context';

const withdrawalSelect = {
	id: true,
	userId: true,
	amount: true,
	fee: true,
	currency: true,
	destination: true,
	status: true,
	payoutBy: true,
	reference: true,
	reason: true,
	decidedAt: true,
	createdAt: true
} satisfies Prisma.WithdrawalSelect;

type WithdrawalRow = Prisma.WithdrawalGetPayload<{ select: typeof withdrawalSelect }>;

/** A withdrawal as its owner and admins see it, with what reaches the bank account. */
const present = (row: WithdrawalRow) => ({ ...row, net: row.amount - row.fee });

export async function requestWithdrawal(
	deps: ServiceDeps,
	actor: Actor,
	input: { mutationId?: string | undefined; amount: bigint; destination: string }
) {
	const { db, config } = deps;
	const meta = { userId: actor.userId, name: 'wallet.withdraw', input };
	return runMutation(db, meta, async (tx) => {
		const settings = await getSettings(tx, config);
		const check = checkWithdrawal(input.amount, settings);
		if (!check.ok) throw new DomainError('BAD_REQUEST', check.key, check.message);
		const now = new Date();
		const withdrawal = await tx.withdrawal.create({
			data: {
				userId: actor.userId,
				amount: input.amount,
				fee: check.fee,
				currency: config.currency,
				destination: input.destination,
				// One clock for both, so the promise is exactly withdrawalPayoutHours after the request.
				createdAt: now,
				payoutBy: addHours(now, settings.withdrawalPayoutHours)
			},
			select: withdrawalSelect
		});
		// Refuses (insufficient_funds) when the wallet cannot cover it; the row above then rolls back too.
		await transfer(tx, {
			key: `withdrawal:${withdrawal.id}:hold`,
			code: 'WITHDRAWAL_HOLD',
			amount: withdrawal.amount,
			currency: withdrawal.currency,
			from: await walletAccount(tx, actor.userId, withdrawal.currency),
			to: await systemAccount(tx, 'WITHDRAWAL_PENDING', withdrawal.currency)
		});
		return present(withdrawal);
	});
}

export async function myWithdrawals(db: Db, actor: Actor) {
	const rows = await db.withdrawal.findMany({
		where: { userId: actor.userId },
		orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
		take: 50,
		select: withdrawalSelect
	});
	return rows.map(present);
}

export async function adminWithdrawals(
	db: Db,
	actor: Actor,
	filter?: { status?: WithdrawalStatus | undefined }
) {
	assertAdmin(actor);
	const rows = await db.withdrawal.findMany({
		where: filter?.status ? { status: filter.status } : {},
		orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
		take: 500,
		select: { ...withdrawalSelect, user: { select: { id: true, displayName: true, email: true } } }
	});
	return { items: rows.map((row) => ({ ...present(row), user: row.user })) };
}

const alreadyDecided = () =>
	new DomainError(
		'CONFLICT',
		'withdrawal_already_decided',
		'This withdrawal was already paid out or refused.'
	);

/** REQUESTED → `status`, or CONFLICT; returns the row before and after. */
async function decide(
	tx: Tx,
	actor: Actor,
	withdrawalId: string,
	data: { status: 'PAID' | 'REFUSED'; reference?: string; reason?: string }
) {
	const before = await tx.withdrawal.findUnique({ where: { id: withdrawalId }, select: withdrawalSelect });
	if (!before) throw notFound('This withdrawal');
	const decided = await tx.withdrawal.updateMany({
		where: { id: withdrawalId, status: 'REQUESTED' },
		data: { ...data, decidedById: actor.userId, decidedAt: new Date() }
	});
	if (decided.count === 0) throw alreadyDecided();
	const after = await tx.withdrawal.findUniqueOrThrow({
		where: { id: withdrawalId },
		select: withdrawalSelect
	});
	return { before, after };
}

export async function markWithdrawalPaid(
	deps: ServiceDeps,
	actor: Actor,
	input: { mutationId?: string | undefined; withdrawalId: string; reference: string }
) {
	assertAdmin(actor);
	const meta = { userId: actor.userId, name: 'admin.markWithdrawalPaid', input };
	return runMutation(deps.db, meta, async (tx) => {
		const { before, after } = await decide(tx, actor, input.withdrawalId, {
			status: 'PAID',
			reference: input.reference
		});
		const pending = await systemAccount(tx, 'WITHDRAWAL_PENDING', after.currency);
		const net = after.amount - after.fee;
		await transfer(tx, {
			key: `withdrawal:${after.id}:payout`,
			code: 'WITHDRAWAL',
			amount: net,
			currency: after.currency,
			from: pending,
			to: await systemAccount(tx, 'EXTERNAL', after.currency)
		});
		if (after.fee > 0n) {
			await transfer(tx, {
				key: `withdrawal:${after.id}:fee`,
				code: 'WITHDRAWAL_FEE',
				amount: after.fee,
				currency: after.currency,
				from: pending,
				to: await systemAccount(tx, 'PLATFORM_REVENUE', after.currency)
			});
		}
		await notify(tx, {
			userId: after.userId,
			kind: 'withdrawal_paid',
			data: {
				withdrawalId: after.id,
				amount: after.amount,
				fee: after.fee,
				net,
				currency: after.currency,
				reference: input.reference
			}
		});
		await audit(tx, actor, {
			action: 'admin.markWithdrawalPaid',
			targetType: 'withdrawal',
			targetId: after.id,
			before,
			after
		});
		return present(after);
	});
}

export async function refuseWithdrawal(
	deps: ServiceDeps,
	actor: Actor,
	input: { mutationId?: string | undefined; withdrawalId: string; reason: string }
) {
	assertAdmin(actor);
	const meta = { userId: actor.userId, name: 'admin.refuseWithdrawal', input };
	return runMutation(deps.db, meta, async (tx) => {
		const { before, after } = await decide(tx, actor, input.withdrawalId, {
			status: 'REFUSED',
			reason: input.reason
		});
		await transfer(tx, {
			key: `withdrawal:${after.id}:return`,
			code: 'WITHDRAWAL_RETURN',
			amount: after.amount,
			currency: after.currency,
			from: await systemAccount(tx, 'WITHDRAWAL_PENDING', after.currency),
			to: await walletAccount(tx, after.userId, after.currency)
		});
		await notify(tx, {
			userId: after.userId,
			kind: 'withdrawal_refused',
			data: { withdrawalId: after.id, amount: after.amount, currency: after.currency, reason: input.reason }
		});
		await audit(tx, actor, {
			action: 'admin.refuseWithdrawal',
			targetType: 'withdrawal',
			targetId: after.id,
			before,
			after
		});
		return present(after);
	});
}
