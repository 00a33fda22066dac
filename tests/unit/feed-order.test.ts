// The feed's order and selection over random task sets: each sort's comparator is a consistent order
// (zero on itself, antisymmetric) that puts tasks in the documented order with ties broken by id;
// filterFeed returns exactly the tasks matchFeed keeps, with their distances, newest first by default;
// and the search uses only its first MAX_SEARCH_TERMS words and keeps a task of the chosen category.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	compareFeed,
	FEED_SORTS,
	filterFeed,
	matchFeed,
	MAX_SEARCH_TERMS,
	searchTerms,
	type FeedSort,
	type FilterableTask
} from '$lib/domain/feed';

const SEED = 20_261_206;

type Ranked = FilterableTask & { distanceKm: number | null };

const day = (n: number) => new Date(Date.UTC(2026, 11, 1 + n));
/** Few distinct values per key, so that ties (which the id must break) are common. */
const ranked = (id: string): fc.Arbitrary<Ranked> =>
	fc.record({
		id: fc.constant(id),
		title: fc.constantFrom('Help moving', 'Walk the dog'),
		description: fc.constant(''),
		address: fc.constant(''),
		category: fc.constantFrom('errand', 'household'),
		bounty: fc.constantFrom(0n, 500n, 9_000n, 10_000n),
		lat: fc.option(fc.constantFrom(31.2, 31.25, 31.3), { nil: null }),
		lng: fc.constant(121.47),
		startsAt: fc.constant(null),
		endsAt: fc.option(fc.integer({ min: 0, max: 3 }).map(day), { nil: null }),
		createdAt: fc.integer({ min: 0, max: 3 }).map(day),
		distanceKm: fc.option(fc.constantFrom(0, 0.5, 3, 3, 12.25), { nil: null })
	});
const tasks = fc
	.uniqueArray(fc.integer({ min: 0, max: 0xfff }), { minLength: 0, maxLength: 12 })
	.chain((ns) =>
		fc.tuple(...ns.map((n) => ranked(`0190a000-0000-7000-8000-000000000${n.toString(16).padStart(3, '0')}`)))
	);
const sort = fc.constantFrom(...FEED_SORTS);

const time = (d: Date | null) => d?.getTime() ?? Infinity;
/** Whether `a` may come before `b` in `sort`, as the server's keyset pages order them. */
function inOrder(sort: FeedSort, a: Ranked, b: Ranked): boolean {
	switch (sort) {
		case 'newest':
			return (
				time(a.createdAt) > time(b.createdAt) || (time(a.createdAt) === time(b.createdAt) && a.id > b.id)
			);
		case 'bounty':
			return a.bounty > b.bounty || (a.bounty === b.bounty && a.id > b.id);
		case 'nearest': {
			const [x, y] = [a.distanceKm ?? Infinity, b.distanceKm ?? Infinity];
			return x < y || (x === y && a.id < b.id);
		}
		case 'ending':
			return time(a.endsAt) < time(b.endsAt) || (time(a.endsAt) === time(b.endsAt) && a.id < b.id);
	}
}

