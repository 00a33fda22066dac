// Keyset pagination over (createdAt, id), newest first: a cursor names the last row of a page, and the next
// page holds what sorts after it. Stable while rows are added (they land on the first page, not in the middle).
import { isUuid, parseInstant } from '$lib/domain/bounds';
import { DomainError } from '$lib/domain/errors';

export interface Keyset {
	createdAt: Date;
	id: string;
}

export const PAGE_SIZE = 50;

export function encodeCursor(row: Keyset): string {
	return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

export function decodeCursor(text: string): Keyset {
	let parsed: unknown;
	try {
		parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
	} catch {
		parsed = null;
	}
	const [createdAt, id] = Array.isArray(parsed) && parsed.length === 2 ? parsed : [];
	const date = parseInstant(createdAt);
	if (!date || !isUuid(id))
		throw new DomainError('BAD_REQUEST', 'bad_cursor', 'This page cursor is not valid.');
	return { createdAt: date, id };
}

/** The `where` clause for rows after the cursor in (createdAt desc, id desc) order. */
export function after(cursor: string | undefined) {
	if (!cursor) return {};
	const { createdAt, id } = decodeCursor(cursor);
	return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

export const newestFirst = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/** Cuts the extra row fetched to learn whether another page exists. */
export function page<T extends Keyset>(
	rows: T[],
	size = PAGE_SIZE
): { items: T[]; nextCursor: string | null } {
	const items = rows.slice(0, size);
	const last = items.at(-1);
	return { items, nextCursor: rows.length > size && last ? encodeCursor(last) : null };
}

/** Prisma passes `contains` to LIKE as is: escape its wildcards so "50%" means the text "50%". */
export const literal = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);
