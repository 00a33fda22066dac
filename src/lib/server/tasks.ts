// Tasks: publish (bounty into escrow), feed, read, claim, cancel. Every state change locks the task row,
// asks the pure state machine (domain/task-state) whether it is allowed, and applies it with its ledger
// effects in the same transaction.
import { DomainError } from '$lib/domain/errors';
import type { FeedInput, PublishInput, UpdateInput } from '$lib/domain/schemas/task';
import { isHeld, transition, type Refusal, type TaskEvent, type TaskFacts } from '$lib/domain/task-state';
import type { AppConfig } from './config';
import { Prisma, type Db, type Tx } from './db';
import type { TaskCategory, UserKind } from './db/generated/enums';
import { notFound, type Actor } from './actor';
import { createEscrowAccount, escrowAccount, transfer, walletAccount } from './ledger';
import { runMutation } from './mutations';
import { getSettings } from './settings';

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

const toApiCategory = (category: TaskCategory) => category.toLowerCase() as Lowercase<TaskCategory>;

const toApiKind = (kind: UserKind) => kind.toLowerCase() as Lowercase<UserKind>;

function presentPublic(task: Prisma.TaskGetPayload<{ select: typeof publicTaskSelect }>) {
	return {
		...task,
		category: toApiCategory(task.category),
		requester: { ...task.requester, kind: toApiKind(task.requester.kind) }
	};
}

export async function publish(deps: Deps, actor: Actor, input: PublishInput) {
	const { db, config } = deps;
	return runMutation(
		db,
		{ userId: actor.userId, name: 'task.publish', mutationId: input.mutationId },
		async (tx) => {
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
		}
	);
}

type Cursor = { createdAt: Date; id: string };

