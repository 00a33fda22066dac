import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EARTH_RADIUS_KM, filterFeed, haversineKm, type FilterableTask, type LatLng } from '$lib/domain/feed';
import type { PublishInput } from '$lib/domain/schemas/task';
import type { PublicUser } from '$lib/server/auth/users';
import { createTestApp, type Caller, type TestApp } from '../support/app';
import { taskInput } from '../fixtures';

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

describe('task.feed filters and sort orders', () => {
	let app: TestApp;
	/** What was published, as the pure filter sees it: the oracle the server must agree with. */
	const tasks: (FilterableTask & { title: string })[] = [];
	const center = { lat: 31.2304, lng: 121.4737 };
	/** A point `km` due north of the centre (exactly, on the feed's sphere). */
	const north = (km: number) => ({
		lat: center.lat + (km / EARTH_RADIUS_KM) * (180 / Math.PI),
		lng: center.lng
	});
	const at = (iso: string) => new Date(`${iso}+08:00`);
	const byTitle = (title: string) => tasks.find((t) => t.title === title)!;

	beforeAll(async () => {
		app = await createTestApp();
		const requester = await app.user();
		await app.fund(requester, 10_000_000n);
		const publish = async (input: Partial<PublishInput>) => {
			const task = await app
				.as(requester)
				.task.publish(taskInput({ description: 'Details.', address: 'Somewhere', ...input }));
			tasks.push({ ...task, lat: task.lat, lng: task.lng });
		};
		const edge = north(4.999);
		const beyond = north(5.001);
		await publish({
			title: '搬家帮手 Help moving house',
			category: 'errand',
			bounty: 5_000n,
			...north(1),
			startsAt: at('2030-06-05T09:00'),
			endsAt: at('2030-06-05T12:00')
		});
		await publish({
			title: '洗衣机维修 Repair the washing machine',
			category: 'household',
			bounty: 20_000n,
			lat: center.lat,
			lng: center.lng + 0.03,
			endsAt: at('2030-06-03T18:00')
		});
		await publish({
			title: 'Math tutoring 数学家教',
			category: 'tutoring',
			bounty: 15_000n,
			description: 'Grade 8 functions.'
		});
		await publish({
			title: '维修水管 Fix the pipes',
			category: 'household',
			bounty: 8_000n,
			...edge,
			startsAt: at('2030-06-06T08:00'),
			endsAt: at('2030-06-06T10:00')
		});
		await publish({
			title: 'Piano lessons 钢琴陪练',
			category: 'tutoring',
			bounty: 30_000n,
			...beyond,
			startsAt: at('2030-06-02T14:00'),
			endsAt: at('2030-06-02T16:00')
		});
		await publish({
			title: 'Move boxes 搬家 Beijing',
			category: 'errand',
			bounty: 12_000n,
			lat: 39.9042,
			lng: 116.4074,
			endsAt: at('2030-06-10T12:00'),
			address: '北京市朝阳区'
		});
		await publish({
			title: '猫咪喂养 Feed the cat',
			category: 'other',
			bounty: 3_000n,
			...north(2),
			address: '上海市 浦东'
		});
		// Ties in every sort key: same bounty, same end, same place.
		for (let i = 0; i < 12; i++) {
			await publish({
				title: `Batch task ${i} 批量`,
				category: i % 2 ? 'errand' : 'other',
				bounty: i % 3 ? 2_000n : 4_000n,
				...(i % 4 ? north(3) : {}),
				...(i % 3 ? { endsAt: at('2030-06-04T12:00') } : {})
			});
		}
	});
	afterAll(() => app.close());

	type Input = Parameters<Caller['task']['feed']>[0];
	const titles = async (input: Input) => (await app.as(null).task.feed(input)).items.map((t) => t.title);
	/** Every page of a search, following the cursors. */
	async function allPages(input: Input) {
		const items = [];
		let cursor: string | undefined;
		let pages = 0;
		do {
			const page = await app.as(null).task.feed({ ...input, cursor });
			items.push(...page.items);
			cursor = page.nextCursor ?? undefined;
			pages++;
		} while (cursor);
		return { items, pages };
	}

	it('finds Chinese words of 1, 2 and 3+ characters and English words in any case', async () => {
		expect(await titles({ q: '搬家' })).toEqual(['Move boxes 搬家 Beijing', '搬家帮手 Help moving house']);
		expect(await titles({ q: '洗衣机' })).toEqual(['洗衣机维修 Repair the washing machine']);
		expect(await titles({ q: '维修', sort: 'bounty' })).toEqual([
			'洗衣机维修 Repair the washing machine',
			'维修水管 Fix the pipes'
		]);
		expect(await titles({ q: '猫' })).toEqual(['猫咪喂养 Feed the cat']);
		expect(await titles({ q: 'REPAIR' })).toEqual(['洗衣机维修 Repair the washing machine']);
		expect(await titles({ q: '维修 pipes' })).toEqual(['维修水管 Fix the pipes']);
		expect(await titles({ q: '浦东 cat' })).toEqual(['猫咪喂养 Feed the cat']);
		expect(await titles({ q: '搬家 piano' })).toEqual([]);
	});

	it('filters by bounty range, bounds included', async () => {
		expect(await titles({ minBounty: 12_000n, maxBounty: 20_000n, sort: 'bounty' })).toEqual([
			'洗衣机维修 Repair the washing machine',
			'Math tutoring 数学家教',
			'Move boxes 搬家 Beijing'
		]);
		expect(await titles({ minBounty: 30_000n })).toEqual(['Piano lessons 钢琴陪练']);
		expect(await titles({ maxBounty: 3_000n, category: 'other', limit: 50 })).toHaveLength(5);
	});

	it('filters by time window: starts at or after, ends at or before', async () => {
		expect(await titles({ startsAfter: at('2030-06-05T09:00'), sort: 'ending' })).toEqual([
			'搬家帮手 Help moving house',
			'维修水管 Fix the pipes'
		]);
		expect(await titles({ endsBefore: at('2030-06-03T18:00'), sort: 'ending' })).toEqual([
			'Piano lessons 钢琴陪练',
			'洗衣机维修 Repair the washing machine'
		]);
		expect(
			await titles({
				startsAfter: at('2030-06-02T00:00'),
				endsBefore: at('2030-06-05T12:00'),
				sort: 'ending'
			})
		).toEqual(['Piano lessons 钢琴陪练', '搬家帮手 Help moving house']);
	});

	it('keeps tasks within the radius exactly, with their distance, nearest first', async () => {
		const page = await app
			.as(null)
			.task.feed({ near: { ...center, radiusKm: 5 }, sort: 'nearest', q: '维修' });
		expect(page.items.map((t) => [t.title, t.distanceKm])).toEqual([
			[
				'洗衣机维修 Repair the washing machine',
				haversineKm(center, byTitle('洗衣机维修 Repair the washing machine') as LatLng)
			],
			['维修水管 Fix the pipes', expect.closeTo(4.999, 9)]
		]);
		// 5.001 km is out of a 5 km circle, in by 5.002 km; a task without a place is never near.
		expect(await titles({ near: { ...center, radiusKm: 5 }, q: '钢琴' })).toEqual([]);
		expect(await titles({ near: { ...center, radiusKm: 5.002 }, q: '钢琴' })).toEqual([
			'Piano lessons 钢琴陪练'
		]);
		expect(await titles({ near: { ...center, radiusKm: 500 }, q: 'tutoring' })).toEqual([]);
		// A radius equal to a task's own distance includes it.
		const edge = haversineKm(center, byTitle('维修水管 Fix the pipes') as LatLng);
		expect(await titles({ near: { ...center, radiusKm: edge }, q: '水管' })).toEqual([
			'维修水管 Fix the pipes'
		]);
		expect((await app.as(null).task.feed({})).items[0]).not.toHaveProperty('distanceKm');
	});

	it('combines text, category, bounty range and sort', async () => {
		expect(
			await titles({ q: '批量', category: 'other', minBounty: 3_000n, sort: 'bounty', limit: 50 })
		).toEqual(
			filterFeed(tasks, { q: '批量', category: 'other', minBounty: 3_000n }, 'bounty').map((t) => t.title)
		);
		expect(
			await titles({
				q: 'batch',
				near: { ...center, radiusKm: 3.5 },
				category: 'errand',
				sort: 'ending',
				limit: 50
			})
		).toEqual(
			filterFeed(tasks, { q: 'batch', near: { ...center, radiusKm: 3.5 }, category: 'errand' }, 'ending').map(
				(t) => t.title
			)
		);
	});

	it.each(['newest', 'bounty', 'nearest', 'ending'] as const)(
		'pages through every task in %s order without gaps or repeats, ties by id',
		async (sort) => {
			const near = sort === 'nearest' ? { ...center, radiusKm: 500 } : undefined;
			const { items, pages } = await allPages({ sort, near, limit: 4 });
			const expected = filterFeed(tasks, { near }, sort);
			expect(items.map((t) => t.id)).toEqual(expected.map((t) => t.id));
			expect(pages).toBe(Math.ceil(expected.length / 4));
			if (near)
				expect(items.map((t) => t.distanceKm)).toEqual(expected.map((t) => expect.closeTo(t.distanceKm!, 9)));
		}
	);

	it('pages through a filtered search too', async () => {
		const filter = { q: '批量', minBounty: 2_000n, near: { ...center, radiusKm: 10 } };
		const { items } = await allPages({ ...filter, sort: 'bounty', limit: 2 });
		expect(items.map((t) => t.id)).toEqual(filterFeed(tasks, filter, 'bounty').map((t) => t.id));
	});

	it.each([
		['min above max', { minBounty: 500n, maxBounty: 100n }, /lowest bounty/],
		[
			'window ending before it starts',
			{ startsAfter: at('2030-06-05T00:00'), endsBefore: at('2030-06-04T00:00') },
			/end of the time window/
		],
		['nearest without a place', { sort: 'nearest' }, /needs a place/],
		['radius too small', { near: { ...center, radiusKm: 0.05 } }, /at least 0.1 km/],
		['radius too large', { near: { ...center, radiusKm: 501 } }, /at most 500 km/],
		['latitude out of range', { near: { lat: 91, lng: 0, radiusKm: 1 } }, /"lat"/],
		['negative bounty', { minBounty: -1n }, /negative/],
		['unknown sort', { sort: 'cheapest' }, /sort/]
	])('refuses %s with BAD_REQUEST and a clear message', async (_name, input, message) => {
		const error = await app
			.as(null)
			.task.feed(input as Input)
			.catch((e: unknown) => e);
		expect(error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
	});

	it('refuses a cursor from another sort order', async () => {
		const page = await app.as(null).task.feed({ limit: 2 });
		await expect(app.as(null).task.feed({ sort: 'bounty', cursor: page.nextCursor! })).rejects.toMatchObject({
			code: 'BAD_REQUEST',
			message: expect.stringMatching(/another sort order/)
		});
	});
});
