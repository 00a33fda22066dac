// Offline sync, in the spirit of Replicache's push/pull.
//
// Push: a client sends its queued mutations in order, each with the id it made when the user acted. Each
// is applied in its own transaction through the same service as the online call, with that id as its
// mutationId, so a replay returns the recorded result and changes nothing. A refusal (task taken, not
// enough money, wrong state) is a result, reported and done: it never blocks the queue. A failure that
// may pass (the database is down) ends the batch; the answer then lists only the mutations handled, and
// the client sends the rest again later.
//
// Pull: which tasks changed since the client's cursor? Every write to a task records its transaction id
// (a trigger, see the task_change_txid migration). A cursor holds a PostgreSQL snapshot: a task changed
// since then is one whose transaction id the snapshot does not see. Unlike a sequence number, this cannot
// miss a transaction that started early and committed late. Paging walks the window between the cursor's
// snapshot (`from`) and the snapshot of the first page (`to`) in (txid, id) order; rows changed again
// meanwhile fall outside `to` and come in the next window.
import { ZodError, type ZodType } from 'zod';
import { isUuid, parseWholeNumber } from '$lib/domain/bounds';
import { DomainError, isDomainError } from '$lib/domain/errors';
import { submitHandoverInput } from '$lib/domain/schemas/handover';
import type { PushInput, SyncableMutation } from '$lib/domain/schemas/sync';
import { cancelInput, claimInput, publishInput, releaseInput } from '$lib/domain/schemas/task';
import type { Db } from '../db';
import type { Actor } from '../core/actor';
import { suspendedError } from '../core/suspension';
import { submitHandover } from '../handovers/handovers';
import { cancel } from '../tasks/cancellation';
import { claim, publish, release } from '../tasks/commands';
import { viewOf } from '../tasks/queries';
import { viewableTaskSelect } from '../tasks/selects';
import type { ServiceDeps } from '../core/context';

type Handler = { input: ZodType; run: (deps: ServiceDeps, actor: Actor, input: never) => Promise<unknown> };

const HANDLERS: Record<SyncableMutation, Handler> = {
	'task.publish': { input: publishInput, run: publish },
	'task.claim': { input: claimInput, run: claim },
	'task.release': { input: releaseInput, run: release },
	'task.cancel': { input: cancelInput, run: cancel },
	'handover.submit': { input: submitHandoverInput, run: submitHandover }
};

