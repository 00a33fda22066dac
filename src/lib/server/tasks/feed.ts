// The worker's feed: open tasks filtered by words, category, bounty, place and time window, in one of
// four orders, a page at a time. One SQL query (the query builder cannot say "within 5 km" or use the
// text indexes), with the indexes of migration 20261130000100_feed_search; the pure rules it mirrors
// (distance, bounding box, matching, cursors) are in $lib/domain/feed.
import {
	boundingBoxes,
	decodeCursor,
	EARTH_RADIUS_KM,
	encodeCursor,
	searchTerms,
	type FeedCursor,
	type FeedSort,
	type Near
} from '$lib/domain/feed';
import type { FeedInput } from '$lib/domain/schemas/task';
import { literal } from '../core/cursor';
import { Prisma, type Db } from '../db';
import { toApiCategory } from './selects';
import type { TaskCategory, TaskStatus } from '../db/generated/enums';

interface Row {
	id: string;
	title: string;
	category: TaskCategory;
	address: string;
	startsAt: Date | null;
	endsAt: Date | null;
	bounty: bigint;
	currency: string;
	status: TaskStatus;
	createdAt: Date;
	distanceKm: number | null;
}

/** The text a word is looked for in; the same expression as the text indexes'. */
const document = Prisma.sql`(t."title" || E'\\n' || t."description" || E'\\n' || t."address")`;

/**
 * Every word must appear. Words of 3+ characters are found through pg_trgm's index; shorter ones have no
 * trigram, so when the search has only short words they are found through their own 1–2 character
 * pieces (Task_open_text_grams_idx). Beside a longer word, a short one is only checked on what the
 * longer word found: asking both indexes costs more than it saves. A probe (see PROBE_ROWS) reads no text
 * index, so it checks the words only: the pieces would be computed for every row it reads.
 */
function textConditions(terms: string[], probe: boolean): Prisma.Sql[] {
	const short = (term: string) => [...term].length < 3;
	const allShort = !probe && terms.every(short);
	return terms.map((term) => {
		const contains = Prisma.sql`${document} ILIKE ${`%${literal(term)}%`}`;
		return allShort
			? Prisma.sql`task_search_grams(${document}) @> ARRAY[lower(${term})] AND ${contains}`
			: contains;
	});
}

/** The haversine of $lib/domain/feed's haversineKm, term for term. */
function distance(near: Near): Prisma.Sql {
	const dLat = Prisma.sql`radians(t."lat" - ${near.lat}::float8) / 2`;
	const dLng = Prisma.sql`radians(t."lng" - ${near.lng}::float8) / 2`;
	return Prisma.sql`(${EARTH_RADIUS_KM}::float8 * 2 * asin(sqrt(least(1::float8,
		sin(${dLat}) * sin(${dLat})
		+ cos(radians(${near.lat}::float8)) * cos(radians(t."lat")) * sin(${dLng}) * sin(${dLng})))))`;
}

function placeCondition(near: Near): Prisma.Sql {
	// The boxes narrow the candidates through Task_open_place_idx; the distance decides (outer query).
	const boxes = boundingBoxes(near, near.radiusKm).map(
		(box) =>
			Prisma.sql`point(t."lng", t."lat") <@ box(point(${box.minLng}::float8, ${box.minLat}::float8), point(${box.maxLng}::float8, ${box.maxLat}::float8))`
	);
	return Prisma.sql`t."lat" IS NOT NULL AND t."lng" IS NOT NULL AND (${Prisma.join(boxes, ' OR ')})`;
}

/** Each order's key (over the task `t`) and direction; ties go by id in the same direction. */
function orderKey(sort: FeedSort, near: Near | undefined): { key: Prisma.Sql; direction: 'ASC' | 'DESC' } {
	switch (sort) {
		case 'newest':
			return { key: Prisma.sql`t."createdAt"`, direction: 'DESC' };
		case 'bounty':
			return { key: Prisma.sql`t."bounty"`, direction: 'DESC' };
		case 'ending':
			return { key: Prisma.sql`coalesce(t."endsAt", 'infinity'::timestamptz)`, direction: 'ASC' };
		case 'nearest':
			// The input schema refuses nearest without a place.
			return { key: near ? distance(near) : Prisma.sql`NULL::float8`, direction: 'ASC' };
	}
}

function cursorValue(cursor: FeedCursor): Prisma.Sql {
	switch (cursor.sort) {
		case 'newest':
			return Prisma.sql`${cursor.createdAt}::timestamptz`;
		case 'bounty':
			return Prisma.sql`${cursor.bounty}::bigint`;
		case 'nearest':
			return Prisma.sql`${cursor.distanceKm}::float8`;
		case 'ending':
			return cursor.endsAt ? Prisma.sql`${cursor.endsAt}::timestamptz` : Prisma.sql`'infinity'::timestamptz`;
	}
}

function cursorOf(row: Row, sort: FeedSort): string {
	switch (sort) {
		case 'newest':
			return encodeCursor({ sort, createdAt: row.createdAt, id: row.id });
		case 'bounty':
			return encodeCursor({ sort, bounty: row.bounty, id: row.id });
		case 'nearest':
			return encodeCursor({ sort, distanceKm: row.distanceKm ?? 0, id: row.id });
		case 'ending':
			return encodeCursor({ sort, endsAt: row.endsAt, id: row.id });
	}
}

