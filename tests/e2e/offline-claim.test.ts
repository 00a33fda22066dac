// Two workers open the same task, lose their connection, and both claim it. Each phone keeps the claim
// and shows it as waiting; when they come back online the server decides: one "yours", one "taken by
// someone else", and the task, the ledger and both phones agree.
import type { BrowserContext, Page } from 'playwright-core';
import pg from 'pg';
import { expect, it } from 'vitest';
import { ADMIN_ENV, fundedRequester, registered, signedInContext } from './support/actors';
import { useWorld } from './support/world';

const world = useWorld({ env: ADMIN_ENV });

/** A worker's phone, signed in. */
async function phone(name: string): Promise<{ context: BrowserContext; page: Page }> {
	const context = await signedInContext(
		world.browser,
		world.app.baseUrl,
		await registered(world.app.baseUrl, name)
	);
	world.adopt(context);
	return { context, page: await context.newPage() };
}

it('two offline claims on one task end with one "yours" and one "taken"', async () => {
	const requester = await fundedRequester(world.app.baseUrl, 10_000n, 'organisation');
	const task = await requester.client.task.publish.mutate({
		title: 'Check the pump in the basement',
		description: 'No signal down there.',
		category: 'engineering',
		address: 'Basement 2, Block C',
		bounty: 8_000n
	});

	const ana = await phone('Ana');
	const bo = await phone('Bo');
	for (const worker of [ana, bo]) {
		await worker.page.goto(`${world.app.baseUrl}/tasks/${task.id}`);
		await expect.poll(() => worker.page.getByRole('button', { name: 'Claim' }).isEnabled()).toBe(true);
		// Let the first sync finish so both phones have the task saved.
		await expect.poll(() => worker.page.getByText(/^Synced /).isVisible(), { timeout: 15_000 }).toBe(true);
	}

	// Both go offline and claim: the claim is kept on the phone and shown as waiting.
	for (const worker of [ana, bo]) {
		await worker.context.setOffline(true);
		await worker.page.getByRole('button', { name: 'Claim' }).click();
		await expect
			.poll(() => worker.page.getByText(/saved on this phone and will be sent/).isVisible())
			.toBe(true);
		await expect.poll(() => worker.page.getByText(/1 action\(s\) waiting to be sent/).isVisible()).toBe(true);
	}
	const stillOpen = await requester.client.task.get.query({ id: task.id });
	expect(stillOpen.status).toBe('OPEN');

	// Back online, one after the other: the first to reach the server wins.
	await ana.context.setOffline(false);
	await expect
		.poll(() => ana.page.getByText('This task is now yours.').isVisible(), { timeout: 20_000 })
		.toBe(true);
	await bo.context.setOffline(false);
	await expect
		.poll(() => bo.page.getByText(/Someone else took this task first/).isVisible(), { timeout: 20_000 })
		.toBe(true);

	// The server, the task and the money agree with what the phones say.
	const after = await requester.client.task.get.query({ id: task.id });
	expect(after.status).toBe('CLAIMED');
	expect(after.private?.claimant?.displayName).toBe('Ana');
	const db = new pg.Client({ connectionString: world.database.url });
	await db.connect();
	try {
		const escrow = await db.query(`SELECT balance FROM "Account" WHERE "taskId" = $1`, [task.id]);
		expect(BigInt(escrow.rows[0].balance)).toBe(8_000n);
		const sum = await db.query(`SELECT sum(balance)::text AS sum FROM "Account"`);
		expect(sum.rows[0].sum).toBe('0');
		const claims = await db.query(`SELECT count(*)::int AS n FROM "Mutation" WHERE name = 'task.claim'`);
		expect(claims.rows[0].n).toBe(2);
	} finally {
		await db.end();
	}
	// Nothing is left waiting on either phone.
	for (const worker of [ana, bo]) {
		await expect.poll(() => worker.page.getByText(/waiting to be sent/).count()).toBe(0);
	}
});
