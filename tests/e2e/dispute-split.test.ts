// A dispute settled by a split, in Chromium against the built app: the requester posts (¥123.45), a worker
// on a phone claims it and opens a dispute with a photo as evidence; the admin splits the escrow half and
// half on /admin/disputes, seeing the division before deciding. Both wallets then show the exact amounts
// (commission only on the worker's half), the task shows the decision, the evidence stays private to the
// parties, and the ledger verifies.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { noisePng } from '../support/png';
import { apiClient } from './support/api';
import { ADMIN, ADMIN_ENV, fundedRequester, registered, signedInContext } from './support/actors';
import { useWorld } from './support/world';

const TIMEOUT = 10_000;

const world = useWorld({
	env: { ...ADMIN_ENV, COMMISSION_BPS: '1000' },
	timeout: TIMEOUT,
	consoleErrors: true
});

async function pageFor(
	api: Parameters<typeof signedInContext>[2],
	viewport?: { width: number; height: number }
) {
	return world.signedInPage(api, viewport);
}

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: TIMEOUT });
const statuses = (page: Page) => page.getByRole('status').allInnerTexts();
/** Amounts in exact major units, whatever the currency sign ("CN¥55.55", "¥55.55"). */
const amount = (major: string) => new RegExp(`^\\D*${major.replace('.', '\\.')}$`);

/** A definition list as a user reads it: label → value. */
async function terms(list: ReturnType<Page['getByRole']>): Promise<Record<string, string>> {
	const keys = await list.getByRole('term').allInnerTexts();
	const values = await list.getByRole('definition').allInnerTexts();
	return Object.fromEntries(keys.map((key, i) => [key.trim(), (values[i] ?? '').trim()]));
}

async function wallet(page: Page) {
	await page.goto(`${world.app.baseUrl}/wallet`);
	await page.getByRole('term').first().waitFor();
	return terms(page.getByRole('main'));
}

