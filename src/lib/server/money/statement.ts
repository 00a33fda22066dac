// A wallet's statement: every transfer into or out of the caller's wallet, newest first, each with the
// balance right after it. The running balance is a window sum over all of the wallet's transfers in
// (createdAt, id) order, computed before filters and pagination, so it is the same on every page and
// the newest movement's balance equals the wallet's balance.
import { DomainError } from '$lib/domain/errors';
import type { TransferCode } from '$lib/domain/schemas/wallet';
import {
	decodeStatementCursor,
	describeMovement,
	encodeStatementCursor,
	type StatementDescription
} from '$lib/domain/statement';
import type { Actor } from '../core/actor';
import type { AppConfig } from '../core/config';
import { Prisma, type Db } from '../db';

export interface StatementLine {
	id: string;
	createdAt: Date;
	code: TransferCode;
	/** Positive: money came in; negative: money went out. */
	amount: bigint;
	/** The wallet's balance right after this movement. */
	balance: bigint;
	task: { id: string; title: string } | null;
	description: StatementDescription;
}

export interface StatementPage {
	currency: string;
	items: StatementLine[];
	/** Pass as `cursor` for the next (older) page; null on the last page. */
	nextCursor: string | null;
}

export interface StatementQuery {
	cursor?: string | undefined;
	code?: TransferCode | undefined;
	from?: Date | undefined;
	to?: Date | undefined;
	limit: number;
}

interface Row {
	id: string;
	createdAt: Date;
	code: TransferCode;
	amount: bigint;
	balance: bigint;
	taskId: string | null;
	title: string | null;
}

export async function statement(
	deps: { db: Db; config: AppConfig },
	actor: Actor,
	query: StatementQuery
): Promise<StatementPage> {
	const { db, config } = deps;
	const currency = config.currency;
	let after: { createdAt: Date; id: string } | null = null;
	if (query.cursor !== undefined) {
		after = decodeStatementCursor(query.cursor);
		if (!after) throw new DomainError('BAD_REQUEST', 'bad_cursor', 'This page cursor is not valid.');
	}
	const wallet = await db.account.findUnique({
		where: { kind_userId_currency: { kind: 'WALLET', userId: actor.userId, currency } },
		select: { id: true }
	});
	if (!wallet) return { currency, items: [], nextCursor: null };

	const filters: Prisma.Sql[] = [];
	if (query.code) filters.push(Prisma.sql`m."code" = ${query.code}::"TransferCode"`);
	if (query.from) filters.push(Prisma.sql`m."createdAt" >= ${query.from}`);
	if (query.to) filters.push(Prisma.sql`m."createdAt" < ${query.to}`);
	if (after) filters.push(Prisma.sql`(m."createdAt", m."id") < (${after.createdAt}, ${after.id}::uuid)`);
	const where = filters.length ? Prisma.sql`WHERE ${Prisma.join(filters, ' AND ')}` : Prisma.empty;

	const rows = await db.$queryRaw<Row[]>`
		WITH moves AS (
			SELECT t."id", t."createdAt", t."code", t."taskId",
				CASE WHEN t."creditAccountId" = ${wallet.id}::uuid THEN t."amount" ELSE -t."amount" END AS amount
			FROM "Transfer" t
			WHERE t."creditAccountId" = ${wallet.id}::uuid OR t."debitAccountId" = ${wallet.id}::uuid
		), m AS (
			SELECT moves.*, sum(moves.amount) OVER (ORDER BY moves."createdAt", moves."id") AS balance
			FROM moves
		)
		SELECT m."id"::text AS id, m."createdAt", m."code"::text AS code, m."taskId"::text AS "taskId",
			m.amount::bigint AS amount, m.balance::bigint AS balance, task."title"
		FROM m LEFT JOIN "Task" task ON task."id" = m."taskId"
		${where}
		ORDER BY m."createdAt" DESC, m."id" DESC
		LIMIT ${query.limit + 1}`;

	const page = rows.slice(0, query.limit);
	const last = page.at(-1);
	return {
		currency,
		items: page.map((row) => ({
			id: row.id,
			createdAt: row.createdAt,
			code: row.code,
			amount: BigInt(row.amount),
			balance: BigInt(row.balance),
			task: row.taskId ? { id: row.taskId, title: row.title ?? '' } : null,
			description: describeMovement(row.code, BigInt(row.amount))
		})),
		nextCursor: rows.length > query.limit && last ? encodeStatementCursor(last.createdAt, last.id) : null
	};
}
