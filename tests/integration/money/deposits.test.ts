// Deposits through the payment providers: bank transfer (pending until an admin confirms or cancels it),
// sandbox (credited at once), the admin's direct record; exact balances and Σ = 0 after each step.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PENDING_DEPOSITS } from '$lib/server/money/deposits';
import { createTestApp, type TestApp } from '../support/app';
import { balanceOfWallet, ledgerAudit } from '../support/ledger';

const BANK = {
	BANK_NAME: 'China Merchants Bank, Shanghai Pudong branch',
	BANK_ACCOUNT_NAME: 'Jiedan Technology Co., Ltd.',
	BANK_ACCOUNT_NUMBER: '6214 8301 2345 6789'
};

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp(BANK);
});
afterAll(() => app.close());

async function expectBalancedLedger() {
	expect(await ledgerAudit(app.db)).toMatchObject({ sum: 0n, mismatched: [], negative: [] });
	const report = await app.as(await app.admin()).admin.ledgerVerify();
	expect(report).toMatchObject({ ok: true, sum: 0n, mismatches: [], withdrawals: [] });
}

describe('wallet.providers', () => {
	it('offers bank transfer (with the bank details) and, with PAYMENT_SANDBOX=on, the sandbox', async () => {
		expect(await app.as(await app.user()).wallet.providers()).toEqual({
			currency: 'CNY',
			providers: ['bank_transfer', 'sandbox'],
			bank: {
				bankName: BANK.BANK_NAME,
				accountName: BANK.BANK_ACCOUNT_NAME,
				accountNumber: BANK.BANK_ACCOUNT_NUMBER
			},
			withdrawal: { min: 1000n, fee: 0n, payoutHours: 48 }
		});
	});

	it('needs a session', async () => {
		await expect(app.as(null).wallet.providers()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
	});
});

describe('bank transfer', () => {
	it('is pending with a reference to quote until an admin confirms it; then the wallet is credited once', async () => {
		const user = await app.user();
		const admin = await app.admin();
		const started = await app.as(user).wallet.deposit({ provider: 'bank_transfer', amount: 12_345n });
		expect(started.deposit).toMatchObject({
			provider: 'bank_transfer',
			amount: 12_345n,
			currency: 'CNY',
			status: 'PENDING',
			confirmedAt: null
		});
		expect(started.deposit.reference).toMatch(/^JD[0-9A-HJKMNP-TV-Z]{8}$/);
		expect(started.instructions).toEqual({
			reference: started.deposit.reference,
			bank: {
				bankName: BANK.BANK_NAME,
				accountName: BANK.BANK_ACCOUNT_NAME,
				accountNumber: BANK.BANK_ACCOUNT_NUMBER
			}
		});
		expect(await balanceOfWallet(app.db, user.id)).toBe(0n);
		expect((await app.as(user).wallet.deposits()).map((d) => [d.id, d.status])).toEqual([
			[started.deposit.id, 'PENDING']
		]);
		const pending = await app.as(admin).admin.deposits({ status: 'PENDING' });
		expect(pending.items.find((d) => d.id === started.deposit.id)).toMatchObject({
			reference: started.deposit.reference,
			user: { id: user.id, email: user.email }
		});

		const mutationId = randomUUID();
		const confirmations = [];
		for (let i = 0; i < 3; i++) {
			confirmations.push(
				await app.as(admin).admin.confirmDeposit({ mutationId, depositId: started.deposit.id })
			);
		}
		expect(confirmations.every((c) => c.status === 'CONFIRMED' && c.amount === 12_345n)).toBe(true);
		expect(await balanceOfWallet(app.db, user.id)).toBe(12_345n);
		const transfer = await app.db.transfer.findUniqueOrThrow({
			where: { key: `deposit-request:${started.deposit.id}` }
		});
		expect(transfer).toMatchObject({ code: 'DEPOSIT', amount: 12_345n });
		expect(await app.db.deposit.findUniqueOrThrow({ where: { id: started.deposit.id } })).toMatchObject({
			status: 'CONFIRMED',
			confirmedById: admin.id
		});
		expect(
			await app.db.notification.findMany({ where: { userId: user.id }, select: { kind: true, data: true } })
		).toEqual([
			{
				kind: 'deposit_confirmed',
				data: { depositId: started.deposit.id, amount: '12345', currency: 'CNY' }
			}
		]);
		const entries = await app.db.auditEntry.findMany({ where: { targetId: started.deposit.id } });
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			actorId: admin.id,
			action: 'admin.confirmDeposit',
			targetType: 'deposit',
			before: expect.objectContaining({ status: 'PENDING' }),
			after: expect.objectContaining({ status: 'CONFIRMED' })
		});

		// Decided: neither a second confirmation (without the mutation id) nor a cancellation.
		await expect(app.as(admin).admin.confirmDeposit({ depositId: started.deposit.id })).rejects.toMatchObject(
			{ code: 'CONFLICT', message: expect.stringContaining('already') }
		);
		await expect(
			app.as(admin).admin.cancelDeposit({ depositId: started.deposit.id, reason: 'Never arrived.' })
		).rejects.toMatchObject({ code: 'CONFLICT' });
		expect(await balanceOfWallet(app.db, user.id)).toBe(12_345n);
		await expectBalancedLedger();
	});

	it('an admin cancels a transfer that never came: nothing credited, the reason in the audit log', async () => {
		const user = await app.user();
		const admin = await app.admin();
		const { deposit } = await app.as(user).wallet.deposit({ provider: 'bank_transfer', amount: 5_000n });
		const cancelled = await app
			.as(admin)
			.admin.cancelDeposit({ depositId: deposit.id, reason: 'No transfer after 7 days.' });
		expect(cancelled).toMatchObject({ id: deposit.id, status: 'CANCELLED' });
		expect(await balanceOfWallet(app.db, user.id)).toBe(0n);
		const entry = await app.db.auditEntry.findFirstOrThrow({ where: { targetId: deposit.id } });
		expect(entry).toMatchObject({
			action: 'admin.cancelDeposit',
			after: expect.objectContaining({ status: 'CANCELLED', reason: 'No transfer after 7 days.' })
		});
		await expect(app.as(admin).admin.confirmDeposit({ depositId: deposit.id })).rejects.toMatchObject({
			code: 'CONFLICT'
		});
		expect(await balanceOfWallet(app.db, user.id)).toBe(0n);
		expect(await app.db.transfer.count({ where: { key: `deposit-request:${deposit.id}` } })).toBe(0);
	});

	it(`allows at most ${MAX_PENDING_DEPOSITS} pending requests per user`, async () => {
		const user = await app.user();
		for (let i = 0; i < MAX_PENDING_DEPOSITS; i++) {
			await app.as(user).wallet.deposit({ provider: 'bank_transfer', amount: 100n });
		}
		await expect(
			app.as(user).wallet.deposit({ provider: 'bank_transfer', amount: 100n })
		).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
		expect(await app.db.deposit.count({ where: { userId: user.id } })).toBe(MAX_PENDING_DEPOSITS);
	});
});

