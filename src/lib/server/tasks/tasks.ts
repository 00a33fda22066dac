// Tasks: publish (bounty into escrow), read, claim, cancel (the feed is in ./feed). Every state change locks the task row,
// asks the pure state machine (domain/task-state) whether it is allowed, and applies it with its ledger
// effects in the same transaction.
import { DomainError } from '$lib/domain/errors';
import type { PublishInput, UpdateInput } from '$lib/domain/schemas/task';
import { isHeld, transition, type Refusal, type TaskEvent, type TaskFacts } from '$lib/domain/task-state';
import type { AppConfig } from '../core/config';
import { Prisma, type Db, type Tx } from '../db';
import type { TaskCategory, UserKind } from '../db/generated/enums';
import { notFound, type Actor } from '../core/actor';
import { latestDispute } from '../disputes/view';
import { createEscrowAccount, escrowAccount, transfer, walletAccount } from '../money/ledger';
import { runMutation } from '../core/mutations';
import { notify } from '../notifications/notify';
import { getSettings } from '../core/settings';

export interface Deps {
	db: Db;
	config: AppConfig;
}

/** What anyone may see of a task: enough for a worker to decide. */
const publicTaskSelect = {
	id: true,
	title: true,
	description: true,
	category: true,
	address: true,
	lat: true,
	lng: true,
	startsAt: true,
	endsAt: true,
	conditions: true,
	bounty: true,
	currency: true,
	status: true,
	createdAt: true,
	// The claim's terms: how long a worker has to hand over, and whether only verified workers may claim.
	claimHours: true,
	requireVerified: true,
	requester: { select: { id: true, displayName: true, kind: true, verifiedAt: true } }
} satisfies Prisma.TaskSelect;

const feedItemSelect = {
	id: true,
	title: true,
	category: true,
	address: true,
	startsAt: true,
	endsAt: true,
	bounty: true,
	currency: true,
	status: true,
	createdAt: true
} satisfies Prisma.TaskSelect;

export const toApiCategory = (category: TaskCategory) => category.toLowerCase() as Lowercase<TaskCategory>;

export const toApiKind = (kind: UserKind) => kind.toLowerCase() as Lowercase<UserKind>;

function presentPublic(task: Prisma.TaskGetPayload<{ select: typeof publicTaskSelect }>) {
	return {
		...task,
		category: toApiCategory(task.category),
		requester: { ...task.requester, kind: toApiKind(task.requester.kind) }
	};
}

