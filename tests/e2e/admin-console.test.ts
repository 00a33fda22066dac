// The admin console on a phone: the admin raises the platform fee in Settings and a task published next
// records the new rate; the admin force-cancels a claimed task in Tasks and the requester's wallet shows the
// refund; the audit log lists both actions.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { apiClient } from './support/api';
import { ADMIN, ADMIN_ENV, fundedRequester, registered, type Api } from './support/actors';
import { useWorld } from './support/world';

const TIMEOUT = 10_000;

const world = useWorld({ env: ADMIN_ENV, timeout: TIMEOUT, consoleErrors: true });

async function phone(api: Api): Promise<Page> {
	return world.signedInPage(api);
}

/** Waits until the page's live status region says `text`. */
const statusSays = (page: Page, text: RegExp) =>
	expect
		.poll(async () => (await page.getByRole('status').allInnerTexts()).join('\n'), { timeout: TIMEOUT })
		.toMatch(text);

it('changes the fee for new tasks, force-cancels a claimed task with a refund, and audits both', async () => {
	const adminApi = apiClient(world.app.baseUrl);
	await adminApi.client.auth.login.mutate(ADMIN);
	const admin = await phone(adminApi);

	// Settings: the platform fee goes from 10 % to 15 %.
	await admin.goto(`${world.app.baseUrl}/admin`);
	await admin
		.getByRole('navigation', { name: 'Admin sections' })
		.getByRole('link', { name: 'Settings' })
		.click();
	await admin.waitForURL(/\/admin\/settings$/);
	const fee = admin.getByRole('textbox', { name: 'Platform fee (%)', exact: true });
	expect(await fee.inputValue()).toBe('10');
	await fee.fill('15');
	await admin.getByRole('button', { name: 'Save: Platform fee (%)' }).click();
	await statusSays(admin, /Saved: Platform fee \(%\) is now 15\./);
	expect(await admin.getByText(/Changed by Admin/).count()).toBe(1);

	// A requester publishes: the task records the new rate.
	const requester = await fundedRequester(world.app.baseUrl, 30_000n);
	const task = await requester.client.task.publish.mutate({
		title: 'Repaint the hallway',
		description: 'Two coats, white.',
		category: 'household',
		address: 'Building 7, Room 302',
		bounty: 20_000n
	});
	const published = await requester.client.task.get.query({ id: task.id });
	expect(published.private?.commissionBps).toBe(1500);

	// A worker claims it; the admin force-cancels it from the Tasks section.
	const worker = await registered(world.app.baseUrl, 'Painter');
	expect(await worker.client.task.claim.mutate({ taskId: task.id })).toEqual({ status: 'claimed' });
	await admin
		.getByRole('navigation', { name: 'Admin sections' })
		.getByRole('link', { name: 'Tasks' })
		.click();
	await admin.waitForURL(/\/admin\/tasks$/);
	await admin.getByLabel(/^Search/).fill('Repaint');
	await admin.getByRole('button', { name: 'Filter' }).click();
	await admin.waitForURL(/q=Repaint/);
	const card = admin.getByRole('article', { name: 'Repaint the hallway' });
	await expect.poll(() => card.getByText('Claimed', { exact: true }).isVisible()).toBe(true);
	await card.locator('summary', { hasText: 'Force cancel' }).click(); // unfolds the form
	await card.getByLabel('Reason for cancelling').fill('The requester reported the worker never came.');
	await card.getByRole('button', { name: 'Force cancel' }).click();
	await statusSays(admin, /“Repaint the hallway” is cancelled; \D*200\.00 went back to Requester\./);
	await expect.poll(() => card.getByText('Cancelled', { exact: true }).isVisible()).toBe(true);

	// The requester's wallet shows the refund: all 300.00 available again, nothing held.
	const requesterPhone = await phone(requester);
	await requesterPhone.goto(`${world.app.baseUrl}/wallet`);
	await requesterPhone.getByRole('term').first().waitFor();
	const terms = await requesterPhone.getByRole('term').allInnerTexts();
	const values = await requesterPhone.getByRole('definition').allInnerTexts();
	const wallet = Object.fromEntries(terms.map((term, i) => [term.trim(), (values[i] ?? '').trim()]));
	expect(wallet['Available']).toMatch(/^\D*300\.00$/);
	expect(wallet['Held in escrow']).toMatch(/^\D*0\.00$/);

	// The audit log lists both actions, newest first, with what changed.
	await admin
		.getByRole('navigation', { name: 'Admin sections' })
		.getByRole('link', { name: 'Audit log' })
		.click();
	await admin.waitForURL(/\/admin\/audit$/);
	const headings = await admin.getByRole('heading', { level: 2 }).allInnerTexts();
	// The requester's funding is audited too (a bank transfer the admin recorded).
	expect(headings).toContain('Recorded a bank transfer');
	const consoleActions = headings.filter((heading) => heading !== 'Recorded a bank transfer');
	expect(consoleActions.slice(0, 2)).toEqual(['Force-cancelled a task', 'Changed settings']);
	const settingsEntry = admin.getByRole('article', { name: 'Changed settings' });
	expect(await settingsEntry.getByRole('row', { name: /commissionBps/ }).innerText()).toMatch(
		/commissionBps\s+1000\s+1500/
	);
	const cancelEntry = admin.getByRole('article', { name: 'Force-cancelled a task' });
	expect(
		await cancelEntry
			.getByRole('row', { name: /status/ })
			.first()
			.innerText()
	).toMatch(/status\s+CLAIMED\s+CANCELLED/);

	// The other sections of this console open without errors: the ledger still adds up after the refund.
	await admin
		.getByRole('navigation', { name: 'Admin sections' })
		.getByRole('link', { name: 'Ledger' })
		.click();
	await admin.waitForURL(/\/admin\/ledger$/);
	await admin.getByText(/^Consistent: /).waitFor();
	await admin
		.getByRole('navigation', { name: 'Admin sections' })
		.getByRole('link', { name: 'Users' })
		.click();
	await admin.waitForURL(/\/admin\/users$/);
	await admin.getByRole('article', { name: 'Painter' }).waitFor();
	expect(world.pageErrors).toEqual([]);
}, 60_000);