it('worker disputes, admin splits half and half, both wallets and the ledger agree to the fen', async () => {
	const suffix = randomUUID().slice(0, 8);
	const title = `Paint the fence ${suffix}`;
	const requester = await fundedRequester(world.app.baseUrl, 20_000n);
	const task = await requester.client.task.publish.mutate({
		title,
		description: 'Two coats of paint on the garden fence.',
		category: 'household',
		address: '12 Garden Lane',
		bounty: 12_345n
	});
	const worker = await registered(world.app.baseUrl, 'Painter');
	const admin = apiClient(world.app.baseUrl);
	await admin.client.auth.login.mutate(ADMIN);
	const stranger = await registered(world.app.baseUrl, 'Stranger');

	// The worker claims on a phone, then disputes with a photo.
	const phone = await pageFor(worker);
	await phone.goto(`${world.app.baseUrl}/tasks/${task.id}`);
	await phone.getByRole('heading', { level: 1, name: title }).waitFor();
	await phone.getByRole('button', { name: 'Claim', exact: true }).click();
	await poll(() => statuses(phone)).toContainEqual(expect.stringContaining('This task is now yours'));
	await phone.getByRole('button', { name: 'Open a dispute' }).click();
	await phone.getByRole('button', { name: 'Send to the platform' }).click();
	// Too short: the form says why and sends nothing.
	await phone.getByText(/Write a statement of 10 to 5000 characters/).waitFor();
	await phone
		.getByLabel('Your statement')
		.fill('The requester asked for a third coat that was not in the task. 要求增加第三遍，不在任务范围内。');
	await phone
		.getByLabel('Evidence (optional)')
		.setInputFiles([{ name: 'fence.png', mimeType: 'image/png', buffer: noisePng(300, 200) }]);
	await phone.getByRole('button', { name: 'Send to the platform' }).click();
	await poll(() => statuses(phone)).toContainEqual(expect.stringContaining('Your dispute was sent'));
	// The page's data reloads after the message: wait for it rather than read it at once.
	await poll(() => phone.getByText('In dispute', { exact: true }).isVisible()).toBe(true);
	await poll(() => phone.getByText(/The platform is reviewing this dispute/).isVisible()).toBe(true);
	await poll(() => phone.getByRole('button', { name: 'Open a dispute' }).count()).toBe(0);
	const evidenceHref = await phone.getByRole('link', { name: /fence/ }).getAttribute('href');

	// The admin sees the dispute, previews the half split and decides.
	const desk = await pageFor(admin, { width: 1280, height: 900 });
	await desk.goto(`${world.app.baseUrl}/admin`);
	await desk.getByText('Open disputes: 1').waitFor();
	await desk.getByRole('link', { name: 'Disputes', exact: true }).click();
	await desk.getByRole('heading', { level: 1, name: 'Disputes' }).waitFor();
	const card = desk.getByRole('article', { name: title });
	expect(await card.getByText(/third coat/).isVisible()).toBe(true);
	expect(await card.getByRole('img', { name: /fence/ }).isVisible()).toBe(true);
	await card.getByRole('button', { name: 'Resolve dispute' }).click();
	await card.getByText(/Enter an amount from 0 to 123\.45/).waitFor();
	await card.getByRole('button', { name: 'Half' }).click();
	expect(await card.getByLabel('Amount for the worker (¥)').inputValue()).toBe('61.72');
	// 10 % of 61.72 is 6.172 → 6.17; the worker nets 55.55 and the requester gets 61.73 back.
	const preview = await terms(card.getByLabel('Preview of the division'));
	expect(preview).toEqual({
		'Paid to the worker': expect.stringMatching(amount('55.55')),
		'Platform fee (10% of the worker’s part)': expect.stringMatching(amount('6.17')),
		'Refunded to the requester': expect.stringMatching(amount('61.73'))
	});
	await card
		.getByLabel('Reason for the decision')
		.fill('Two coats were agreed and done; the third was extra.');
	await card.getByRole('button', { name: 'Resolve dispute' }).click();
	await poll(() => statuses(desk)).toContainEqual(expect.stringContaining(`Resolved “${title}”`));
	await poll(() => desk.getByText('No open disputes.').isVisible()).toBe(true);
	await desk.getByRole('link', { name: 'Resolved', exact: true }).click();
	await desk
		.getByRole('article', { name: title })
		.getByText(/the third was extra/)
		.waitFor();

	// Money, to the fen: 200.00 − 123.45 + 61.73 for the requester, 55.55 for the worker.
	const requesterPage = await pageFor(requester, { width: 1280, height: 900 });
	expect(await wallet(requesterPage)).toMatchObject({
		Available: expect.stringMatching(amount('138.28')),
		'Held in escrow': expect.stringMatching(amount('0.00'))
	});
	expect(await wallet(phone)).toMatchObject({ Available: expect.stringMatching(amount('55.55')) });

	// The task shows the decision to both parties.
	for (const page of [requesterPage, phone]) {
		await page.goto(`${world.app.baseUrl}/tasks/${task.id}`);
		await page.getByRole('heading', { name: 'Dispute resolved' }).waitFor();
		expect(await page.getByText('Completed', { exact: true }).isVisible()).toBe(true);
		expect(await terms(page.getByLabel('Division of the bounty'))).toEqual({
			'Paid to the worker': expect.stringMatching(amount('55.55')),
			'Platform fee': expect.stringMatching(amount('6.17')),
			'Refunded to the requester': expect.stringMatching(amount('61.73'))
		});
		expect(await page.getByText(/the third was extra/).isVisible()).toBe(true);
	}

	// The evidence is the parties' and the platform's only.
	expect(evidenceHref).toMatch(/^\/files\/[0-9a-f-]{36}$/);
	expect((await requesterPage.request.get(`${world.app.baseUrl}${evidenceHref}`)).status()).toBe(200);
	const strangerPage = await pageFor(stranger);
	expect((await strangerPage.request.get(`${world.app.baseUrl}${evidenceHref}`)).status()).toBe(404);

	expect(await admin.client.admin.ledgerVerify.query()).toMatchObject({ ok: true, sum: 0n });
	expect(world.pageErrors).toEqual([]);
}, 60_000);