describe('compareFeed', () => {
	it('is a consistent order for every sort (property)', () => {
		fc.assert(
			fc.property(sort, tasks, (sort, list) => {
				const compare = compareFeed(sort);
				for (const a of list) {
					expect(compare(a, a)).toBe(0);
					expect(compare(a, { ...a })).toBe(0);
					for (const b of list) {
						if (a === b) continue;
						const ab = Math.sign(compare(a, b));
						expect(ab, `${a.id} vs ${b.id}`).toBe(-Math.sign(compare(b, a)));
						expect(ab).toBe(inOrder(sort, a, b) ? -1 : 1);
					}
				}
			}),
			{ seed: SEED, numRuns: 300 }
		);
	});

	it('puts tasks with no distance or no end last, ties by id', () => {
		const [a, b] = ['0190a000-0000-7000-8000-00000000000a', '0190a000-0000-7000-8000-00000000000b'];
		const base = { title: '', description: '', address: '', category: 'errand', bounty: 1n } as const;
		const t = (id: string, distanceKm: number | null, endsAt: Date | null): Ranked => ({
			...base,
			id,
			lat: null,
			lng: null,
			startsAt: null,
			endsAt,
			createdAt: day(0),
			distanceKm
		});
		expect(compareFeed('nearest')(t(a, null, null), t(b, 7, null))).toBeGreaterThan(0);
		expect(compareFeed('nearest')(t(b, 7, null), t(a, 8, null))).toBeLessThan(0);
		expect(compareFeed('nearest')(t(b, null, null), t(a, null, null))).toBeGreaterThan(0);
		expect(compareFeed('ending')(t(a, null, null), t(b, null, day(1)))).toBeGreaterThan(0);
		expect(compareFeed('ending')(t(b, null, day(1)), t(a, null, null))).toBeLessThan(0);
		expect(compareFeed('ending')(t(a, null, null), t(b, null, null))).toBeLessThan(0);
	});
});

describe('filterFeed', () => {
	const filter = fc.record(
		{
			category: fc.constantFrom('errand', 'household'),
			minBounty: fc.constantFrom(500n, 9_000n),
			q: fc.constantFrom('help', 'DOG', 'walk dog'),
			near: fc.constantFrom({ lat: 31.2, lng: 121.47, radiusKm: 6 })
		},
		{ requiredKeys: [] }
	);

	it('returns exactly the matching tasks, with their distances, in the order of the sort (property)', () => {
		fc.assert(
			fc.property(tasks, filter, sort, (list, filter, sort) => {
				const result = filterFeed(list, filter, sort);
				const expected = list.flatMap((t) => {
					const match = matchFeed(t, filter);
					return match ? [{ ...t, distanceKm: match.distanceKm }] : [];
				});
				expect(new Set(result.map((t) => t.id))).toEqual(new Set(expected.map((t) => t.id)));
				expect(result).toHaveLength(expected.length);
				for (const t of result) expect(t).toEqual(expected.find((e) => e.id === t.id));
				for (let i = 1; i < result.length; i++) expect(inOrder(sort, result[i - 1]!, result[i]!)).toBe(true);
			}),
			{ seed: SEED + 1, numRuns: 300 }
		);
	});

	it('sorts newest first when no sort is given (property)', () => {
		fc.assert(
			fc.property(tasks, (list) => {
				const ids = filterFeed(list, {}).map((t) => t.id);
				expect(ids).toEqual(filterFeed(list, {}, 'newest').map((t) => t.id));
				expect(ids).toHaveLength(list.length);
			}),
			{ seed: SEED + 2, numRuns: 100 }
		);
	});
});

describe('search words and category', () => {
	const task: FilterableTask = {
		id: '0190a000-0000-7000-8000-000000000001',
		title: 'one two three four',
		description: 'five six seven eight',
		address: '',
		category: 'errand',
		bounty: 1n,
		lat: null,
		lng: null,
		startsAt: null,
		endsAt: null,
		createdAt: new Date('2026-12-01T00:00:00Z')
	};

	it(`uses only the first ${MAX_SEARCH_TERMS} words`, () => {
		const nine = 'one two three four five six seven eight nine';
		expect(searchTerms(nine)).toEqual(nine.split(' ').slice(0, 8));
		expect(matchFeed(task, { q: nine })).toEqual({ distanceKm: null });
		expect(matchFeed(task, { q: 'nine one two three four five six seven' })).toBeNull();
		expect(searchTerms(undefined)).toEqual([]);
	});

	it('keeps a task of the chosen category and bounty range', () => {
		expect(matchFeed(task, { category: 'errand' })).toEqual({ distanceKm: null });
		expect(matchFeed(task, { category: 'errand', minBounty: 1n, maxBounty: 1n })).toEqual({
			distanceKm: null
		});
		expect(matchFeed(task, { category: '' })).toEqual({ distanceKm: null });
	});
});
