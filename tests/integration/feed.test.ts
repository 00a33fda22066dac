import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicUser } from '$lib/server/auth/users';
import { createTestApp, type TestApp } from './support/app';
import { taskInput } from './fixtures';

let app: TestApp;
let requester: PublicUser;
const ids: string[] = [];

beforeAll(async () => {
	app = await createTestApp();
	requester = await app.user();
	await app.fund(requester, 1_000_000n);
	const titles = [
		['搬运家具到三楼 Move furniture', 'errand'],
		['数学题：求函数极值 Calculus problem', 'tutoring'],
		['更换厨房水龙头 Replace kitchen tap', 'household'],
		['配电箱检修 Inspect the switchboard', 'engineering'],
		['打折 50% off flyer delivery', 'errand']
	] as const;
	for (let i = 0; i < 25; i++) {
		const [title, category] = titles[i % titles.length]!;
		const task = await app.as(requester).task.publish(
			taskInput({
				title: `${title} #${i}`,
				description: `Task ${i}`,
				address: 'Pudong',
				category,
				bounty: 1_000n
			})
		);
		ids.push(task.id);
	}
});
afterAll(() => app.close());

describe('task.feed', () => {
	it('pages through open tasks newest first without gaps or repeats', async () => {
		const seen: string[] = [];
		let cursor: string | undefined;
		const sizes: number[] = [];
		do {
			const page = await app.as(null).task.feed({ limit: 10, cursor });
			sizes.push(page.items.length);
			seen.push(...page.items.map((t) => t.id));
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		expect(sizes).toEqual([10, 10, 5]);
		expect(seen).toEqual([...ids].reverse());
	});

	it('finds Chinese and English words, case-insensitively, every term required', async () => {
		const tap = await app.as(null).task.feed({ q: '水龙头' });
		expect(tap.items).toHaveLength(5);
		expect(tap.items.every((t) => t.title.includes('水龙头'))).toBe(true);
		expect((await app.as(null).task.feed({ q: 'CALCULUS' })).items).toHaveLength(5);
		expect((await app.as(null).task.feed({ q: '水龙头 switchboard' })).items).toHaveLength(0);
		expect((await app.as(null).task.feed({ q: '#7' })).items.map((t) => t.title)).toEqual([
			'更换厨房水龙头 Replace kitchen tap #7'
		]);
	});

	it('treats % and _ as text, not wildcards', async () => {
		expect((await app.as(null).task.feed({ q: '50%' })).items).toHaveLength(5);
		expect((await app.as(null).task.feed({ q: '%' })).items).toHaveLength(5);
		expect((await app.as(null).task.feed({ q: '_' })).items).toHaveLength(0);
	});

	it('filters by category', async () => {
		const page = await app.as(null).task.feed({ category: 'engineering' });
		expect(page.items).toHaveLength(5);
		expect(new Set(page.items.map((t) => t.category))).toEqual(new Set(['engineering']));
	});

	it('drops tasks that are claimed or cancelled', async () => {
		const worker = await app.user();
		await app.as(worker).task.claim({ taskId: ids[0]! });
		await app.as(requester).task.cancel({ taskId: ids[1]! });
		const all = await app.as(null).task.feed({ limit: 50 });
		expect(all.items).toHaveLength(23);
		expect(all.items.map((t) => t.id)).not.toContain(ids[0]);
		expect(all.items.map((t) => t.id)).not.toContain(ids[1]);
	});

	it('refuses a forged cursor with BAD_REQUEST', async () => {
		await expect(app.as(null).task.feed({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
	});
});
