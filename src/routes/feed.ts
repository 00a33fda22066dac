// The feed's URL state: the search as the form shows it (strings, as typed) and as the API takes it.
// Every filter lives in the query string, so a filtered feed can be shared, bookmarked and reloaded,
// and the form works without JavaScript. Kept out of the component so it stays plain functions.
import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';
import { CONTROL_CHARACTER } from '$lib/domain/bounds';
import { isTaskCategory, type TaskCategory } from '$lib/domain/constants';

const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, 'g');
import { FEED_SORTS, RADIUS_MAX_KM, RADIUS_MIN_KM, type FeedSort, type Near } from '$lib/domain/feed';
import { parseMajorAmount } from '$lib/domain/money';
import { parsePlatformDateTime } from '$lib/ui/format';

/** The form's fields, named as in the URL. */
export interface FeedForm {
	q: string;
	category: string;
	/** Bounty bounds in yuan, as typed. */
	min: string;
	max: string;
	/** The time window, as datetime-local values in platform time. */
	from: string;
	until: string;
	/** The place ("near me") and the radius in km. */
	lat: string;
	lng: string;
	r: string;
	sort: string;
}

export const RADIUS_CHOICES_KM = [1, 2, 5, 10, 20, 50, 100] as const;
export const DEFAULT_RADIUS_KM = 5;
const FIELDS = ['q', 'category', 'min', 'max', 'from', 'until', 'lat', 'lng', 'r', 'sort'] as const;

export type FeedProblem = 'bounty' | 'bounty_range' | 'window' | 'nearest';

/** What the API is asked, and what was wrong with the URL (those filters are left out). */
export interface ParsedSearch {
	form: FeedForm;
	query: {
		q?: string;
		category?: TaskCategory;
		minBounty?: bigint;
		maxBounty?: bigint;
		startsAfter?: Date;
		endsBefore?: Date;
		near?: Near;
		sort: FeedSort;
	};
	problems: FeedProblem[];
}

const coordinate = (text: string, limit: number) => {
	const value = Number(text);
	return text.trim() !== '' && Number.isFinite(value) && Math.abs(value) <= limit ? value : undefined;
};

export function parseSearch(params: URLSearchParams): ParsedSearch {
	const form = Object.fromEntries(
		FIELDS.map((f) => [f, (params.get(f) ?? '').trim()])
	) as unknown as FeedForm;
	// Nobody types control characters; a link that carries them (`?q=%00`) searches for the rest.
	form.q = form.q.replace(CONTROL_CHARACTERS, ' ').trim().slice(0, 100);
	const problems: FeedProblem[] = [];
	const query: ParsedSearch['query'] = { sort: 'newest' };
	if (form.q) query.q = form.q;
	if (isTaskCategory(form.category)) query.category = form.category;
	else form.category = '';

	const min = form.min ? parseMajorAmount(form.min) : undefined;
	const max = form.max ? parseMajorAmount(form.max) : undefined;
	if (min === null || max === null) problems.push('bounty');
	else if (min !== undefined && max !== undefined && min > max) problems.push('bounty_range');
	else {
		if (min !== undefined) query.minBounty = min;
		if (max !== undefined) query.maxBounty = max;
	}

	const from = form.from ? parsePlatformDateTime(form.from) : undefined;
	const until = form.until ? parsePlatformDateTime(form.until) : undefined;
	if (from === null || until === null || (from && until && until <= from)) problems.push('window');
	else {
		if (from) query.startsAfter = from;
		if (until) query.endsBefore = until;
	}

	const lat = coordinate(form.lat, 90);
	const lng = coordinate(form.lng, 180);
	const radius = Number(form.r || DEFAULT_RADIUS_KM);
	if (lat !== undefined && lng !== undefined) {
		const radiusKm = Number.isFinite(radius)
			? Math.min(RADIUS_MAX_KM, Math.max(RADIUS_MIN_KM, radius))
			: DEFAULT_RADIUS_KM;
		query.near = { lat, lng, radiusKm };
		form.r = String(radiusKm);
	} else {
		form.lat = form.lng = '';
	}

	const sort = (FEED_SORTS as readonly string[]).includes(form.sort) ? (form.sort as FeedSort) : 'newest';
	if (sort === 'nearest' && !query.near) problems.push('nearest');
	else query.sort = sort;
	form.sort = query.sort === 'newest' ? '' : query.sort;
	return { form, query, problems };
}

/** How many filters beyond the words and category are on (shown on the "more filters" toggle). */
export function extraFilterCount(form: FeedForm): number {
	return [form.min || form.max, form.from || form.until, form.lat].filter(Boolean).length;
}

export function feedHref(form: Partial<FeedForm>, cursor?: string | null): ResolvedPathname {
	const params = new URLSearchParams();
	for (const field of FIELDS) {
		const value = form[field]?.trim();
		// A radius means nothing without a place.
		if (value && !(field === 'r' && !form.lat)) params.set(field, value);
	}
	if (cursor) params.set('cursor', cursor);
	return params.size ? resolve(`/?${params}`) : resolve('/');
}

/** Items of several pages in order, each once (a task can move between pages while one reads). */
export function uniqueById<T extends { id: string }>(items: T[]): T[] {
	const seen = new Set<string>();
	return items.filter((item) => !seen.has(item.id) && !!seen.add(item.id));
}

/** The place of the last "near me" search, kept for this tab so task pages can say how far they are. */
const PLACE_KEY = 'jiedan:place';

export function rememberPlace(place: { lat: number; lng: number } | null) {
	try {
		if (place) sessionStorage.setItem(PLACE_KEY, JSON.stringify({ lat: place.lat, lng: place.lng }));
	} catch {
		// Storage disabled: task pages just show no distance.
	}
}

export function rememberedPlace(): { lat: number; lng: number } | null {
	try {
		const place = JSON.parse(sessionStorage.getItem(PLACE_KEY) ?? 'null') as {
			lat?: unknown;
			lng?: unknown;
		} | null;
		return place && typeof place.lat === 'number' && typeof place.lng === 'number'
			? { lat: place.lat, lng: place.lng }
			: null;
	} catch {
		return null;
	}
}
