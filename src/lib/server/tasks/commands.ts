// Task commands: publish (the bounty into escrow), claim, release, edit and raise the bounty. Each locks
// the task and applies its event through the lifecycle core (./lifecycle).
import { DomainError } from '$lib/domain/errors';
import type { PublishInput, UpdateInput } from '$lib/domain/schemas/task';
import { isHeld, transition, type Refusal } from '$lib/domain/task-state';
import type { TaskCategory } from '../db/generated/enums';
import { notFound, type Actor } from '../core/actor';
import { createEscrowAccount, escrowAccount, transfer, walletAccount } from '../money/ledger';
import { runMutation } from '../core/mutations';
import { notify } from '../notifications/notify';
import { getSettings } from '../core/settings';
import { applyEvent, commit, decide, facts, REFUSAL_MESSAGES, taskCommand } from './lifecycle';
import { presentPublic, publicTaskSelect } from './selects';
import type { ServiceDeps } from '../core/context';

export async function publish(deps: ServiceDeps, actor: Actor, input: PublishInput) {
	const { db, config } = deps;
	return runMutation(db, { userId: actor.userId, name: 'task.publish', input }, async (tx) => {
		const settings = await getSettings(tx, config);
		const task = await tx.task.create({
			data: {
				requesterId: actor.userId,
				title: input.title,
				description: input.description,
				category: input.category.toUpperCase() as TaskCategory,
				address: input.address,
				lat: input.lat ?? null,
				lng: input.lng ?? null,
				startsAt: input.startsAt ?? null,
				endsAt: input.endsAt ?? null,
				conditions: input.conditions || null,
				bounty: input.bounty,
				currency: config.currency,
				commissionBps: settings.commissionBps,
				claimHours: input.claimHours ?? settings.claimHours,
				requireVerified: input.requireVerified ?? false
			},
			select: publicTaskSelect
		});
		const escrow = await createEscrowAccount(tx, task.id, config.currency);
		await transfer(tx, {
			key: `publish:${task.id}`,
			code: 'PUBLISH_HOLD',
			amount: input.bounty,
			currency: config.currency,
			from: await walletAccount(tx, actor.userId, config.currency),
			to: escrow,
			taskId: task.id
		});
		return presentPublic(task);
	});
}

export type ClaimResult =
	{ status: 'claimed' } | { status: 'rejected'; reason: Refusal | 'too_many_claims'; message: string };

/**
 * Claims a task. Exactly one of any number of concurrent claimants wins: all queue on the row lock and
 * each sees the outcome of the one before. Losing is an answer, not an error, so an offline outbox that
 * replays a stale claim can record it and move on.
 */
export async function claim(
	deps: ServiceDeps,
	actor: Actor,
	input: { taskId: string; mutationId?: string | undefined }
) {
	return taskCommand<typeof input, ClaimResult>(deps, actor, 'task.claim', input, async (tx, task) => {
		// A second claim by the holder (a replay from another device) is not a loss.
		const holding = isHeld(task.status);
		if (holding && task.claimantId === actor.userId) return { status: 'claimed' };
		// The worker's row, read and locked at once: their claims queue on it, so two claims sent together
		// cannot both slip under the limit below.
		const [worker] = await tx.$queryRaw<{ verifiedAt: Date | null }[]>`
			SELECT "verifiedAt" FROM "User" WHERE "id" = ${actor.userId}::uuid FOR UPDATE`;
		if (!worker) throw notFound('This user');
		const event = { type: 'claim', workerVerified: worker.verifiedAt !== null } as const;
		// One instant for the claim and its deadline, so the deadline is exactly claimHours after it.
		const now = new Date();
		const result = transition(facts(task), event, actor, now);
		if (!result.ok) {
			return { status: 'rejected', reason: result.refusal, message: REFUSAL_MESSAGES[result.refusal] };
		}
		// A worker holds a limited number of tasks at once.
		const held = await tx.task.count({
			where: { claimantId: actor.userId, status: { in: ['CLAIMED', 'SUBMITTED', 'DISPUTED'] } }
		});
		const { maxActiveClaims } = await getSettings(tx, deps.config);
		if (held >= maxActiveClaims) {
			return {
				status: 'rejected',
				reason: 'too_many_claims',
				message: `You already hold ${held} tasks; hand over or release one first (at most ${maxActiveClaims}).`
			};
		}
		await commit(tx, task, result, { extra: { claimedAt: now }, now });
		await notify(tx, {
			userId: task.requesterId,
			kind: 'claimed',
			taskId: task.id,
			data: { title: task.title }
		});
		return { status: 'claimed' };
	});
}

/** The worker gives a claim back before handing over; the task is open to others again. */
export async function release(
	deps: ServiceDeps,
	actor: Actor,
	input: { taskId: string; mutationId?: string | undefined }
) {
	return taskCommand(deps, actor, 'task.release', input, async (tx, task) => {
		await applyEvent(tx, task, { type: 'release' }, actor, { extra: { claimedAt: null } });
		await notify(tx, {
			userId: task.requesterId,
			kind: 'released',
			taskId: task.id,
			data: { title: task.title }
		});
		return { id: task.id, status: 'OPEN' as const };
	});
}

/** The requester changes an open task's details (not its bounty: see raiseBounty). */
export async function update(deps: ServiceDeps, actor: Actor, input: UpdateInput) {
	return taskCommand(deps, actor, 'task.update', input, async (tx, task) => {
		const { mutationId: _id, taskId: _task, category, ...details } = input;
		const next = { lat: task.lat ?? undefined, lng: task.lng ?? undefined, ...details };
		if ((next.lat === undefined) !== (next.lng === undefined)) {
			throw new DomainError('BAD_REQUEST', 'invalid_input', 'Give both latitude and longitude, or neither.');
		}
		const startsAt = details.startsAt ?? task.startsAt;
		const endsAt = details.endsAt ?? task.endsAt;
		if (startsAt && endsAt && startsAt >= endsAt) {
			throw new DomainError('BAD_REQUEST', 'invalid_input', 'The time window must end after it starts.');
		}
		await applyEvent(tx, task, { type: 'edit' }, actor, {
			extra: { ...details, ...(category ? { category: category.toUpperCase() as TaskCategory } : {}) }
		});
		return presentPublic(
			await tx.task.findUniqueOrThrow({ where: { id: task.id }, select: publicTaskSelect })
		);
	});
}

/** The requester raises an open task's bounty; the difference moves from their wallet into escrow. */
export async function raiseBounty(
	deps: ServiceDeps,
	actor: Actor,
	input: { taskId: string; bounty: bigint; mutationId?: string | undefined }
) {
	return taskCommand(deps, actor, 'task.raiseBounty', input, async (tx, task) => {
		const edit = decide(task, { type: 'edit' }, actor);
		if (input.bounty <= task.bounty) {
			throw new DomainError(
				'BAD_REQUEST',
				'bounty_not_raised',
				'A bounty can only be raised: workers may already be planning around it.'
			);
		}
		await commit(tx, task, edit, { extra: { bounty: input.bounty } });
		await transfer(tx, {
			// Bounties only go up, so each new amount names one event.
			key: `raise:${task.id}:${input.bounty}`,
			code: 'PUBLISH_HOLD',
			amount: input.bounty - task.bounty,
			currency: task.currency,
			from: await walletAccount(tx, actor.userId, task.currency),
			to: await escrowAccount(tx, task.id),
			taskId: task.id
		});
		return { id: task.id, bounty: input.bounty };
	});
}