function encodeCursor(cursor: Cursor): string {
	return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

function decodeCursor(text: string): Cursor {
	try {
		const [createdAt, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
		const date = new Date(createdAt);
		if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('shape');
		return { createdAt: date, id };
	} catch {
		throw new DomainError('BAD_REQUEST', 'bad_cursor', 'This page cursor is not valid.');
	}
}

/** Prisma passes `contains` to LIKE as is: escape its wildcards so "50%" means the text "50%". */
const literal = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Open tasks, newest first. Every search term must appear in the title, description or address. */
export async function feed(db: Db, input: FeedInput) {
	const terms = (input.q ?? '').split(/\s+/).filter(Boolean).slice(0, 8);
	const cursor = input.cursor ? decodeCursor(input.cursor) : null;
	const where: Prisma.TaskWhereInput = {
		status: 'OPEN',
		...(input.category ? { category: input.category.toUpperCase() as TaskCategory } : {}),
		AND: [
			...terms.map((term) => ({
				OR: (['title', 'description', 'address'] as const).map((field) => ({
					[field]: { contains: literal(term), mode: 'insensitive' as const }
				}))
			})),
			...(cursor
				? [
						{
							OR: [
								{ createdAt: { lt: cursor.createdAt } },
								{ createdAt: cursor.createdAt, id: { lt: cursor.id } }
							]
						}
					]
				: [])
		]
	};
	const rows = await db.task.findMany({
		where,
		orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
		take: input.limit + 1,
		select: feedItemSelect
	});
	const page = rows.slice(0, input.limit);
	const last = page.at(-1);
	return {
		items: page.map((task) => ({ ...task, category: toApiCategory(task.category) })),
		nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null
	};
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
		select: { ...viewableTaskSelect, claimedAt: true, reworkCount: true, commissionBps: true }
	});
	if (!task) throw notFound('This task');
	const { claimedAt, reworkCount, commissionBps, ...viewable } = task;
	const base = viewOf(viewable, actor);
	const participant = base.viewer.isRequester || base.viewer.isClaimant || base.viewer.isAdmin;
	const claimantId = task.claimantId;
	if (!participant) return { ...base, private: null };
	const handovers = await db.handover.findMany({
		where: { taskId },
		orderBy: { createdAt: 'desc' },
		select: {
			id: true,
			report: true,
			status: true,
			reviewReason: true,
			reviewedAt: true,
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
			handovers: handovers.map((h) => ({ ...h, files: h.files.map((f) => f.file) }))
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
		'not_system'
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
		{ userId: actor.userId, name: 'task.claim', mutationId: input.mutationId },
		async (tx) => {
			const task = await lockTask(tx, input.taskId);
			// A second claim by the holder (a replay from another device) is not a loss.
			const holding = isHeld(task.status);
			if (holding && task.claimantId === actor.userId) return { status: 'claimed' };
			const worker = await tx.user.findUniqueOrThrow({
				where: { id: actor.userId },
				select: { verifiedAt: true }
			});
			const event = { type: 'claim', workerVerified: worker.verifiedAt !== null } as const;
			const result = transition(facts(task), event, actor);
			if (!result.ok) {
				return { status: 'rejected', reason: result.refusal, message: REFUSAL_MESSAGES[result.refusal] };
			}
			// A worker holds a limited number of tasks at once. Their claims queue on their own row, so two
			// claims sent together cannot both slip under the limit.
			await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${actor.userId}::uuid FOR UPDATE`;
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
			await applyEvent(tx, task, event, actor, { claimedAt: new Date() });
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
	return runMutation(
		deps.db,
		{ userId: actor.userId, name: 'task.release', mutationId: input.mutationId },
		async (tx) => {
			const task = await lockTask(tx, input.taskId);
			await applyEvent(tx, task, { type: 'release' }, actor, { claimedAt: null });
			return { id: task.id, status: 'OPEN' as const };
		}
	);
}

/** The requester changes an open task's details (not its bounty: see raiseBounty). */
export async function update(deps: Deps, actor: Actor, input: UpdateInput) {
	return runMutation(
		deps.db,
		{ userId: actor.userId, name: 'task.update', mutationId: input.mutationId },
		async (tx) => {
			const task = await lockTask(tx, input.taskId);
			const { mutationId: _id, taskId: _task, category, ...details } = input;
			const next = { lat: task.lat ?? undefined, lng: task.lng ?? undefined, ...details };
			if ((next.lat === undefined) !== (next.lng === undefined)) {
				throw new DomainError(
					'BAD_REQUEST',
					'invalid_input',
					'Give both latitude and longitude, or neither.'
				);
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
		}
	);
}

/** The requester raises an open task's bounty; the difference moves from their wallet into escrow. */
export async function raiseBounty(
	deps: Deps,
	actor: Actor,
	input: { taskId: string; bounty: bigint; mutationId?: string | undefined }
) {
	return runMutation(
		deps.db,
		{ userId: actor.userId, name: 'task.raiseBounty', mutationId: input.mutationId },
		async (tx) => {
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
		}
	);
}

/** The requester cancels an open task; the whole escrow goes back to their wallet. */
export async function cancel(
	deps: Deps,
	actor: Actor,
	input: { taskId: string; mutationId?: string | undefined }
) {
	return runMutation(
		deps.db,
		{ userId: actor.userId, name: 'task.cancel', mutationId: input.mutationId },
		async (tx) => {
			const task = await lockTask(tx, input.taskId);
			await applyEvent(tx, task, { type: 'cancel' }, actor);
			const escrow = await escrowAccount(tx, task.id);
			await transfer(tx, {
				key: `refund:${task.id}`,
				code: 'REFUND',
				amount: escrow.balance,
				currency: task.currency,
				from: escrow,
				to: await walletAccount(tx, task.requesterId, task.currency),
				taskId: task.id
			});
			return { id: task.id, status: 'CANCELLED' as const };
		}
	);
}

/** My tasks as requester and as worker, newest first. */
export async function myTasks(db: Db, actor: Actor) {
	const [posted, claimed] = await Promise.all([
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
			select: feedItemSelect
		})
	]);
	const present = (t: (typeof posted)[number]) => ({ ...t, category: toApiCategory(t.category) });
	return { posted: posted.map(present), claimed: claimed.map(present) };
}
