// The requester's and the worker's answers on the task page: the requester asks to cancel a claimed task
// and the worker declines, then (after the handover) the requester objects with a reason and the admin's
// review queue shows it; and a second task that the worker agrees to cancel is refunded.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ADMIN, ADMIN_ENV, fundedRequester, registered, type Api } from './support/actors';
import { apiClient } from './support/api';
import { useWorld } from './support/world';

const TIMEOUT = 15_000;

const world = useWorld({ env: ADMIN_ENV, timeout: TIMEOUT });

async function pageFor(api: Api, viewport?: { width: number; height: number }): Promise<Page> {
	return world.signedInPage(api, viewport);
}

const visible = (page: Page, text: string | RegExp) =>
	expect.poll(() => page.getByText(text).first().isVisible(), { timeout: TIMEOUT }).toBe(true);

async function button(page: Page, name: string) {
	const target = page.getByRole('button', { name, exact: true });
	await expect.poll(() => target.isEnabled(), { timeout: TIMEOUT }).toBe(true);
	await target.click();
}

it('cancel request declined, then an objection the admin sees; a consented cancellation refunds', async () => {
	const requester = await fundedRequester(world.app.baseUrl, 20_000n);
	const worker = await registered(world.app.baseUrl, 'Mei');
	const publish = (title: string) =>
		requester.client.task.publish.mutate({
			title,
			description: 'Details inside.',
			category: 'errand',
			address: 'Gate 3',
			bounty: 6_000n
		});
	const first = await publish('Pick up the parcel at gate 3');
	await worker.client.task.claim.mutate({ taskId: first.id });

	const asker = await pageFor(requester, { width: 1280, height: 900 });
	const mei = await pageFor(worker);

	// The requester asks; the worker declines.
	await asker.goto(`${world.app.baseUrl}/tasks/${first.id}`);
	await button(asker, 'Ask the worker to cancel');
	await button(asker, 'Send the request');
	await visible(asker, 'Your cancellation request is waiting for the worker’s answer.');
	await mei.goto(`${world.app.baseUrl}/tasks/${first.id}`);
	await visible(mei, /^The requester asks to cancel this task\./);
	await visible(mei, 'Hand over by');
	await button(mei, 'Decline and keep the task');
	await visible(mei, 'You declined: the task is still yours.');
	expect((await worker.client.task.get.query({ id: first.id })).status).toBe('CLAIMED');

	// The worker hands over; the requester objects with a reason; the admin's queue shows it.
	await worker.client.handover.submit.mutate({ taskId: first.id, report: 'Parcel delivered.', fileIds: [] });
	await asker.reload();
	await visible(asker, 'Is the handover right?');
	await button(asker, 'Object');
	await button(asker, 'Send the objection');
	await visible(asker, 'Write a reason of at least 3 characters.');
	await asker.getByLabel('What is wrong?').fill('The parcel was left at the wrong door.');
	await button(asker, 'Send the objection');
	await visible(asker, 'Your objection has been sent to the platform.');
	await visible(asker, 'You objected to this handover:');

	const admin = apiClient(world.app.baseUrl);
	await admin.client.auth.login.mutate(ADMIN);
	const reviewer = await pageFor(admin, { width: 1280, height: 900 });
	await reviewer.goto(`${world.app.baseUrl}/admin/review`);
	const item = reviewer
		.getByRole('article')
		.filter({ has: reviewer.getByRole('heading', { name: 'Pick up the parcel at gate 3' }) });
	await expect
		.poll(() => item.innerText(), { timeout: TIMEOUT })
		.toMatch(/Requester says\s*Objected:\s*The parcel was left at the wrong door\./);

	// A second task: the worker agrees to cancel; the bounty goes back.
	const second = await publish('Return the library books');
	await worker.client.task.claim.mutate({ taskId: second.id });
	await requester.client.task.requestCancel.mutate({ taskId: second.id });
	await mei.goto(`${world.app.baseUrl}/tasks/${second.id}`);
	await button(mei, 'Agree to cancel');
	await visible(mei, 'The task is cancelled.');
	expect(await requester.client.wallet.get.query()).toMatchObject({ available: 14_000n, held: 6_000n });
	expect(world.pageErrors).toEqual([]);
});