export async function publish(deps: Deps, actor: Actor, input: PublishInput) {
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

/**
 * A task as the caller may see it. Anyone sees the public details; the requester, the worker holding
 * it and admins also see who holds it and the handover history.
 */
/** Selects the public view of a task plus what `viewOf` needs to describe the caller's relation to it. */
export const viewableTaskSelect = { ...publicTaskSelect, claimantId: true } satisfies Prisma.TaskSelect;

/** The public view of a task and the caller's relation to it, which the UI turns into "yours", "taken"… */
export function viewOf(
	task: Prisma.TaskGetPayload<{ select: typeof viewableTaskSelect }>,
	actor: Actor | null
) {
	const { claimantId, ...publicPart } = task;
	const isRequester = actor?.userId === task.requester.id;
	const isClaimant = !!actor && actor.userId === claimantId;
	return {
		...presentPublic(publicPart),
		viewer: { isRequester, isClaimant, isAdmin: !!actor?.isAdmin, takenByOther: !!claimantId && !isClaimant }
	};
}

/**
 * A task as the caller may see it. Anyone sees the public details; the requester, the worker holding
 * it and admins also see who holds it and the handover history.
 */
export async function getTask(db: Db, actor: Actor | null, taskId: string) {
	const task = await db.task.findUnique({
		where: { id: taskId },
		select: {
			...viewableTaskSelect,
			claimedAt: true,
			reworkCount: true,
			commissionBps: true,
			claimHours: true,
			claimExpiresAt: true,
			requireVerified: true,
			cancelRequestedAt: true
		}
	});
	if (!task) throw notFound('This task');
	const { claimedAt, reworkCount, commissionBps, claimExpiresAt, cancelRequestedAt, ...viewable } = task;
	const { claimHours, requireVerified } = task;
	const view = viewOf(viewable, actor);
	// A worker whose claim on this task ran out is told so (when they do not hold it again).
	const lapse =
		actor && !view.viewer.isClaimant
			? await db.claimLapse.findFirst({
					where: { taskId, workerId: actor.userId },
					orderBy: { expiredAt: 'desc' },
					select: { expiredAt: true }
				})
			: null;
	const base = { ...view, viewer: { ...view.viewer, claimLapsedAt: lapse?.expiredAt ?? null } };
	const participant = base.viewer.isRequester || base.viewer.isClaimant || base.viewer.isAdmin;
	const claimantId = task.claimantId;
	if (!participant) return { ...base, private: null };
	// A worker sees their own handovers, never those of a worker who held the task before them.
	const ownOnly = !base.viewer.isRequester && !base.viewer.isAdmin && actor ? actor.userId : null;
	const handovers = await db.handover.findMany({
		where: { taskId, ...(ownOnly ? { workerId: ownOnly } : {}) },
		orderBy: { createdAt: 'desc' },
		select: {
			id: true,
			report: true,
			status: true,
			reviewReason: true,
			reviewedAt: true,
			autoReleased: true,
			requesterVerdict: true,
			requesterReason: true,
			requesterAt: true,
			createdAt: true,
			files: {
				orderBy: { position: 'asc' },
				select: { file: { select: { id: true, name: true, mimeType: true, size: true } } }
			}
		}
	});
	const claimant = claimantId
		? await db.user.findUnique({
				where: { id: claimantId },
				select: { id: true, displayName: true, kind: true, verifiedAt: true }
			})
		: null;
	return {
		...base,
		private: {
			claimant: claimant && { ...claimant, kind: toApiKind(claimant.kind) },
			claimedAt,
			reworkCount,
			commissionBps,
			/** Hours a claimant has to hand over, and the running claim's deadline (while CLAIMED). */
			claimHours,
			claimExpiresAt,
			requireVerified,
			/** When the requester asked to cancel the claimed task (waiting for the worker's answer). */
			cancelRequestedAt,
			handovers: handovers.map((h) => ({ ...h, files: h.files.map((f) => f.file) })),
			/** The open dispute, else the last one; null if there never was one. */
			dispute: await latestDispute(db, taskId)
		}
	};
}

/** Locks the task row for the rest of the transaction and returns what the state machine needs. */
export async function lockTask(tx: Tx, taskId: string) {
	const locked = await tx.$queryRaw<
		{ id: string }[]
	>`SELECT "id" FROM "Task" WHERE "id" = ${taskId}::uuid FOR UPDATE`;
	if (locked.length === 0) throw notFound('This task');
	return tx.task.findUniqueOrThrow({ where: { id: taskId } });
}

export const facts = (task: {
	status: TaskFacts['status'];
	requesterId: string;
	claimantId: string | null;
	bounty: bigint;
	reworkCount: number;
	claimHours: number;
	claimExpiresAt: Date | null;
	cancelRequestedAt: Date | null;
	requireVerified: boolean;
}): TaskFacts => ({
	status: task.status,
	requesterId: task.requesterId,
	claimantId: task.claimantId,
	bounty: task.bounty,
	reworkCount: task.reworkCount,
	claimHours: task.claimHours,
	claimExpiresAt: task.claimExpiresAt,
	cancelRequested: task.cancelRequestedAt !== null,
	requireVerified: task.requireVerified
});

const REFUSAL_MESSAGES: Record<Refusal, string> = {
	taken: 'Someone else has already taken this task.',
	own_task: 'You cannot claim a task you posted.',
	not_open: 'This task is no longer open.',
	not_verified: 'This task is open to verified workers only: verify your identity first.',
	not_claimant: 'Only the worker who holds this task can do this.',
	not_requester: 'Only the requester of this task can do this.',
	not_participant: 'Only the requester or the worker holding this task can do this.',
	not_admin: 'Only platform admins may do this.',
	not_system: 'Only the platform itself does this, on a timer.',
	not_due: 'It is not time for this yet.',
	claim_lapsed: 'Your claim on this task ran out before the handover arrived.',
	needs_consent:
		'A claimed task can be cancelled only with the worker’s consent: ask them, or open a dispute.',
	already_requested: 'A cancellation request is already waiting for the worker.',
	not_requested: 'There is no cancellation request to answer.',
	bad_amount: 'The worker’s part must be between 0 and the whole bounty.',
	own_review: 'Another admin must review or settle this task: you posted it.',
	wrong_status: 'This task is not in a state that allows this.'
};

/** Turns a refusal into the error a caller receives, for events that are not claims. */
export function refusalError(refusal: Refusal): DomainError {
	const forbidden: Refusal[] = [
		'own_task',
		'not_verified',
		'not_claimant',
		'not_requester',
		'not_participant',
		'not_admin',
		'not_system',
		'own_review'
	];
	const code = forbidden.includes(refusal)
		? 'FORBIDDEN'
		: refusal === 'bad_amount'
			? 'BAD_REQUEST'
			: 'CONFLICT';
	return new DomainError(code, `task_${refusal}`, REFUSAL_MESSAGES[refusal]);
}

/** Applies an event to a locked task; throws the refusal as an error. */
export async function applyEvent(
	tx: Tx,
	task: Awaited<ReturnType<typeof lockTask>>,
	event: TaskEvent,
	actor: Actor,
	extra: Prisma.TaskUpdateManyMutationInput = {},
	now: Date = new Date()
) {
	const result = transition(facts(task), event, actor, now);
	if (!result.ok) throw refusalError(result.refusal);
	const { next } = result;
	const updated = await tx.task.updateMany({
		where: { id: task.id, status: task.status },
		data: {
			status: next.status,
			claimantId: next.claimantId,
			reworkCount: next.reworkCount,
			claimExpiresAt: next.claimExpiresAt,
			cancelRequestedAt: next.cancelRequested ? (task.cancelRequestedAt ?? now) : null,
			...extra
		}
	});
	// The row is locked, so this cannot happen unless the lock was not taken: fail loudly.
	if (updated.count !== 1) throw new Error(`Task ${task.id} changed under its lock.`);
	return result;
}

export type ClaimResult =
	{ status: 'claimed' } | { status: 'rejected'; reason: Refusal | 'too_many_claims'; message: string };

/**
 * Claims a task. Exactly one of any number of concurrent claimants wins: all queue on the row lock and
 * each sees the outcome of the one before. Losing is an answer, not an error, so an offline outbox that
 * replays a stale claim can record it and move on.
 */
export async function claim(
	deps: Deps,
	actor: Actor,
	input: { taskId: string; mutationId?: string | undefined }
) {
	return runMutation<ClaimResult>(
		deps.db,
		{ userId: actor.userId, name: 'task.claim', input },
		async (tx) => {
			const task = await lockTask(tx, input.taskId);
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
			await applyEvent(tx, task, event, actor, { claimedAt: now }, now);
			await notify(tx, {
				userId: task.requesterId,
				kind: 'claimed',
				taskId: task.id,
				data: { title: task.title }
			});
			return { status: 'claimed' };
		}
	);
}

/** The worker gives a claim back before handing over; the task is open to others again. */
export async function release(
	deps: Deps,
	actor: Actor,
	input: { taskId: string; mutationId?: string | undefined }
) {
	return runMutation(deps.db, { userId: actor.userId, name: 'task.release', input }, async (tx) => {
		const task = await lockTask(tx, input.taskId);
		await applyEvent(tx, task, { type: 'release' }, actor, { claimedAt: null });
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
export async function update(deps: Deps, actor: Actor, input: UpdateInput) {
	return runMutation(deps.db, { userId: actor.userId, name: 'task.update', input }, async (tx) => {
		const task = await lockTask(tx, input.taskId);
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
			...details,
			...(category ? { category: category.toUpperCase() as TaskCategory } : {})
		});
		return presentPublic(
			await tx.task.findUniqueOrThrow({ where: { id: task.id }, select: publicTaskSelect })
		);
	});
}

/** The requester raises an open task's bounty; the difference moves from their wallet into escrow. */
export async function raiseBounty(
	deps: Deps,
	actor: Actor,
	input: { taskId: string; bounty: bigint; mutationId?: string | undefined }
) {
	return runMutation(deps.db, { userId: actor.userId, name: 'task.raiseBounty', input }, async (tx) => {
		const task = await lockTask(tx, input.taskId);
		const allowed = transition(facts(task), { type: 'edit' }, actor);
		if (!allowed.ok) throw refusalError(allowed.refusal);
		if (input.bounty <= task.bounty) {
			throw new DomainError(
				'BAD_REQUEST',
				'bounty_not_raised',
				'A bounty can only be raised: workers may already be planning around it.'
			);
		}
		await applyEvent(tx, task, { type: 'edit' }, actor, { bounty: input.bounty });
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

/** The whole escrow back to the requester's wallet (once per task: the transfer's key names it). */
async function refundEscrow(tx: Tx, task: { id: string; requesterId: string; currency: string }) {
	const escrow = await escrowAccount(tx, task.id);
	if (escrow.balance === 0n) return;
	await transfer(tx, {
		key: `refund:${task.id}`,
		code: 'REFUND',
		amount: escrow.balance,
		currency: task.currency,
		from: escrow,
		to: await walletAccount(tx, task.requesterId, task.currency),
		taskId: task.id
	});
}

type TaskInput = { taskId: string; mutationId?: string | undefined };

/**
 * The requester cancels an open task; the whole escrow goes back to their wallet. A claimed task is
 * refused (`task_needs_consent`): ask the worker with requestCancel.
 */
export async function cancel(deps: Deps, actor: Actor, input: TaskInput) {
	return runMutation(deps.db, { userId: actor.userId, name: 'task.cancel', input }, async (tx) => {
		const task = await lockTask(tx, input.taskId);
		await applyEvent(tx, task, { type: 'cancel' }, actor);
		await refundEscrow(tx, task);
		return { id: task.id, status: 'CANCELLED' as const };
	});
}

/** The requester asks the worker holding the task to agree to cancel it. */
export async function requestCancel(deps: Deps, actor: Actor, input: TaskInput) {
	return runMutation(deps.db, { userId: actor.userId, name: 'task.requestCancel', input }, async (tx) => {
		const task = await lockTask(tx, input.taskId);
		const now = new Date();
		await applyEvent(tx, task, { type: 'request_cancel' }, actor, {}, now);
		if (task.claimantId) {
			await notify(tx, {
				userId: task.claimantId,
				kind: 'cancel_requested',
				taskId: task.id,
				data: { title: task.title }
			});
		}
		return { id: task.id, status: task.status, cancelRequestedAt: now };
	});
}

/** The worker agrees to the requester's cancellation: the task is cancelled, the escrow refunded in full. */
export async function consentCancel(deps: Deps, actor: Actor, input: TaskInput) {
	return runMutation(deps.db, { userId: actor.userId, name: 'task.consentCancel', input }, async (tx) => {
		const task = await lockTask(tx, input.taskId);
		await applyEvent(tx, task, { type: 'consent_cancel' }, actor);
		await refundEscrow(tx, task);
		await notify(tx, {
			userId: task.requesterId,
			kind: 'cancelled',
			taskId: task.id,
			data: { title: task.title, refund: task.bounty, currency: task.currency }
		});
		return { id: task.id, status: 'CANCELLED' as const };
	});
}

/** The worker keeps the task: the cancellation request is withdrawn and the claim runs on. */
export async function declineCancel(deps: Deps, actor: Actor, input: TaskInput) {
	return runMutation(deps.db, { userId: actor.userId, name: 'task.declineCancel', input }, async (tx) => {
		const task = await lockTask(tx, input.taskId);
		await applyEvent(tx, task, { type: 'decline_cancel' }, actor);
		await notify(tx, {
			userId: task.requesterId,
			kind: 'cancel_declined',
			taskId: task.id,
			data: { title: task.title }
		});
		return { id: task.id, status: task.status, cancelRequestedAt: null };
	});
}

/**
 * My tasks as requester and as worker, newest first; a claimed task carries its deadline. `lapsed` lists
 * the tasks whose claim ran out on me lately (they are open to others again).
 */
export async function myTasks(db: Db, actor: Actor) {
	const [posted, claimed, lapses] = await Promise.all([
		db.task.findMany({
			where: { requesterId: actor.userId },
			orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
			take: 100,
			select: feedItemSelect
		}),
		db.task.findMany({
			where: { claimantId: actor.userId },
			orderBy: [{ claimedAt: 'desc' }, { id: 'desc' }],
			take: 100,
			select: { ...feedItemSelect, claimExpiresAt: true, cancelRequestedAt: true }
		}),
		db.claimLapse.findMany({
			where: { workerId: actor.userId },
			orderBy: [{ expiredAt: 'desc' }, { id: 'desc' }],
			take: 20,
			select: { expiredAt: true, task: { select: feedItemSelect } }
		})
	]);
	const present = <T extends { category: TaskCategory }>(
		t: T
	): Omit<T, 'category'> & { category: Lowercase<TaskCategory> } => ({
		...t,
		category: toApiCategory(t.category)
	});
	// One line per task, and none for a task I hold again.
	const shown = new Set(claimed.map((t) => t.id));
	const lapsed = lapses.filter((l) => !shown.has(l.task.id) && shown.add(l.task.id));
	return {
		posted: posted.map(present),
		claimed: claimed.map(present),
		lapsed: lapsed.map((l) => ({ ...present(l.task), expiredAt: l.expiredAt }))
	};
}
