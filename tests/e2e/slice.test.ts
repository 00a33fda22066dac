// The whole marketplace slice in a real browser, against the built app: a requester (organisation) is
// credited by the admin, posts a task with a bounty held in escrow; a worker on a phone, in Chinese, finds
// it, claims it and hands over files; the admin sends it back once, then approves; the money ends where it
// should, and handover files are readable by the requester only. Each step is its own test and builds on
// the one before it; after a failure the remaining steps are skipped rather than failing for that reason.
import { randomUUID } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useWorld } from './support/world';

const ADMIN = { email: 'admin@example.com', password: 'admin password 1' };
const PASSWORD = 'a long password';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const EXPECT_TIMEOUT = 10_000;

/** A real PNG of one colour, made here: signature, IHDR, one zlib-compressed IDAT, IEND, each with its CRC. */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(body));
		return Buffer.concat([length, body, crc]);
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlacing
	const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
	return Buffer.concat([
		Buffer.from('89504e470d0a1a0a', 'hex'),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
		chunk('IEND', Buffer.alloc(0))
	]);
}
const PHOTO = png(64, 48, [200, 40, 40]);
const SECOND_PHOTO = png(64, 48, [40, 40, 200]);
const NOTES = Buffer.from('现场记录 site notes: valve replaced, pressure checked.\n'.repeat(20));

async function newPage(viewport: { width: number; height: number }, mobile = false): Promise<Page> {
	const context = await world.browser.newContext({
		baseURL: world.app.baseUrl,
		viewport,
		locale: 'en-US',
		isMobile: mobile,
		hasTouch: mobile
	});
	return world.track(context);
}

/** Polls like a user who waits a moment for a page to answer (vitest's default is one second). */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: EXPECT_TIMEOUT });

/** What the page's live status regions say right now. */
/** Waits until the page's handlers are attached (the root layout marks it), so typed text is not lost. */
const hydrated = (page: Page) => page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
const statuses = (page: Page) => page.getByRole('status').allInnerTexts();

/** Amounts in exact major units, whatever the currency sign of the language ("CN¥108.00", "¥108.00"). */
const amount = (major: string) => new RegExp(`^\\D*${major.replace('.', '\\.')}$`);

/** The wallet page's definition list, as a user reads it: label → amount. */
async function wallet(page: Page): Promise<Record<string, string>> {
	await page.goto('/wallet');
	// With the service worker in control, pages render in the browser after the shell: wait for the figures.
	await page.getByRole('term').first().waitFor();
	const terms = await page.getByRole('term').allInnerTexts();
	const values = await page.getByRole('definition').allInnerTexts();
	return Object.fromEntries(terms.map((term, i) => [term.trim(), (values[i] ?? '').trim()]));
}

