// Idempotent mutations. A client names each state-changing call with a UUID; the server records that id
// and the call's result in the same transaction as its effects. A retry with the same id (a lost response,
// an outbox replay, a double tap) gets the recorded result back and changes nothing. Two concurrent calls
// with one id serialise on the id's primary key: the second waits for the first to commit, then replays.
import superjson from 'superjson';
import { DomainError } from '$lib/domain/errors';
import type { Db, Tx } from './db';
import { inTransaction } from './transaction';

export interface MutationMeta {
	userId: string;
	/** The procedure path, e.g. "task.claim": one id cannot be reused for another kind of call. */
	name: string;
	mutationId?: string | undefined;
}

export async function runMutation<T>(db: Db, meta: MutationMeta, work: (tx: Tx) => Promise<T>): Promise<T> {
	const { mutationId, userId, name } = meta;
	if (!mutationId) return inTransaction(db, work);
	return inTransaction(db, async (tx) => {
		const claimed = await tx.mutation.createMany({
			data: [{ id: mutationId, userId, name }],
			skipDuplicates: true
		});
		if (claimed.count === 0) return replay<T>(tx, meta, mutationId);
		const result = await work(tx);
		const serialised = superjson.serialize(result);
		await tx.mutation.update({
			where: { id: mutationId },
			data: { result: serialised as unknown as object }
		});
		return result;
	});
}

async function replay<T>(tx: Tx, meta: MutationMeta, mutationId: string): Promise<T> {
	const recorded = await tx.mutation.findUniqueOrThrow({ where: { id: mutationId } });
	if (recorded.userId !== meta.userId || recorded.name !== meta.name) {
		throw new DomainError(
			'CONFLICT',
			'mutation_id_reused',
			'This mutationId was already used for a different request.'
		);
	}
	return superjson.deserialize(
		recorded.result as unknown as Parameters<typeof superjson.deserialize>[0]
	) as T;
}
