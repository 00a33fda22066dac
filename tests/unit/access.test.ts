// The access module's plain checks: who takes part in a task, who sees its disputes, the admin checks of
// services and pages. The procedures that use them are covered end to end by the access matrix
// (tests/integration/access-matrix.test.ts).
import { describe, expect, it } from 'vitest';
import { DomainError } from '$lib/domain/errors';
import { assertAdmin } from '$lib/server/access/admin';
import { requireAdminPage, requireUserPage } from '$lib/server/access/pages';
import { assertParticipant, canSeeDispute, isParticipant } from '$lib/server/access/tasks';

const requester = { userId: 'requester', isAdmin: false };
const worker = { userId: 'worker', isAdmin: false };
const stranger = { userId: 'stranger', isAdmin: false };
const admin = { userId: 'admin', isAdmin: true };
const claimed = { status: 'CLAIMED', requesterId: 'requester', claimantId: 'worker' };
const open = { status: 'OPEN', requesterId: 'requester', claimantId: null };

describe('task participants', () => {
	it('are the requester, the worker holding it and admins; nobody else', () => {
		expect([requester, worker, admin, stranger].map((a) => isParticipant(claimed, a))).toEqual([
			true,
			true,
			true,
			false
		]);
		expect([requester, worker, admin].map((a) => isParticipant(open, a))).toEqual([true, false, true]);
	});

	it('a dispute is seen by exactly its participants', () => {
		for (const actor of [requester, worker, admin, stranger]) {
			expect(canSeeDispute(claimed, actor)).toBe(isParticipant(claimed, actor));
		}
		expect(canSeeDispute(open, worker)).toBe(false);
	});

	it('assertParticipant refuses others as FORBIDDEN with the key of what they may not see', () => {
		expect(() => assertParticipant(claimed, worker, 'messages')).not.toThrow();
		const refused = (what: 'messages' | 'disputes') => {
			try {
				assertParticipant(claimed, stranger, what);
			} catch (error) {
				return error;
			}
			throw new Error('not refused');
		};
		expect(refused('messages')).toMatchObject({ code: 'FORBIDDEN', key: 'message_not_participant' });
		expect(refused('disputes')).toMatchObject({ code: 'FORBIDDEN', key: 'task_not_participant' });
		expect(refused('disputes')).toBeInstanceOf(DomainError);
	});
});

describe('admin checks', () => {
	it('services: assertAdmin lets admins through and refuses everyone else with admin_only', () => {
		expect(() => assertAdmin(admin)).not.toThrow();
		expect(() => assertAdmin(requester)).toThrow(
			expect.objectContaining({ code: 'FORBIDDEN', key: 'admin_only' })
		);
	});

	const event = (user: { isAdmin: boolean } | null, path = '/admin/review?tab=1') => ({
		locals: { user: user && { id: 'u', displayName: 'U', email: 'u@example.com', ...user } },
		url: new URL(`http://localhost${path}`)
	});
	const thrown = (run: () => unknown) => {
		try {
			run();
		} catch (error) {
			return error;
		}
		throw new Error('nothing thrown');
	};

	it('pages: signed out goes to sign-in and comes back to the same page', () => {
		expect(thrown(() => requireUserPage(event(null) as never))).toMatchObject({
			status: 303,
			location: '/login?next=%2Fadmin%2Freview%3Ftab%3D1'
		});
		expect(requireUserPage(event({ isAdmin: false }) as never)).toMatchObject({ id: 'u' });
	});

	it('pages: a signed-in non-admin gets 403 on an admin page; an admin passes', () => {
		expect(thrown(() => requireAdminPage(event({ isAdmin: false }) as never))).toMatchObject({
			status: 403,
			body: { key: 'admin_only' }
		});
		expect(requireAdminPage(event({ isAdmin: true }) as never)).toMatchObject({ isAdmin: true });
	});
});