async function registerInEnglish(
	page: Page,
	who: { name: string; email: string; kind: 'Person' | 'Organisation' }
) {
	await page.goto('/');
	await page.getByRole('link', { name: 'Register', exact: true }).click();
	await page.waitForURL(/\/register$/);
	await page.getByLabel('Display name').fill(who.name);
	await page.getByLabel('Email').fill(who.email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('radio', { name: who.kind }).check();
	await page.getByRole('button', { name: 'Register' }).click();
	await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function signInAsAdmin(page: Page) {
	await page.goto('/login');
	await hydrated(page);
	await page.getByLabel('Email').fill(ADMIN.email);
	await page.getByLabel('Password').fill(ADMIN.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.getByRole('link', { name: 'Admin' }).waitFor();
}

async function postTask(page: Page, task: { title: string; bounty: string }): Promise<string> {
	await page.goto('/post');
	await hydrated(page);
	await page.getByLabel('Title', { exact: true }).fill(task.title);
	await page
		.getByLabel('Description', { exact: true })
		.fill('Replace the leaking valve under the kitchen sink.');
	await page.getByLabel('Category').selectOption({ label: 'Household' });
	await page.getByLabel('Address', { exact: true }).fill('88 Century Avenue, Pudong, Shanghai');
	await page
		.getByLabel('Conditions and safety notes')
		.fill('Bring your own tools. Turn off the water main first.');
	await page.getByLabel('Bounty (¥)').fill(task.bounty);
	await page.getByRole('button', { name: 'Post a task' }).click();
	await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
	await page.getByRole('heading', { level: 1, name: task.title }).waitFor();
	return new URL(page.url()).pathname;
}

async function recordDeposit(page: Page, deposit: { email: string; amount: string; reference: string }) {
	await page.goto('/admin');
	await hydrated(page);
	await page.getByLabel('User email').fill(deposit.email);
	await page.getByLabel('Amount (¥)').fill(deposit.amount);
	await page.getByLabel('Bank reference').fill(deposit.reference);
	await page.getByRole('button', { name: 'Record deposit' }).click();
	await poll(() => statuses(page)).toContainEqual(expect.stringContaining(`(${deposit.email})`));
}

const world = useWorld({
	env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
	timeout: EXPECT_TIMEOUT,
	consoleErrors: true
});

describe('the slice: deposit, post, claim, hand over, reject, hand over again, approve, pay out', () => {
	const suffix = randomUUID().slice(0, 8);
	const title = `Fix the kitchen tap ${suffix}`;
	const requesterEmail = `requester-${suffix}@example.com`;
	const reason = 'The photo does not show the new valve. Please add one.';
	let requester: Page;
	let worker: Page;
	let admin: Page;
	let other: Page;
	let taskPath = '';

	let broken = false;
	beforeEach((context) => {
		if (broken) context.skip('an earlier step failed');
		context.onTestFailed(() => {
			broken = true;
		});
	});

	beforeAll(async () => {
		requester = await newPage(DESKTOP);
		worker = await newPage(PHONE, true);
		admin = await newPage(DESKTOP);
		other = await newPage(DESKTOP);
	});

	it('1. a requester registers as an organisation; the admin records ¥500 for them', async () => {
		await registerInEnglish(requester, {
			name: 'Requester Co.',
			email: requesterEmail,
			kind: 'Organisation'
		});

		await signInAsAdmin(admin);
		await recordDeposit(admin, { email: requesterEmail, amount: '500', reference: `BANK-${suffix}` });

		expect(await wallet(requester)).toMatchObject({
			Available: expect.stringMatching(amount('500.00')),
			'Held in escrow': expect.stringMatching(amount('0.00'))
		});
	});

	it('2. the requester posts a task; its bounty moves into escrow', async () => {
		taskPath = await postTask(requester, { title, bounty: '120' });
		expect(await requester.getByText('Open', { exact: true }).isVisible()).toBe(true);
		expect(await requester.getByRole('main').innerText()).toMatch(/\(Organisation\)/);
		expect(await requester.getByRole('button', { name: 'Cancel task' }).isVisible()).toBe(true);

		expect(await wallet(requester)).toMatchObject({
			Available: expect.stringMatching(amount('380.00')),
			'Held in escrow': expect.stringMatching(amount('120.00'))
		});
	});

	it('3. a worker on a phone switches to Chinese, registers, finds the task and claims it', async () => {
		await worker.goto('/');
		await worker.getByRole('heading', { level: 1, name: 'Open tasks' }).waitFor();
		await worker.getByRole('button', { name: '中文' }).click();
		await worker.getByRole('heading', { level: 1, name: '待接单的任务订单' }).waitFor();
		expect(await worker.getByRole('button', { name: '中文' }).getAttribute('aria-pressed')).toBe('true');

		await worker.getByRole('link', { name: '注册', exact: true }).click();
		await worker.getByRole('heading', { level: 1, name: '注册' }).waitFor();
		await worker.getByLabel('显示名称').fill('小王');
		await worker.getByLabel('邮箱').fill(`worker-${suffix}@example.com`);
		await worker.getByLabel('密码').fill(PASSWORD);
		await worker.getByRole('radio', { name: '个人' }).check();
		await worker.getByRole('button', { name: '注册' }).click();
		await worker.getByRole('button', { name: '退出登录' }).waitFor();

		await worker.goto('/');
		await worker.getByLabel('搜索任务订单').fill(suffix);
		await worker.getByRole('button', { name: '搜索' }).click();
		await worker.waitForURL(new RegExp(`[?&]q=${suffix}`));
		await worker.getByRole('link', { name: title }).click();
		await worker.waitForURL(new RegExp(`${taskPath}$`));
		await worker.getByRole('heading', { level: 1, name: title }).waitFor();
		expect(await worker.getByText('待接单', { exact: true }).isVisible()).toBe(true);

		await worker.getByRole('button', { name: '接单', exact: true }).click();
		await poll(() => statuses(worker)).toContainEqual(expect.stringContaining('接单成功'));
		// The badge follows when the page's data has reloaded.
		await poll(() => worker.getByText('我已接单', { exact: true }).isVisible()).toBe(true);
		expect(await worker.getByRole('button', { name: '接单', exact: true }).count()).toBe(0);
		// The handover form loads with its own code.
		await poll(() => worker.getByRole('heading', { name: '上传交接结果' }).isVisible()).toBe(true);
	});

	it('4. another signed-in worker sees the task as taken, without a Claim button', async () => {
		await registerInEnglish(other, {
			name: 'Late Worker',
			email: `late-${suffix}@example.com`,
			kind: 'Person'
		});
		await other.goto(taskPath);
		await other.getByRole('heading', { level: 1, name: title }).waitFor();
		expect(await other.getByText('Taken', { exact: true }).isVisible()).toBe(true);
		expect(await other.getByText('Someone else has taken this task.').isVisible()).toBe(true);
		expect(await other.getByRole('button', { name: 'Claim' }).count()).toBe(0);

		// Nor is it on the feed any more.
		await other.goto(`/?q=${suffix}`);
		await other.getByRole('heading', { level: 1, name: 'Open tasks' }).waitFor();
		expect(await other.getByRole('link', { name: title }).count()).toBe(0);
	});

	it('5. the worker hands over a report with a photo and a text file', async () => {
		await worker.getByLabel('交接说明').fill('已更换厨房水槽下的阀门，并检查了水压。');
		await worker.getByLabel('文件', { exact: true }).setInputFiles([
			{ name: 'valve.png', mimeType: 'image/png', buffer: PHOTO },
			{ name: 'notes.txt', mimeType: 'text/plain', buffer: NOTES }
		]);
		await worker.getByRole('button', { name: '提交交接' }).click();
		await poll(() => statuses(worker)).toContainEqual(expect.stringContaining('交接已提交'));
		await poll(() => worker.getByText('待审核', { exact: true }).first().isVisible()).toBe(true);
		await poll(() => worker.getByText('你的交接正在等待平台审核。').isVisible()).toBe(true);
		await poll(() => worker.getByRole('link', { name: 'valve.png' }).isVisible()).toBe(true);
		await poll(() => worker.getByRole('link', { name: 'notes.txt' }).isVisible()).toBe(true);
		expect(await worker.getByRole('button', { name: '提交交接' }).count()).toBe(0);
	});

	it('6. the admin sends it back with a reason; the worker hands over again; the admin approves', async () => {
		await admin.goto('/admin/review');
		const item = admin.getByRole('article').filter({ has: admin.getByRole('heading', { name: title }) });
		await item.waitFor();
		// The photo is shown as a thumbnail that the browser could decode.
		const thumbnail = item.getByRole('img', { name: 'valve.png' });
		await thumbnail.scrollIntoViewIfNeeded();
		await poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(
			64
		);
		expect(await item.getByRole('link', { name: 'notes.txt' }).isVisible()).toBe(true);
		await item.getByLabel('Reason').fill(reason);
		await item.getByRole('button', { name: 'Reject' }).click();
		await poll(() => statuses(admin)).toContainEqual(`Sent “${title}” back to the worker.`);
		await item.waitFor({ state: 'detached' });

		await worker.reload();
		await worker.getByText('平台驳回了你的交接，请修改后重新提交：').waitFor();
		expect(await worker.getByText(reason).first().isVisible()).toBe(true);
		expect(await worker.getByText('我已接单', { exact: true }).isVisible()).toBe(true);
		await worker.getByLabel('交接说明').fill('补充了新阀门的照片。');
		// A new photo, so new bytes. (The same bytes under a new name would be listed under the first name:
		// stored files are shared by content, and the name is the first upload's.)
		await worker.getByLabel('文件', { exact: true }).setInputFiles({
			name: 'new-valve.png',
			mimeType: 'image/png',
			buffer: SECOND_PHOTO
		});
		await worker.getByRole('button', { name: '提交交接' }).click();
		await poll(() => statuses(worker)).toContainEqual(expect.stringContaining('交接已提交'));

		await admin.reload();
		await item.waitFor();
		expect(await item.getByRole('img', { name: 'new-valve.png' }).count()).toBe(1);
		expect(await item.innerText()).toMatch(/Payout to worker\s*CN¥108\.00/);
		await item.getByRole('button', { name: 'Approve' }).click();
		await poll(() => statuses(admin)).toContainEqual(
			expect.stringMatching(new RegExp(`^Approved “${title}”: \\D*108\\.00 paid out to 小王\\.$`))
		);
		await admin.getByText('No handovers are waiting for review.').waitFor();
	});

	it('7. the worker is paid ¥108 (¥120 less 10 %), the requester’s escrow is empty, the task completed', async () => {
		await worker.goto(taskPath);
		await worker.getByText('平台已审核通过，酬金已划拨到你的账户余额。').waitFor();
		expect(await worker.getByText('已完成', { exact: true }).isVisible()).toBe(true);
		expect(await wallet(worker)).toMatchObject({
			可用余额: expect.stringMatching(amount('108.00')),
			'冻结中（平台托管）': expect.stringMatching(amount('0.00'))
		});

		expect(await wallet(requester)).toMatchObject({
			Available: expect.stringMatching(amount('380.00')),
			'Held in escrow': expect.stringMatching(amount('0.00'))
		});
		await requester.goto(taskPath);
		await requester.getByRole('heading', { level: 1, name: title }).waitFor();
		expect(await requester.getByText('Completed', { exact: true }).isVisible()).toBe(true);
		// The handover history loads with its own code, after the heading.
		await requester.getByText('Approved', { exact: true }).waitFor();
		expect(await requester.getByText('Approved', { exact: true }).isVisible()).toBe(true);
		expect(await requester.getByRole('button', { name: 'Cancel task' }).count()).toBe(0);
	});

	it('8. the requester can open a handover file; another worker cannot', async () => {
		await requester.goto(taskPath);
		const href = await requester.getByRole('link', { name: 'valve.png', exact: true }).getAttribute('href');
		expect(href).toMatch(/^\/files\/[0-9a-f-]{36}$/);

		const asRequester = await requester.request.get(href!);
		expect(asRequester.status()).toBe(200);
		expect(asRequester.headers()['content-type']).toBe('image/png');
		expect(Buffer.compare(await asRequester.body(), PHOTO)).toBe(0);

		const asOther = await other.request.get(href!);
		expect(asOther.status()).toBe(404);
	});

	it('left no script errors and no console errors in any page', () => {
		expect(world.pageErrors).toEqual([]);
	});
});

describe('cancelling a task', () => {
	it('asks for confirmation, then gives the whole bounty back', async () => {
		const errorsBefore = world.pageErrors.length;
		const suffix = randomUUID().slice(0, 8);
		const title = `Walk the dog ${suffix}`;
		const email = `requester-${suffix}@example.com`;
		const requester = await newPage(DESKTOP);
		const admin = await newPage(DESKTOP);
		await registerInEnglish(requester, { name: 'Requester Co.', email, kind: 'Organisation' });
		await signInAsAdmin(admin);
		await recordDeposit(admin, { email, amount: '200', reference: `BANK-${suffix}` });

		const path = await postTask(requester, { title, bounty: '75.50' });
		expect(await wallet(requester)).toMatchObject({
			Available: expect.stringMatching(amount('124.50')),
			'Held in escrow': expect.stringMatching(amount('75.50'))
		});

		await requester.goto(path);
		await requester.getByRole('button', { name: 'Cancel task' }).click();
		// Asking is not doing: "Keep the task" backs out and the task stays open.
		await requester.getByText('Cancel this task?').waitFor();
		await requester.getByRole('button', { name: 'Keep the task' }).click();
		await requester.getByText('Cancel this task?').waitFor({ state: 'detached' });
		expect(await requester.getByText('Open', { exact: true }).isVisible()).toBe(true);
		await requester.getByRole('button', { name: 'Cancel task' }).click();
		await requester.getByRole('button', { name: 'Yes, cancel the task' }).click();
		await poll(() => statuses(requester)).toContainEqual(
			'The task is cancelled. The bounty is back in your wallet.'
		);
		await poll(() => requester.getByText('Cancelled', { exact: true }).isVisible()).toBe(true);
		await poll(() => requester.getByRole('button', { name: 'Cancel task' }).count()).toBe(0);

		expect(await wallet(requester)).toMatchObject({
			Available: expect.stringMatching(amount('200.00')),
			'Held in escrow': expect.stringMatching(amount('0.00'))
		});
		await requester.goto(`/?q=${suffix}`);
		await requester.getByRole('heading', { level: 1, name: 'Open tasks' }).waitFor();
		expect(await requester.getByRole('link', { name: title }).count()).toBe(0);
		expect(world.pageErrors.slice(errorsBefore)).toEqual([]);
	});
});
