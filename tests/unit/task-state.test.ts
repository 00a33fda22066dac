import { describe, expect, it } from 'vitest';
import {
	transition,
	TASK_STATUSES,
	type TaskEvent,
	type TaskFacts,
	type TaskStatus
} from '$lib/domain/task-state';

const requester = { userId: 'requester', isAdmin: false };
const worker = { userId: 'worker', isAdmin: false };
const stranger = { userId: 'stranger', isAdmin: false };
const admin = { userId: 'admin', isAdmin: true };

const task = (status: TaskStatus, claimantId: string | null = null): TaskFacts => ({
	status,
	requesterId: requester.userId,
	claimantId,
	bounty: 10_000n,
	reworkCount: 0,
	claimHours: 48,
	claimExpiresAt: null,
	cancelRequested: false,
	requireVerified: false
});
const held = (status: TaskStatus) => task(status, worker.userId);

describe('legal transitions', () => {
	it('claim: OPEN → CLAIMED by the claimant, no money moves', () => {
		expect(transition(task('OPEN'), { type: 'claim', workerVerified: false }, worker)).toEqual({
			ok: true,
			next: held('CLAIMED'),
			effects: []
		});
	});

	it('submit: CLAIMED → SUBMITTED by the worker who holds it', () => {
		expect(transition(held('CLAIMED'), { type: 'submit' }, worker)).toMatchObject({
			ok: true,
			next: { status: 'SUBMITTED', claimantId: 'worker' }
		});
	});

	it('approve: SUBMITTED → COMPLETED by an admin, releasing the escrow', () => {
		expect(transition(held('SUBMITTED'), { type: 'approve' }, admin)).toEqual({
			ok: true,
			next: held('COMPLETED'),
			effects: [{ type: 'release_to_worker' }]
		});
	});

	it('reject: SUBMITTED → CLAIMED (same worker) with one more rework round', () => {
		expect(transition(held('SUBMITTED'), { type: 'reject', maxReworkRounds: 2 }, admin)).toEqual({
			ok: true,
			next: { ...held('CLAIMED'), reworkCount: 1 },
			effects: []
		});
	});

	it('cancel: OPEN → CANCELLED by the requester, refunding the escrow', () => {
		expect(transition(task('OPEN'), { type: 'cancel' }, requester)).toEqual({
			ok: true,
			next: task('CANCELLED'),
			effects: [{ type: 'refund_requester' }]
		});
	});
});

describe('release and edit', () => {
	it('release: CLAIMED → OPEN by the worker holding it, nobody holds it after', () => {
		expect(transition(held('CLAIMED'), { type: 'release' }, worker)).toEqual({
			ok: true,
			next: task('OPEN'),
			effects: []
		});
	});

	it('edit: the requester, while OPEN, changes nothing in the lifecycle', () => {
		expect(transition(task('OPEN'), { type: 'edit' }, requester)).toEqual({
			ok: true,
			next: task('OPEN'),
			effects: []
		});
	});
});

describe('refusals', () => {
	it.each<[string, TaskFacts, TaskEvent, typeof worker, string]>([
		['own task', task('OPEN'), { type: 'claim', workerVerified: false }, requester, 'own_task'],
		['already claimed', held('CLAIMED'), { type: 'claim', workerVerified: false }, stranger, 'taken'],
		['already submitted', held('SUBMITTED'), { type: 'claim', workerVerified: false }, stranger, 'taken'],
		['completed', held('COMPLETED'), { type: 'claim', workerVerified: false }, stranger, 'not_open'],
		['cancelled', task('CANCELLED'), { type: 'claim', workerVerified: false }, stranger, 'not_open'],
		['submit by another worker', held('CLAIMED'), { type: 'submit' }, stranger, 'not_claimant'],
		['submit twice', held('SUBMITTED'), { type: 'submit' }, worker, 'wrong_status'],
		['approve by a user', held('SUBMITTED'), { type: 'approve' }, requester, 'not_admin'],
		['approve before hand-over', held('CLAIMED'), { type: 'approve' }, admin, 'wrong_status'],
		['reject by the worker', held('SUBMITTED'), { type: 'reject', maxReworkRounds: 2 }, worker, 'not_admin'],
		['reject twice', held('COMPLETED'), { type: 'reject', maxReworkRounds: 2 }, admin, 'wrong_status'],
		['cancel by a stranger', task('OPEN'), { type: 'cancel' }, stranger, 'not_requester'],
		['cancel by an admin (not in this slice)', task('OPEN'), { type: 'cancel' }, admin, 'not_requester'],
		['cancel a claimed task', held('CLAIMED'), { type: 'cancel' }, requester, 'wrong_status'],
		['release by someone else', held('CLAIMED'), { type: 'release' }, stranger, 'not_claimant'],
		['release after handing over', held('SUBMITTED'), { type: 'release' }, worker, 'wrong_status'],
		['edit by a stranger', task('OPEN'), { type: 'edit' }, stranger, 'not_requester'],
		['edit a claimed task', held('CLAIMED'), { type: 'edit' }, requester, 'wrong_status']
	])('%s', (_name, facts, event, actor, refusal) => {
		expect(transition(facts, event, actor)).toEqual({ ok: false, refusal });
	});

	it('no event leaves COMPLETED or CANCELLED', () => {
		const events: TaskEvent['type'][] = ['claim', 'release', 'submit', 'approve', 'reject', 'cancel', 'edit'];
		for (const status of ['COMPLETED', 'CANCELLED'] as const) {
			for (const type of events) {
				for (const actor of [requester, worker, stranger, admin]) {
					expect(transition(held(status), { type }, actor).ok).toBe(false);
				}
			}
		}
		expect(TASK_STATUSES).toHaveLength(5);
	});
});
