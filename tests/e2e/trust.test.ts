// Trust in a real browser: a worker sends an ID document and the admin verifies it (nobody else can open
// the document); on a task open to verified workers only, worker and requester talk with a photo; after
// completion the requester rates the worker, whose profile then shows the badge and the rating.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { noisePng } from '../support/png';
import { ADMIN, ADMIN_ENV, fundedRequester, registered, signedInContext } from './support/actors';
import { apiClient } from './support/api';
import { useWorld } from './support/world';

const TIMEOUT = 10_000;

const world = useWorld({ env: ADMIN_ENV, timeout: TIMEOUT });

async function pageFor(api: Parameters<typeof signedInContext>[2], desktop = false): Promise<Page> {
	return world.signedInPage(api, desktop ? { width: 1280, height: 900 } : undefined);
}

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: TIMEOUT });

it('verification, messages with a photo, and rating, from both sides', async () => {
	const worker = await registered(world.app.baseUrl, 'Wang Fang');
	const admin = apiClient(world.app.baseUrl);
	await admin.client.auth.login.mutate(ADMIN);

	// The worker sends an ID photo for verification.
	const workerPage = await pageFor(worker);
	await workerPage.goto(`${world.app.baseUrl}/account/verification`);
	await workerPage.getByLabel('ID document').setInputFiles({
		name: 'id-card.png',
		mimeType: 'image/png',
		buffer: noisePng(300, 200)
	});
	await workerPage.getByRole('button', { name: 'Send for verification' }).click();
	await poll(() => workerPage.getByText(/are waiting for the platform/).isVisible()).toBe(true);

	// The admin looks at the document and verifies.
	const adminPage = await pageFor(admin, true);
	await adminPage.goto(`${world.app.baseUrl}/admin/verifications`);
	const request = adminPage.getByRole('listitem').filter({ hasText: 'Wang Fang' });
	await poll(() => request.getByRole('img').getAttribute('alt')).toMatch(/^id-card/);
	await request.getByRole('button', { name: 'Verify' }).click();
	await poll(() => adminPage.getByText('Wang Fang is verified.').isVisible()).toBe(true);

	// Only its owner and admins may open the document.
	const [pending] = (await admin.client.admin.verifications.query({ status: 'VERIFIED' })).items;
	const docUrl = `${world.app.baseUrl}/files/${pending!.files[0]!.id}`;
	const requester = await fundedRequester(world.app.baseUrl, 8_000n);
	const denied = await fetch(docUrl, {
		headers: { cookie: [...requester.jar].map(([k, v]) => `${k}=${v}`).join('; ') }
	});
	expect(denied.status).toBe(404);
	expect((await workerPage.request.get(docUrl)).status()).toBe(200);

	// A task for verified workers only: the verified worker may claim it.
	const task = await requester.client.task.publish.mutate({
		title: 'Check the boiler pressure',
		description: 'Read the gauge and top up if below 1 bar.',
		category: 'household',
		address: 'Room 302, Building 5',
		bounty: 8_000n,
		requireVerified: true
	});
	expect(await worker.client.task.claim.mutate({ taskId: task.id })).toEqual({ status: 'claimed' });

	// The worker sees the requester's record and writes with a photo.
	await workerPage.goto(`${world.app.baseUrl}/tasks/${task.id}`);
	const record = workerPage.getByRole('region', { name: "Requester's record" });
	await poll(() => record.getByText('Tasks posted').isVisible()).toBe(true);
	const sendButton = (page: Page) => page.getByRole('button', { name: 'Send', exact: true });
	await poll(() => sendButton(workerPage).isEnabled()).toBe(true);
	await workerPage.getByLabel('Message', { exact: true }).fill('The gauge reads 0.6 bar, see photo.');
	await workerPage.getByLabel('Photos or files (optional)').setInputFiles({
		name: 'gauge.png',
		mimeType: 'image/png',
		buffer: noisePng(400, 300)
	});
	await sendButton(workerPage).click();
	await poll(() => workerPage.getByText('Message sent.').isVisible()).toBe(true);
	const thread = (page: Page) => page.getByRole('list', { name: 'Conversation' });
	await poll(() => thread(workerPage).getByRole('img').count()).toBe(1);

	// The requester reads it, sees the photo, and answers; the worker's name links to a verified profile.
	const requesterPage = await pageFor(requester);
	await requesterPage.goto(`${world.app.baseUrl}/tasks/${task.id}`);
	await poll(() => thread(requesterPage).getByText('The gauge reads 0.6 bar, see photo.').isVisible()).toBe(
		true
	);
	const photoSrc = await thread(requesterPage).getByRole('img').getAttribute('src');
	expect((await requesterPage.request.get(`${world.app.baseUrl}${photoSrc}`)).status()).toBe(200);
	await poll(() => sendButton(requesterPage).isEnabled()).toBe(true);
	await requesterPage.getByLabel('Message', { exact: true }).fill('Please top it up to 1.5 bar.');
	await sendButton(requesterPage).click();
	// Messages only: a photo inside a message is a list item of its own.
	await poll(() => thread(requesterPage).locator(':scope > li').count()).toBe(2);
	await expect(requesterPage.getByRole('link', { name: 'Wang Fang' }).isVisible()).resolves.toBe(true);

	// A stranger cannot see the thread nor the photo.
	const stranger = await registered(world.app.baseUrl, 'Stranger');
	const strangerPage = await pageFor(stranger);
	await strangerPage.goto(`${world.app.baseUrl}/tasks/${task.id}`);
	await poll(() => strangerPage.getByRole('heading', { name: "Requester's record" }).isVisible()).toBe(true);
	expect(await strangerPage.getByRole('heading', { name: 'Messages' }).count()).toBe(0);
	expect((await strangerPage.request.get(`${world.app.baseUrl}${photoSrc}`)).status()).toBe(404);

	// Completed: the requester rates the worker.
	const handover = await worker.client.handover.submit.mutate({
		taskId: task.id,
		report: 'Topped up.',
		fileIds: []
	});
	await admin.client.admin.approve.mutate({ handoverId: handover.id });
	await requesterPage.reload();
	const rating = requesterPage.getByRole('region', { name: 'Rate the worker' });
	await rating.getByLabel('5 ★').check();
	await rating.getByLabel('Comment (optional)').fill('Careful and quick.');
	await rating.getByRole('button', { name: 'Send rating' }).click();
	await poll(() => rating.getByText('Your rating: 5 out of 5.').isVisible()).toBe(true);

	// The worker's public profile: verified, rated, commented.
	await requesterPage.getByRole('link', { name: 'Wang Fang' }).click();
	await poll(() => requesterPage.getByRole('heading', { level: 1 }).innerText()).toMatch(
		/Wang Fang\s*✓ Verified/
	);
	const asWorker = requesterPage.getByRole('region', { name: 'As a worker' });
	await expect(asWorker.getByLabel('Rated 5.0 out of 5 by 1 people').isVisible()).resolves.toBe(true);
	await expect(requesterPage.getByText('Careful and quick.').isVisible()).resolves.toBe(true);
	expect(world.pageErrors).toEqual([]);
});