describe('sandbox', () => {
	it('credits at once, once per mutation id', async () => {
		const user = await app.user();
		const mutationId = randomUUID();
		const results = await Promise.all(
			Array.from({ length: 4 }, () =>
				app.as(user).wallet.deposit({ mutationId, provider: 'sandbox', amount: 2_500n })
			)
		);
		expect(new Set(results.map((r) => r.deposit.id)).size).toBe(1);
		expect(results[0]).toMatchObject({
			deposit: { status: 'CONFIRMED', provider: 'sandbox' },
			instructions: null
		});
		expect(await balanceOfWallet(app.db, user.id)).toBe(2_500n);
		expect(await app.as(user).wallet.get()).toMatchObject({ available: 2_500n });
		expect(await app.db.deposit.count({ where: { userId: user.id } })).toBe(1);
		await expectBalancedLedger();
	});
});

describe('admin.recordDeposit', () => {
	it('writes a confirmed deposit row, notifies and audits; a request’s reference is not reusable', async () => {
		const user = await app.user();
		const admin = await app.admin();
		const reference = `CMB-${randomUUID()}`;
		const recorded = await app.as(admin).admin.recordDeposit({ userId: user.id, amount: 8_000n, reference });
		expect(recorded).toMatchObject({ amount: 8_000n, duplicate: false });
		expect(await app.db.deposit.findUniqueOrThrow({ where: { reference } })).toMatchObject({
			id: recorded.depositId,
			userId: user.id,
			provider: 'bank_transfer',
			status: 'CONFIRMED',
			amount: 8_000n,
			confirmedById: admin.id
		});
		expect(
			await app.db.auditEntry.count({
				where: { targetId: recorded.depositId!, action: 'admin.recordDeposit' }
			})
		).toBe(1);
		expect(await app.db.notification.count({ where: { userId: user.id, kind: 'deposit_confirmed' } })).toBe(
			1
		);
		const again = await app.as(admin).admin.recordDeposit({ userId: user.id, amount: 8_000n, reference });
		expect(again).toMatchObject({ duplicate: true, depositId: recorded.depositId });

		const { deposit } = await app.as(user).wallet.deposit({ provider: 'bank_transfer', amount: 1_000n });
		await expect(
			app.as(admin).admin.recordDeposit({ userId: user.id, amount: 1_000n, reference: deposit.reference })
		).rejects.toMatchObject({ code: 'CONFLICT' });
		expect(await balanceOfWallet(app.db, user.id)).toBe(8_000n);
		expect(await app.db.deposit.findUniqueOrThrow({ where: { id: deposit.id } })).toMatchObject({
			status: 'PENDING'
		});
		await expectBalancedLedger();
	});

	it('a bank reference that happens to be a request’s id never blocks confirming that request', async () => {
		const user = await app.user();
		const admin = await app.admin();
		const { deposit } = await app.as(user).wallet.deposit({ provider: 'bank_transfer', amount: 2_500n });
		// Transfer keys of recorded transfers and of confirmed requests live apart.
		await app.as(admin).admin.recordDeposit({ userId: user.id, amount: 700n, reference: deposit.id });
		expect(await app.as(admin).admin.confirmDeposit({ depositId: deposit.id })).toMatchObject({
			status: 'CONFIRMED'
		});
		expect(await balanceOfWallet(app.db, user.id)).toBe(3_200n);
		await expectBalancedLedger();
	});
});

