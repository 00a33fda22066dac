// The ledger in the admin console: accounts and transfers, newest first (verification is money/verify.js).
import type { AccountKindName } from '$lib/domain/schemas/admin-console';
import type { Db, Prisma } from '../db';
import { type Actor } from '../core/actor';
import { assertAdmin } from '../access/admin';
import { after, newestFirst, page, PAGE_SIZE } from '../core/cursor';

const accountSelect = {
	id: true,
	kind: true,
	currency: true,
	balance: true,
	createdAt: true,
	user: { select: { id: true, displayName: true, email: true } },
	task: { select: { id: true, title: true, status: true } }
} satisfies Prisma.AccountSelect;

/** Whose an account is, in a line: a wallet's owner, an escrow's task, or the platform. */
const accountRef = {
	select: {
		id: true,
		kind: true,
		user: { select: { id: true, displayName: true } },
		task: { select: { id: true, title: true } }
	}
} satisfies Prisma.AccountDefaultArgs;

export async function listAccounts(
	db: Db,
	actor: Actor,
	input: { kind?: AccountKindName | undefined; cursor?: string | undefined }
) {
	assertAdmin(actor);
	const rows = await db.account.findMany({
		where: { ...(input.kind ? { kind: input.kind } : {}), ...after(input.cursor) },
		orderBy: newestFirst,
		take: PAGE_SIZE + 1,
		select: accountSelect
	});
	return page(rows);
}

export async function listTransfers(
	db: Db,
	actor: Actor,
	input: { accountId?: string | undefined; taskId?: string | undefined; cursor?: string | undefined }
) {
	assertAdmin(actor);
	const where: Prisma.TransferWhereInput = {
		AND: [
			input.accountId
				? { OR: [{ debitAccountId: input.accountId }, { creditAccountId: input.accountId }] }
				: {},
			input.taskId ? { taskId: input.taskId } : {},
			after(input.cursor)
		]
	};
	const rows = await db.transfer.findMany({
		where,
		orderBy: newestFirst,
		take: PAGE_SIZE + 1,
		select: {
			id: true,
			key: true,
			code: true,
			amount: true,
			currency: true,
			taskId: true,
			createdAt: true,
			debitAccount: accountRef,
			creditAccount: accountRef
		}
	});
	return page(rows);
}
