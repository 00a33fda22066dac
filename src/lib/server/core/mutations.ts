// Idempotent mutations. A client names each state-changing call with a UUID; the server records that id,
// a fingerprint of the call's input and its result in the same transaction as its effects. A retry with
// the same id (a lost response, an outbox replay, a double tap) gets the recorded result back and changes
// nothing. Two concurrent calls with one id serialise on the id's primary key: the second waits for the
// first to commit, then replays. The same id with other input is a client bug (or an attack), never a
// retry: it is refused instead of answered with the first call's result.
import { createHash } from 'node:crypto';
import superjson from 'superjson';
import { DomainError } from '$lib/domain/errors';
import type { Db, Tx } from '../db';
import { inTransaction } from './transaction';

export type MutationInput = { mutationId?: string | undefined } & Record<string, unknown>;

export interface MutationMeta {
	userId: string;
	/** The procedure path, e.g. "task.claim": one id cannot be reused for another kind of call. */
	name: string;
	/** The call's parsed input; its `mutationId`, if any, makes the call idempotent. */
	input: MutationInput;
}

/** JSON with sorted keys, bigints and dates spelled out: the same input always gives the same text. */
function canonical(value: unknown): string {
	if (typeof value === 'bigint') return `{"$bigint":"${value}"}`;
	if (value instanceof Date) return `{"$date":"${value.toISOString()}"}`;
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value).filter(([, v]) => v !== undefined);
		entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** SHA-256 of the input without its mutationId. */
export function fingerprint(input: MutationMeta['input']): string {
	const { mutationId: _id, ...rest } = input;
	return createHash('sha256').update(canonical(rest)).digest('hex');
}

export async function runMutation<T>(db: Db, meta: MutationMeta, work: (tx: Tx) => Promise<T>): Promise<T> {
	const { userId, name } = meta;
	const mutationId = meta.input.mutationId;
	if (!mutationId) return inTransaction(db, work);
	const inputHash = fingerprint(meta.input);
	return inTransaction(db, async (tx) => {
		const claimed = await tx.mutation.createMany({
			data: [{ id: mutationId, userId, name, inputHash }],
			skipDuplicates: true
		});
		if (claimed.count === 0) return replay<T>(tx, meta, mutationId, inputHash);
		const result = await work(tx);
		const serialised = superjson.serialize(result);
		await tx.mutation.update({
			where: { id: mutationId },
			data: { result: serialised as unknown as object }
		});
		return result;
	});
}

async function replay<T>(tx: Tx, meta: MutationMeta, mutationId: string, inputHash: string): Promise<T> {
	const recorded = await tx.mutation.findUniqueOrThrow({ where: { id: mutationId } });
	if (recorded.userId !== meta.userId || recorded.name !== meta.name) {
		throw new DomainError(
			'CONFLICT',
			'mutation_id_reused',
			'This mutationId was already used for a different request.'
		);
	}
	// Rows recorded before fingerprints existed have none; they replay as they always did.
	if (recorded.inputHash !== null && recorded.inputHash !== inputHash) {
		throw new DomainError(
			'CONFLICT',
			'mutation_reused',
			'This mutationId was already used for this action with other details; a new request needs a new id.'
		);
	}
	return superjson.deserialize(
		recorded.result as unknown as Parameters<typeof superjson.deserialize>[0]
	) as T;
}
