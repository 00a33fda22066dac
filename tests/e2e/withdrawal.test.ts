// A worker's withdrawal in a real browser against the built app: asked for on the wallet page (held at
// once, with the promised payout time), paid out by the admin on /admin/withdrawals with a bank reference,
// then seen as paid, with exact balances, statement and CSV export; the ledger check stays clean.
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_ENV, registered, signedInContext } from './support/actors';
import { apiClient } from './support/api';
import { useWorld } from './support/world';

const EXPECT_TIMEOUT = 10_000;
const DESTINATION = 'ICBC 6222 0000 1111 2222, Wang Xiaoming';

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: EXPECT_TIMEOUT });
/** Amounts in exact major units, whatever the currency sign ("CN¥108.00", "¥108.00", "-CN¥1.00"). */
const amount = (major: string) => new RegExp(`^[^\\d]*${major.replace('.', '\\.')}$`);

async function track(context: BrowserContext): Promise<Page> {
	return world.track(context);
}

/** The wallet's figures as a user reads them: label → amount. */
async function figures(page: Page): Promise<Record<string, string>> {
	await page.goto(`${world.app.baseUrl}/wallet`);
	await page.getByRole('heading', { level: 2, name: 'Statement' }).waitFor();
	const cards = page.locator('dl.amounts > div');
	const result: Record<string, string> = {};
	for (const card of await cards.all()) {
		result[(await card.getByRole('term').innerText()).trim()] = (
			await card.getByRole('definition').innerText()
		).trim();
	}
	return result;
}

/** The statement table's rows: [movement, amount, balance]. */
async function statementRows(page: Page): Promise<string[][]> {
	const rows = page.getByRole('table').getByRole('row');
	const out: string[][] = [];
	for (const row of (await rows.all()).slice(1)) {
		const cells = await row.getByRole('cell').allInnerTexts();
		out.push([cells[1]!.split('\n')[0]!.trim(), cells[2]!.trim(), cells[3]!.trim()]);
	}
	return out;
}

const world = useWorld({
	env: { ...ADMIN_ENV, WITHDRAWAL_MIN: '5000', WITHDRAWAL_FEE: '200', WITHDRAWAL_PAYOUT_HOURS: '24' },
	timeout: EXPECT_TIMEOUT,
	consoleErrors: true
});

