import { describe, expect, it } from 'vitest';
import {
	boundingBoxes,
	decodeCursor,
	encodeCursor,
	filterFeed,
	haversineKm,
	matchFeed,
	searchTerms,
	type FilterableTask
} from '$lib/domain/feed';
import { feedInput } from '$lib/domain/schemas/task';

const shanghai = { lat: 31.2304, lng: 121.4737 };
const beijing = { lat: 39.9042, lng: 116.4074 };

const task = (overrides: Partial<FilterableTask> = {}): FilterableTask => ({
	id: '0190a000-0000-7000-8000-000000000001',
	title: '搬家帮手 Help moving',
	description: 'Boxes to the 3rd floor, 50% paid upfront',
	address: '上海市浦东新区',
	category: 'errand',
	bounty: 10_000n,
	lat: shanghai.lat,
	lng: shanghai.lng,
	startsAt: new Date('2026-12-05T01:00:00Z'),
	endsAt: new Date('2026-12-05T05:00:00Z'),
	createdAt: new Date('2026-12-01T00:00:00Z'),
	...overrides
});

describe('haversineKm', () => {
	it('measures known distances', () => {
		expect(haversineKm(shanghai, shanghai)).toBe(0);
		// Shanghai–Beijing is about 1 067 km as the crow flies.
		expect(haversineKm(shanghai, beijing)).toBeCloseTo(1067.3, 0);
		// One degree of latitude is 111.2 km on the mean sphere.
		expect(haversineKm({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(111.195, 3);
		expect(haversineKm({ lat: 0, lng: 179.5 }, { lat: 0, lng: -179.5 })).toBeCloseTo(111.195, 3);
	});
});

describe('boundingBoxes', () => {
	// Containment and width over the whole globe: tests/unit/feed-geo.test.ts.
	it('splits at the ±180° meridian and opens at the poles', () => {
		expect(boundingBoxes({ lat: 0, lng: 179.99 }, 10)).toHaveLength(2);
		expect(boundingBoxes({ lat: 89.99, lng: 0 }, 10)).toEqual([
			expect.objectContaining({ minLng: -180, maxLng: 180, maxLat: 90 })
		]);
		const [box] = boundingBoxes(shanghai, 5);
		expect(box!.maxLat - box!.minLat).toBeCloseTo((2 * 5) / 111.195, 4);
	});
});

describe('matchFeed', () => {
	it('needs every word, in any of title, description and address, ignoring case', () => {
		expect(matchFeed(task(), { q: '搬家 MOVING' })).toEqual({ distanceKm: null });
		expect(matchFeed(task(), { q: '浦东 floor' })).not.toBeNull();
		expect(matchFeed(task(), { q: '搬家 北京' })).toBeNull();
		expect(matchFeed(task(), { q: '50%' })).not.toBeNull();
		expect(matchFeed(task(), { q: '_' })).toBeNull();
		expect(searchTerms('  搬家\u3000moving  ')).toEqual(['搬家', 'moving']);
	});

	it('filters category, bounty range and time window, bounds included', () => {
		expect(matchFeed(task(), { category: 'household' })).toBeNull();
		expect(matchFeed(task(), { minBounty: 10_000n, maxBounty: 10_000n })).not.toBeNull();
		expect(matchFeed(task(), { minBounty: 10_001n })).toBeNull();
		expect(matchFeed(task(), { maxBounty: 9_999n })).toBeNull();
		const { startsAt, endsAt } = task();
		expect(matchFeed(task(), { startsAfter: startsAt!, endsBefore: endsAt! })).not.toBeNull();
		expect(matchFeed(task(), { startsAfter: new Date(startsAt!.getTime() + 1) })).toBeNull();
		expect(matchFeed(task(), { endsBefore: new Date(endsAt!.getTime() - 1) })).toBeNull();
		expect(matchFeed(task({ startsAt: null }), { startsAfter: new Date(0) })).toBeNull();
		expect(matchFeed(task({ endsAt: null }), { endsBefore: new Date('2100-01-01') })).toBeNull();
	});

	it('keeps tasks within the radius, with their distance, and drops tasks without a place', () => {
		const near = { ...shanghai, radiusKm: 5 };
		// 0.04° of latitude is 4.448 km; 0.05° is 5.560 km.
		const inside = matchFeed(task({ lat: shanghai.lat + 0.04 }), { near });
		expect(inside?.distanceKm).toBeCloseTo(4.448, 3);
		expect(matchFeed(task({ lat: shanghai.lat + 0.05 }), { near })).toBeNull();
		expect(matchFeed(task({ lat: null, lng: null }), { near })).toBeNull();
	});
});

describe('filterFeed', () => {
	const ids = (n: number) => `0190a000-0000-7000-8000-00000000000${n}`;
	const tasks = [
		task({ id: ids(1), bounty: 5_000n, endsAt: null, createdAt: new Date('2026-12-01'), lat: 31.24 }),
		task({ id: ids(2), bounty: 9_000n, endsAt: new Date('2026-12-09'), createdAt: new Date('2026-12-03') }),
		task({
			id: ids(3),
			bounty: 9_000n,
			endsAt: new Date('2026-12-07'),
			createdAt: new Date('2026-12-02'),
			lat: 31.26
		})
	];
	const order = (sort: 'newest' | 'bounty' | 'nearest' | 'ending') =>
		filterFeed(tasks, { near: { ...shanghai, radiusKm: 10 } }, sort).map((t) => t.id.slice(-1));

	it('sorts like the server, ties by id', () => {
		expect(order('newest')).toEqual(['2', '3', '1']);
		expect(order('bounty')).toEqual(['3', '2', '1']);
		expect(order('nearest')).toEqual(['2', '1', '3']);
		expect(order('ending')).toEqual(['3', '2', '1']);
	});
});

describe('cursors', () => {
	const id = '0190a000-0000-7000-8000-000000000001';

	it('round-trip each sort key exactly', () => {
		for (const cursor of [
			{ sort: 'newest', createdAt: new Date('2026-12-01T08:00:00.123Z'), id },
			{ sort: 'bounty', bounty: 9_007_199_254_740_993n, id },
			{ sort: 'nearest', distanceKm: 4.999999999999999, id },
			{ sort: 'ending', endsAt: null, id },
			{ sort: 'ending', endsAt: new Date('2026-12-09T00:00:00Z'), id }
		] as const) {
			const text = encodeCursor(cursor);
			expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
			expect(decodeCursor(text, cursor.sort)).toEqual(cursor);
		}
	});

	it('refuses a cursor of another sort, or a damaged one, as BAD_REQUEST', () => {
		const newest = encodeCursor({ sort: 'newest', createdAt: new Date(), id });
		expect(() => decodeCursor(newest, 'bounty')).toThrow(/another sort order/);
		for (const bad of ['x', '', btoa('[1,2,3]'), btoa(JSON.stringify(['bounty', '-5', id]))]) {
			expect(() => decodeCursor(bad, 'bounty')).toThrowError(
				expect.objectContaining({ code: 'BAD_REQUEST' })
			);
		}
	});
});

describe('feedInput', () => {
	it('explains what is wrong', () => {
		const message = (input: unknown) => feedInput.safeParse(input).error?.issues[0]?.message;
		expect(message({ minBounty: 500n, maxBounty: 100n })).toMatch(/lowest bounty/);
		expect(message({ startsAfter: new Date(2026, 1, 2), endsBefore: new Date(2026, 1, 1) })).toMatch(
			/end of the time window/
		);
		expect(message({ sort: 'nearest' })).toMatch(/needs a place/);
		expect(message({ near: { lat: 31, lng: 121, radiusKm: 0.05 } })).toMatch(/at least 0.1 km/);
		expect(message({ near: { lat: 31, lng: 121, radiusKm: 501 } })).toMatch(/at most 500 km/);
		expect(feedInput.parse({}).sort).toBe('newest');
	});
});