/** Errors that will not go away by trying again: the mutation is answered as rejected. */
const FINAL_CODES = new Set(['BAD_REQUEST', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']);

export type PushResult =
	| { id: string; status: 'applied'; result: unknown }
	| { id: string; status: 'rejected'; reason: string; message: string; result?: unknown };

export async function push(
	deps: ServiceDeps,
	actor: Actor,
	input: PushInput
): Promise<{ results: PushResult[] }> {
	const results: PushResult[] = [];
	// A suspended user's queued actions are refused, each as a result like any other refusal; those the
	// server already applied (the answer was lost) still replay their recorded result.
	const suspension = await deps.db.user.findUnique({
		where: { id: actor.userId },
		select: { suspendedAt: true, suspendedReason: true }
	});
	const recorded = suspension?.suspendedAt
		? new Set(
				(
					await deps.db.mutation.findMany({
						where: { id: { in: input.mutations.map((m) => m.id) }, userId: actor.userId },
						select: { id: true }
					})
				).map((m) => m.id)
			)
		: null;
	for (const mutation of input.mutations) {
		const handler = HANDLERS[mutation.name];
		if (recorded && !recorded.has(mutation.id)) {
			const { key, message } = suspendedError(suspension?.suspendedReason ?? null);
			results.push({ id: mutation.id, status: 'rejected', reason: key, message });
			continue;
		}
		try {
			const args = handler.input.parse({ ...mutation.args, mutationId: mutation.id });
			const result = await handler.run(deps, actor, args as never);
			const refused = result as { status?: string; reason?: string; message?: string } | null;
			if (refused?.status === 'rejected') {
				results.push({
					id: mutation.id,
					status: 'rejected',
					reason: refused.reason ?? 'rejected',
					message: refused.message ?? 'Refused.',
					result
				});
			} else {
				results.push({ id: mutation.id, status: 'applied', result });
			}
		} catch (error) {
			if (error instanceof ZodError) {
				const first = error.issues[0];
				results.push({
					id: mutation.id,
					status: 'rejected',
					reason: 'invalid_input',
					message: first ? `${first.path.join('.')}: ${first.message}` : 'Invalid input.'
				});
			} else if (isDomainError(error) && FINAL_CODES.has(error.code)) {
				results.push({ id: mutation.id, status: 'rejected', reason: error.key, message: error.message });
			} else if (results.length === 0) {
				throw error;
			} else {
				break;
			}
		}
	}
	return { results };
}

interface Cursor {
	/** The snapshot the client is in sync with; null before its first pull. */
	from: string | null;
	/** The snapshot this window ends at, fixed by the window's first page. */
	to: string;
	/** The last (txid, id) returned in this window. */
	after: [string, string] | null;
}

/**
 * A PostgreSQL snapshot as `pg_current_snapshot()` writes it, `xmin:xmax:xip,…`, held to the rules its
 * input function enforces (0 < xmin <= xmax, in-progress ids ascending within [xmin, xmax)), so a forged
 * one is a bad cursor rather than a database error.
 */
function isSnapshot(value: unknown): value is string {
	if (typeof value !== 'string' || !/^\d{1,19}:\d{1,19}:(\d{1,19}(,\d{1,19})*)?$/.test(value)) return false;
	const [xmin, xmax, list] = value.split(':') as [string, string, string];
	const low = parseWholeNumber(xmin);
	const high = parseWholeNumber(xmax);
	if (low === null || high === null || low === 0n || low > high) return false;
	let previous = low;
	for (const item of list ? list.split(',') : []) {
		const xid = parseWholeNumber(item);
		if (xid === null || xid < previous || xid >= high) return false;
		previous = xid;
	}
	return true;
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(text: string): Cursor {
	const bad = new DomainError(
		'BAD_REQUEST',
		'bad_cursor',
		'This sync cursor is not valid; pull without one.'
	);
	let value: Partial<Cursor> | null;
	try {
		value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
	} catch {
		throw bad;
	}
	if (typeof value !== 'object' || value === null) throw bad;
	const { from, to, after } = value;
	const okFrom = from === null || isSnapshot(from);
	const okAfter =
		after === null ||
		(Array.isArray(after) && after.length === 2 && parseWholeNumber(after[0]) !== null && isUuid(after[1]));
	if (!okFrom || !isSnapshot(to) || !okAfter) throw bad;
	return { from, to, after };
}

/** How many open tasks a device gets on its first pull: a useful feed, not the whole market. */
export const INITIAL_OPEN_TASKS = 300;

export async function pull(db: Db, actor: Actor, input: { cursor?: string | undefined; limit: number }) {
	const cursor = input.cursor ? decodeCursor(input.cursor) : null;
	return db.$transaction(
		async (tx) => {
			// The first statement fixes this transaction's snapshot (REPEATABLE READ): what we read and the
			// snapshot we hand out agree.
			const [{ snapshot }] = await tx.$queryRaw<
				[{ snapshot: string }]
			>`SELECT pg_current_snapshot()::text AS snapshot`;
			const visible = (task: { status: string; requester: { id: string }; claimantId: string | null }) =>
				task.status === 'OPEN' || task.requester.id === actor.userId || task.claimantId === actor.userId;

			if (!cursor || cursor.from === null) {
				// First pull: the newest open tasks and everything of the caller's own.
				const tasks = await tx.task.findMany({
					where: { OR: [{ status: 'OPEN' }, { requesterId: actor.userId }, { claimantId: actor.userId }] },
					orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
					take: INITIAL_OPEN_TASKS,
					select: viewableTaskSelect
				});
				const mine = await tx.task.findMany({
					where: {
						OR: [{ requesterId: actor.userId }, { claimantId: actor.userId }],
						id: { notIn: tasks.map((t) => t.id) }
					},
					select: viewableTaskSelect
				});
				return {
					upserts: [...tasks, ...mine].map((task) => viewOf(task, actor)),
					removals: [] as string[],
					cursor: encodeCursor({ from: snapshot, to: snapshot, after: null }),
					more: false
				};
			}

			const to = cursor.after ? cursor.to : snapshot;
			const [afterTxid, afterId] = cursor.after ?? ['0', '00000000-0000-0000-0000-000000000000'];
			const changed = await tx.$queryRaw<{ id: string; txid: string }[]>`
				SELECT "id", "changeTxid"::text AS txid FROM "Task"
				WHERE "changeTxid" >= pg_snapshot_xmin(${cursor.from}::pg_snapshot)
					AND NOT pg_visible_in_snapshot("changeTxid", ${cursor.from}::pg_snapshot)
					AND pg_visible_in_snapshot("changeTxid", ${to}::pg_snapshot)
					AND ("changeTxid", "id") > (${afterTxid}::xid8, ${afterId}::uuid)
				ORDER BY "changeTxid", "id"
				LIMIT ${input.limit + 1}`;
			const page = changed.slice(0, input.limit);
			const more = changed.length > input.limit;
			const tasks = await tx.task.findMany({
				where: { id: { in: page.map((row) => row.id) } },
				select: viewableTaskSelect
			});
			const last = page.at(-1);
			return {
				upserts: tasks.filter(visible).map((task) => viewOf(task, actor)),
				removals: tasks.filter((task) => !visible(task)).map((task) => task.id),
				cursor: encodeCursor(
					more && last
						? { from: cursor.from, to, after: [last.txid, last.id] }
						: { from: to, to, after: null }
				),
				more
			};
		},
		{ isolationLevel: 'RepeatableRead' }
	);
}
