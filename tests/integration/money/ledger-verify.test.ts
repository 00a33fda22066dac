import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { taskInput } from '../fixtures';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp();
});
afterAll(() => app.close());

describe('admin.ledgerVerify', () => {
	it('finds a consistent ledger consistent, and says exactly what a tampered one gets wrong', async () => {
		const admin = await app.admin();
		const { requester, worker, task: paid } = await app.claimedTask({ bounty: 10_000n, fund: 30_000n });
		const handover = await app.as(worker).handover.submit({ taskId: paid.id, report: 'Done', fileIds: [] });
		await app.as(admin).admin.approve({ handoverId: handover.id });
		const open = await app.as(requester).task.publish(taskInput({ bounty: 5_000n }));

		const clean = await app.as(admin).admin.ledgerVerify();
		expect(clean).toMatchObject({
			ok: true,
			sum: 0n,
			mismatches: [],
			escrow: [],
			withdrawals: [],
			negative: []
		});
		expect(clean.transfers).toBe(5); // deposit, 2 holds, release, commission

		// Someone edits a balance behind the ledger's back, and an escrow loses money.
		const wallet = await app.db.account.findFirstOrThrow({ where: { userId: worker.id } });
		await app.db.account.update({ where: { id: wallet.id }, data: { balance: { increment: 1n } } });
		await app.db.account.update({ where: { taskId: open.id }, data: { balance: { decrement: 100n } } });

		const tampered = await app.as(admin).admin.ledgerVerify();
		expect(tampered.ok).toBe(false);
		expect(tampered.sum).toBe(-99n);
		expect(tampered.mismatches.map((m) => [m.kind, m.stored, m.recomputed]).sort()).toEqual([
			['ESCROW', '4900', '5000'],
			['WALLET', '9001', '9000']
		]);
		expect(tampered.escrow).toEqual([{ taskId: open.id, status: 'OPEN', bounty: '5000', escrow: '4900' }]);
	});

	it('is for admins only', async () => {
		await expect(app.as(await app.user()).admin.ledgerVerify()).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});
});
