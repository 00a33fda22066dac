// The feed's rules that do not need a database: distance on the earth, the box a search circle fits in,
// which tasks a search matches and in which order (the server's SQL says the same; the device uses this
// over its cached tasks when offline), and the page cursors of each sort order.
import { isUuid, parseInstant, parseWholeNumber } from './bounds';
import { DomainError } from './errors';

export const FEED_SORTS = ['newest', 'bounty', 'nearest', 'ending'] as const;
export type FeedSort = (typeof FEED_SORTS)[number];

/** The search radius a worker may choose, in km. */
export const RADIUS_MIN_KM = 0.1;
export const RADIUS_MAX_KM = 500;

/** At most this many words of a search are used; each must appear. */
export const MAX_SEARCH_TERMS = 8;

/** Mean earth radius (IUGG). The SQL in src/lib/server/feed.ts uses the same number and formula. */
export const EARTH_RADIUS_KM = 6371.0088;
const RADIANS_PER_DEGREE = Math.PI / 180;

export interface LatLng {
	lat: number;
	lng: number;
}
export interface Near extends LatLng {
	radiusKm: number;
}

const sinSquared = (x: number) => Math.sin(x) * Math.sin(x);

/** Great-circle distance in km (haversine), written exactly as the server's SQL computes it. */
export function haversineKm(a: LatLng, b: LatLng): number {
	const dLat = (b.lat - a.lat) * RADIANS_PER_DEGREE;
	const dLng = (b.lng - a.lng) * RADIANS_PER_DEGREE;
	const h =
		sinSquared(dLat / 2) +
		Math.cos(a.lat * RADIANS_PER_DEGREE) * Math.cos(b.lat * RADIANS_PER_DEGREE) * sinSquared(dLng / 2);
	return EARTH_RADIUS_KM * 2 * Math.asin(Math.sqrt(Math.min(1, h)));
}

export interface Box {
	minLat: number;
	maxLat: number;
	minLng: number;
	maxLng: number;
}

/**
 * Latitude/longitude boxes that together contain every point within `radiusKm` of the centre: a cheap,
 * indexable prefilter before the exact distance. Two boxes when the circle crosses the ±180° meridian;
 * all longitudes when it reaches a pole. A little margin keeps rounding from cutting off the edge.
 */
export function boundingBoxes(center: LatLng, radiusKm: number): Box[] {
	const angle = (radiusKm / EARTH_RADIUS_KM) * 1.000001;
	const dLat = angle / RADIANS_PER_DEGREE;
	const minLat = Math.max(-90, center.lat - dLat);
	const maxLat = Math.min(90, center.lat + dLat);
	if (minLat <= -90 || maxLat >= 90) return [{ minLat, maxLat, minLng: -180, maxLng: 180 }];
	// The widest longitude span of the circle (at the latitude where it touches its meridians).
	const ratio = Math.sin(angle) / Math.cos(center.lat * RADIANS_PER_DEGREE);
	if (ratio >= 1) return [{ minLat, maxLat, minLng: -180, maxLng: 180 }];
	const dLng = Math.asin(ratio) / RADIANS_PER_DEGREE;
	const minLng = center.lng - dLng;
	const maxLng = center.lng + dLng;
	if (minLng < -180) {
		return [
			{ minLat, maxLat, minLng: minLng + 360, maxLng: 180 },
			{ minLat, maxLat, minLng: -180, maxLng }
		];
	}
	if (maxLng > 180) {
		return [
			{ minLat, maxLat, minLng, maxLng: 180 },
			{ minLat, maxLat, minLng: -180, maxLng: maxLng - 360 }
		];
	}
	return [{ minLat, maxLat, minLng, maxLng }];
}

/** The words of a search: split on spaces (full-width too), at most MAX_SEARCH_TERMS. */
export const searchTerms = (q: string | undefined): string[] =>
	(q ?? '').split(/\s+/u).filter(Boolean).slice(0, MAX_SEARCH_TERMS);

export interface FeedFilter {
	q?: string | undefined;
	category?: string | undefined;
	minBounty?: bigint | undefined;
	maxBounty?: bigint | undefined;
	near?: Near | undefined;
	startsAfter?: Date | undefined;
	endsBefore?: Date | undefined;
}

/** What the filter needs to know of a task. */
export interface FilterableTask {
	id: string;
	title: string;
	description: string;
	address: string;
	category: string;
	bounty: bigint;
	lat: number | null;
	lng: number | null;
	startsAt: Date | null;
	endsAt: Date | null;
	createdAt: Date;
}

/**
 * Whether a task matches a search, and how far it is when a place was given (null: it does not match).
 * Every word must appear in the title, description or address, ignoring case; a bound of the time window
 * requires the task to have that bound (a task "any time" does not start after a given moment).
 */
