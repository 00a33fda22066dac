// Paying out a task: the one path shared by an admin's approval and the auto-release timer. The escrow goes
// to the worker (bounty − commission) and the platform (commission) under keys that name the task, so the
// same task can never be paid twice, whoever or whatever approves it.
import { splitCommission } from '$lib/domain/money';
import type { Tx } from '../db';
import { escrowAccount, systemAccount, transfer, walletAccount } from '../money/ledger';
import { notify } from '../notifications/notify';

export interface PayableTask {
	id: string;
	title: string;
	requesterId: string;
	currency: string;
	commissionBps: number;
}

export interface PayableHandover {
	id: string;
	workerId: string;
}

/**
 * Marks the handover approved (by `reviewerId`, or by the timer when null), moves the escrow and tells the
 * worker and the requester. Call it after the state machine accepted `approve` or `auto_release`.
 */
export async function payOut(
	tx: Tx,
	task: PayableTask,
	handover: PayableHandover,
	reviewerId: string | null,
	now: Date
): Promise<{ payout: bigint; fee: bigint }> {
	await tx.handover.update({
		where: { id: handover.id },
		data: {
			status: 'APPROVED',
			reviewerId,
			reviewedAt: now,
			autoReleased: reviewerId === null
		}
	});
	const escrow = await escrowAccount(tx, task.id);
	const { fee, payout } = splitCommission(escrow.balance, task.commissionBps);
	if (payout > 0n) {
		await transfer(tx, {
			key: `release:${task.id}`,
			code: 'RELEASE',
			amount: payout,
			currency: task.currency,
			from: escrow,
			to: await walletAccount(tx, handover.workerId, task.currency),
			taskId: task.id
		});
	}
	if (fee > 0n) {
		await transfer(tx, {
			key: `commission:${task.id}`,
			code: 'COMMISSION',
			amount: fee,
			currency: task.currency,
			from: escrow,
			to: await systemAccount(tx, 'PLATFORM_REVENUE', task.currency),
			taskId: task.id
		});
	}
	const data = { title: task.title, autoReleased: reviewerId === null };
	await notify(
		tx,
		{ userId: handover.workerId, kind: 'approved', taskId: task.id, data },
		{ userId: task.requesterId, kind: 'approved', taskId: task.id, data },
		{
			userId: handover.workerId,
			kind: 'paid',
			taskId: task.id,
			data: { title: task.title, amount: payout, currency: task.currency }
		}
	);
	return { payout, fee };
}