describe('a worker withdraws and the admin pays it out', () => {
	const suffix = randomUUID().slice(0, 8);
	const bankReference = `ICBC-OUT-${suffix}`;
	let workerApi: Awaited<ReturnType<typeof registered>>;
	let adminApi: ReturnType<typeof apiClient>;
	let worker: Page;
	let adminPage: Page;
	let broken = false;

	beforeEach((context) => {
		if (broken) context.skip('an earlier step failed');
		context.onTestFailed(() => {
			broken = true;
		});
	});

	beforeAll(async () => {
		workerApi = await registered(world.app.baseUrl, `Worker ${suffix}`);
		adminApi = apiClient(world.app.baseUrl);
		await adminApi.client.auth.login.mutate(ADMIN);
		await adminApi.client.admin.recordDeposit.mutate({
			userId: workerApi.user.id,
			amount: 30_000n,
			reference: `BANK-${suffix}`
		});
		worker = await track(await signedInContext(world.browser, world.app.baseUrl, workerApi));
		adminPage = await track(
			await signedInContext(world.browser, world.app.baseUrl, adminApi, { width: 1280, height: 900 })
		);
	});

	it('1. the worker asks to withdraw ¥120 and sees it held with the promised payout time', async () => {
		expect(await figures(worker)).toMatchObject({
			Available: expect.stringMatching(amount('300.00')),
			'Being withdrawn': expect.stringMatching(amount('0.00'))
		});
		const form = worker.getByRole('form', { name: 'Withdraw' });
		expect(
			await worker.getByText(/Minimum \D*50\.00, fee \D*2\.00 per withdrawal; .* within 24 hours/).count()
		).toBe(1);
		await form.getByLabel('Amount (¥)').fill('120');
		await form.getByLabel('Bank account to pay into').fill(DESTINATION);
		await poll(() => form.innerText()).toMatch(/118\.00 reaches your bank account \(\D*2\.00 fee\)/);
		await form.getByRole('button', { name: 'Withdraw' }).click();
		await poll(() => worker.getByRole('status').allInnerTexts()).toContainEqual(
			expect.stringMatching(
				/120\.00 is held for your withdrawal; \D*118\.00 will reach your bank account by /
			)
		);

		const [requested] = await workerApi.client.wallet.withdrawals.query();
		expect(requested).toMatchObject({ amount: 12_000n, fee: 200n, net: 11_800n, status: 'REQUESTED' });
		expect(requested!.payoutBy.getTime() - requested!.createdAt.getTime()).toBe(24 * 3_600_000);
		const promised = new Intl.DateTimeFormat('en', {
			timeZone: 'Asia/Shanghai',
			month: 'short',
			day: 'numeric',
			weekday: 'short',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		}).format(requested!.payoutBy);

		expect(await figures(worker)).toMatchObject({
			Available: expect.stringMatching(amount('180.00')),
			'Being withdrawn': expect.stringMatching(amount('120.00'))
		});
		const mine = worker.getByRole('list', { name: 'Your withdrawals' });
		expect(await mine.innerText()).toContain('Waiting for payout');
		expect(await mine.innerText()).toContain(`Paid out by ${promised}`);
	});

	it('2. the admin marks it paid with the bank reference on /admin/withdrawals', async () => {
		await adminPage.goto(`${world.app.baseUrl}/admin`);
		await adminPage.getByRole('link', { name: 'Withdrawals', exact: true }).click();
		await adminPage.getByRole('heading', { level: 1, name: 'Withdrawals' }).waitFor();
		const card = adminPage.getByRole('article', { name: new RegExp(`for Worker ${suffix}`) });
		expect(await card.innerText()).toContain(DESTINATION);
		expect(await card.innerText()).toMatch(/Send by bank\s*\D*118\.00/);

		// A missing reference is refused in place, with the reason announced.
		await card.getByRole('button', { name: 'Mark paid' }).click();
		expect(await card.getByLabel('Bank reference').getAttribute('aria-invalid')).toBe('true');

		await card.getByLabel('Bank reference').fill(bankReference);
		await card.getByRole('button', { name: 'Mark paid' }).click();
		await poll(() => adminPage.getByRole('status').allInnerTexts()).toContainEqual(
			expect.stringMatching(new RegExp(`Marked paid: \\D*118\\.00 to Worker ${suffix}`))
		);
		await adminPage.getByText('No withdrawals here.').waitFor();
	});

	it('3. the worker sees it paid; balance and statement are exact, and the CSV agrees', async () => {
		expect(await figures(worker)).toMatchObject({
			Available: expect.stringMatching(amount('180.00')),
			'Being withdrawn': expect.stringMatching(amount('0.00'))
		});
		const mine = worker.getByRole('list', { name: 'Your withdrawals' });
		expect(await mine.innerText()).toContain('Paid');
		expect(await mine.innerText()).not.toContain('Waiting for payout');
		expect(await mine.innerText()).toContain(`bank reference ${bankReference}`);

		const rows = await statementRows(worker);
		expect(rows).toHaveLength(2);
		expect(rows[0]![0]).toBe('Withdrawal');
		expect(rows[0]![1]).toMatch(/^-\D*120\.00$/);
		expect(rows[0]![2]).toMatch(amount('180.00'));
		expect(rows[1]![0]).toBe('Deposit');
		expect(rows[1]![1]).toMatch(/^\+\D*300\.00$/);
		expect(rows[1]![2]).toMatch(amount('300.00'));

		// The filter narrows it to deposits only, the running balance unchanged.
		await worker.getByLabel('Type').selectOption({ label: 'Deposit' });
		await worker.getByRole('button', { name: 'Show' }).click();
		await worker.waitForURL(/code=DEPOSIT/);
		await poll(async () => (await statementRows(worker)).length).toBe(1);

		const csvLink = worker.getByRole('link', { name: 'Download CSV' });
		expect(await csvLink.getAttribute('href')).toBe('/wallet/statement.csv?code=DEPOSIT');
		const all = await worker.context().request.get(`${world.app.baseUrl}/wallet/statement.csv`);
		expect(all.status()).toBe(200);
		expect(all.headers()['content-type']).toContain('text/csv');
		const text = (await all.body()).toString('utf8');
		expect(text.startsWith('\uFEFF')).toBe(true);
		const lines = text.slice(1).trimEnd().split('\r\n');
		expect(lines[0]).toBe('Time,Movement,Task,Amount (CNY),Balance (CNY),Code,Transfer');
		expect(lines.slice(1).map((line) => line.split(',').slice(1, 6))).toEqual([
			['Withdrawal', '', '-120.00', '180.00', 'WITHDRAWAL_HOLD'],
			['Deposit', '', '300.00', '300.00', 'DEPOSIT']
		]);

		// Nobody signed in gets no statement.
		const anonymous = await fetch(`${world.app.baseUrl}/wallet/statement.csv`);
		expect(anonymous.status).toBe(401);
	});

	it('4. the ledger check is clean and the pending account is empty again', async () => {
		const report = await adminApi.client.admin.ledgerVerify.query();
		expect(report).toMatchObject({ ok: true, sum: 0n, mismatches: [], withdrawals: [] });
		expect(await workerApi.client.wallet.get.query()).toEqual({
			currency: 'CNY',
			available: 18_000n,
			held: 0n,
			withdrawing: 0n
		});
		expect(world.pageErrors).toEqual([]);
	});
});