export function matchFeed(task: FilterableTask, filter: FeedFilter): { distanceKm: number | null } | null {
	if (filter.category && task.category !== filter.category) return null;
	if (filter.minBounty !== undefined && task.bounty < filter.minBounty) return null;
	if (filter.maxBounty !== undefined && task.bounty > filter.maxBounty) return null;
	if (filter.startsAfter && !(task.startsAt && task.startsAt >= filter.startsAfter)) return null;
	if (filter.endsBefore && !(task.endsAt && task.endsAt <= filter.endsBefore)) return null;
	const terms = searchTerms(filter.q);
	if (terms.length) {
		const text = `${task.title}\n${task.description}\n${task.address}`.toLowerCase();
		if (!terms.every((term) => text.includes(term.toLowerCase()))) return null;
	}
	if (!filter.near) return { distanceKm: null };
	if (task.lat === null || task.lng === null) return null;
	const distanceKm = haversineKm(filter.near, { lat: task.lat, lng: task.lng });
	return distanceKm <= filter.near.radiusKm ? { distanceKm } : null;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The order of each sort, ties broken by id like the server's keyset pages. */
export function compareFeed(
	sort: FeedSort
): (a: FilterableTask & { distanceKm: number | null }, b: typeof a) => number {
	switch (sort) {
		case 'newest':
			return (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || byId(b, a);
		case 'bounty':
			return (a, b) => (a.bounty === b.bounty ? byId(b, a) : a.bounty < b.bounty ? 1 : -1);
		case 'nearest':
			return (a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || byId(a, b);
		case 'ending':
			return (a, b) => {
				const x = a.endsAt?.getTime() ?? Infinity;
				const y = b.endsAt?.getTime() ?? Infinity;
				return x === y ? byId(a, b) : x < y ? -1 : 1;
			};
	}
}

/** The feed over tasks held in memory (the device's cache): matching tasks, sorted, with distances. */
export function filterFeed<T extends FilterableTask>(
	tasks: readonly T[],
	filter: FeedFilter,
	sort: FeedSort = 'newest'
): (T & { distanceKm: number | null })[] {
	const matches: (T & { distanceKm: number | null })[] = [];
	for (const task of tasks) {
		const match = matchFeed(task, filter);
		if (match) matches.push({ ...task, distanceKm: match.distanceKm });
	}
	return matches.sort(compareFeed(sort));
}

/** Where a page ended, in the terms of its sort order. */
export type FeedCursor =
	| { sort: 'newest'; createdAt: Date; id: string }
	| { sort: 'bounty'; bounty: bigint; id: string }
	| { sort: 'nearest'; distanceKm: number; id: string }
	| { sort: 'ending'; endsAt: Date | null; id: string };

const badCursor = () => new DomainError('BAD_REQUEST', 'bad_cursor', 'This page cursor is not valid.');

const toBase64Url = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text: string) => atob(text.replace(/-/g, '+').replace(/_/g, '/'));

/** An opaque, URL-safe token (ASCII JSON in base64url): [sort, key, id]. */
export function encodeCursor(cursor: FeedCursor): string {
	const key =
		cursor.sort === 'newest'
			? cursor.createdAt.toISOString()
			: cursor.sort === 'bounty'
				? cursor.bounty.toString()
				: cursor.sort === 'nearest'
					? cursor.distanceKm
					: (cursor.endsAt?.toISOString() ?? null);
	return toBase64Url(JSON.stringify([cursor.sort, key, cursor.id]));
}

function parseDate(value: unknown): Date {
	const date = parseInstant(value);
	if (!date) throw badCursor();
	return date;
}

/** Reads a cursor made by `encodeCursor` for the same sort order; anything else is a BAD_REQUEST. */
export function decodeCursor(text: string, sort: FeedSort): FeedCursor {
	let parsed: unknown;
	try {
		parsed = JSON.parse(fromBase64Url(text));
	} catch {
		throw badCursor();
	}
	if (!Array.isArray(parsed) || parsed.length !== 3) throw badCursor();
	const [cursorSort, key, id] = parsed as [unknown, unknown, unknown];
	if (!isUuid(id)) throw badCursor();
	if (cursorSort !== sort) {
		throw new DomainError(
			'BAD_REQUEST',
			'bad_cursor',
			'This page cursor belongs to another sort order: start again from the first page.'
		);
	}
	switch (sort) {
		case 'newest':
			return { sort, createdAt: parseDate(key), id };
		case 'bounty': {
			const bounty = parseWholeNumber(key);
			if (bounty === null) throw badCursor();
			return { sort, bounty, id };
		}
		case 'nearest':
			// No distance on Earth is longer than half its circumference.
			if (typeof key !== 'number' || !Number.isFinite(key) || key < 0 || key > 20_040) throw badCursor();
			return { sort, distanceKm: key, id };
		case 'ending':
			return { sort, endsAt: key === null ? null : parseDate(key), id };
	}
}