describe('access and bad input', () => {
	it('non-admins cannot list, confirm or cancel deposits; nothing changes', async () => {
		const user = await app.user();
		const { deposit } = await app.as(user).wallet.deposit({ provider: 'bank_transfer', amount: 700n });
		const caller = app.as(user);
		await expect(caller.admin.deposits({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(caller.admin.confirmDeposit({ depositId: deposit.id })).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		await expect(
			caller.admin.cancelDeposit({ depositId: deposit.id, reason: 'changed my mind' })
		).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await app.db.deposit.findUniqueOrThrow({ where: { id: deposit.id } })).toMatchObject({
			status: 'PENDING'
		});
		expect(await balanceOfWallet(app.db, user.id)).toBe(0n);
	});

	it('a stranger sees only their own deposits', async () => {
		const owner = await app.user();
		const stranger = await app.user();
		await app.as(owner).wallet.deposit({ provider: 'sandbox', amount: 300n });
		expect(await app.as(stranger).wallet.deposits()).toEqual([]);
		expect(await app.as(owner).wallet.deposits()).toHaveLength(1);
	});

	it('an unknown deposit is NOT_FOUND', async () => {
		const admin = await app.admin();
		await expect(app.as(admin).admin.confirmDeposit({ depositId: randomUUID() })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		await expect(
			app.as(admin).admin.cancelDeposit({ depositId: randomUUID(), reason: 'no such thing' })
		).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it.each([
		['a zero amount', { provider: 'sandbox', amount: 0n }],
		['an amount as a float', { provider: 'sandbox', amount: 10.5 }],
		['an unknown provider', { provider: 'paypal', amount: 100n }]
	])('%s → BAD_REQUEST, nothing stored', async (_name, input) => {
		const user = await app.user();
		await expect(
			app.as(user).wallet.deposit(input as Parameters<ReturnType<TestApp['as']>['wallet']['deposit']>[0])
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		expect(await app.db.deposit.count({ where: { userId: user.id } })).toBe(0);
	});
});

describe('a server without bank details or sandbox', () => {
	let bare: TestApp;
	beforeAll(async () => {
		bare = await createTestApp({ PAYMENT_SANDBOX: 'off' });
	});
	afterAll(() => bare.close());

	it('offers nothing and refuses deposits', async () => {
		const user = await bare.user();
		expect(await bare.as(user).wallet.providers()).toMatchObject({
			currency: 'CNY',
			providers: [],
			bank: null
		});
		for (const provider of ['sandbox', 'bank_transfer'] as const) {
			await expect(bare.as(user).wallet.deposit({ provider, amount: 100n })).rejects.toMatchObject({
				code: 'BAD_REQUEST',
				message: expect.stringContaining('not offered')
			});
		}
		expect(await bare.db.deposit.count()).toBe(0);
	});
});