/**
 * How many tasks, in the order of the sort's index, a first attempt reads before giving up. The planner
 * cannot know how many tasks contain a word: for a common one ("上海", 5 % of tasks or more) reading the
 * index in order finds a page at once, while collecting every match first costs thousands of rows; for a
 * rare one it is the other way round. So: read the first PROBE_ROWS in order and filter them; when they
 * hold a whole page it is the right page (nothing earlier was skipped), else ask with all the filters and
 * let the indexes find the few matches.
 */
const PROBE_ROWS = 1000;

/** Distances tried in turn for "nearest" (km beyond the cursor): a page near a busy place needs no more. */
const NEAREST_STEPS_KM = [1, 4, 16, 64, 256];

interface Query {
	input: FeedInput;
	cursor: FeedCursor | null;
	/** The place with the radius of this attempt (nearest widens it step by step). */
	near: Near | undefined;
	probe: boolean;
}

async function select(db: Db, { input, cursor, near, probe }: Query): Promise<Row[]> {
	const { key, direction } = orderKey(input.sort, near);
	const order = Prisma.raw(direction);
	const base: Prisma.Sql[] = [Prisma.sql`t."status" = 'OPEN'`];
	if (cursor) {
		const comparison = Prisma.raw(direction === 'DESC' ? '<' : '>');
		base.push(Prisma.sql`(${key}, t."id") ${comparison} (${cursorValue(cursor)}, ${cursor.id}::uuid)`);
	}
	const where = [...base];
	if (input.category) {
		where.push(Prisma.sql`t."category" = ${input.category.toUpperCase()}::"TaskCategory"`);
	}
	if (input.minBounty !== undefined) where.push(Prisma.sql`t."bounty" >= ${input.minBounty}::bigint`);
	if (input.maxBounty !== undefined) where.push(Prisma.sql`t."bounty" <= ${input.maxBounty}::bigint`);
	if (input.startsAfter) where.push(Prisma.sql`t."startsAt" >= ${input.startsAfter}::timestamptz`);
	if (input.endsBefore) where.push(Prisma.sql`t."endsAt" <= ${input.endsBefore}::timestamptz`);
	where.push(...textConditions(searchTerms(input.q), probe));
	if (near) {
		where.push(placeCondition(near), Prisma.sql`${distance(near)} <= ${near.radiusKm}::float8`);
	}
	const source = probe
		? Prisma.sql`(SELECT * FROM "Task" t WHERE ${Prisma.join(base, ' AND ')}
			ORDER BY ${key} ${order}, t."id" ${order} LIMIT ${PROBE_ROWS}) AS t`
		: Prisma.sql`"Task" AS t`;
	return db.$queryRaw<Row[]>`
		SELECT t."id", t."title", t."category"::text AS "category", t."address", t."startsAt", t."endsAt",
			t."bounty", t."currency", t."status"::text AS "status", t."createdAt",
			${near ? distance(near) : Prisma.sql`NULL::float8`} AS "distanceKm"
		FROM ${source}
		WHERE ${Prisma.join(where, ' AND ')}
		ORDER BY ${key} ${order}, t."id" ${order}
		LIMIT ${input.limit + 1}`;
}

/** Open tasks matching every filter, a page at a time in the chosen order (keyset pagination). */
export async function feed(db: Db, input: FeedInput) {
	const cursor = input.cursor ? decodeCursor(input.cursor, input.sort) : null;
	const { near } = input;
	const wanted = input.limit + 1;
	let rows: Row[] = [];
	if (input.sort === 'nearest' && near) {
		// Widen the circle until it holds a page: what lies beyond it is farther than all it holds.
		const from = cursor?.sort === 'nearest' ? cursor.distanceKm : 0;
		for (const step of NEAREST_STEPS_KM) {
			const radiusKm = Math.min(near.radiusKm, from + step);
			rows = await select(db, { input, cursor, near: { ...near, radiusKm }, probe: false });
			if (rows.length >= wanted || radiusKm === near.radiusKm) break;
		}
		if (rows.length < wanted && from + NEAREST_STEPS_KM.at(-1)! < near.radiusKm) {
			rows = await select(db, { input, cursor, near, probe: false });
		}
	} else {
		const filtered =
			searchTerms(input.q).length > 0 ||
			!!near ||
			!!input.category ||
			input.minBounty !== undefined ||
			input.maxBounty !== undefined ||
			!!input.startsAfter ||
			!!input.endsBefore;
		if (filtered) rows = await select(db, { input, cursor, near, probe: true });
		if (rows.length < wanted) rows = await select(db, { input, cursor, near, probe: false });
	}

	const page = rows.slice(0, input.limit);
	const last = page.at(-1);
	return {
		items: page.map(({ distanceKm, ...task }) => ({
			...task,
			category: toApiCategory(task.category),
			...(near ? { distanceKm: distanceKm ?? 0 } : {})
		})),
		nextCursor: rows.length > input.limit && last ? cursorOf(last, input.sort) : null
	};
}
