// The post form's draft keeps the claim terms (hours to hand over, verified workers only) with the rest,
// and reads older or damaged drafts without failing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAFT_KEY, emptyDraft, loadDraft, saveDraft } from '../../src/routes/post/draft';

const store = new Map<string, string>();
beforeEach(() => {
	store.clear();
	Object.assign(globalThis, {
		localStorage: {
			getItem: (key: string) => store.get(key) ?? null,
			setItem: (key: string, value: string) => void store.set(key, value),
			removeItem: (key: string) => void store.delete(key)
		}
	});
});
afterEach(() => {
	delete (globalThis as { localStorage?: unknown }).localStorage;
});

describe('post draft', () => {
	it('round-trips the hand-over hours and the verified-only choice', () => {
		const draft = { ...emptyDraft(), title: 'Fix the tap', claimHours: '12', requireVerified: true };
		saveDraft(draft);
		expect(loadDraft()).toEqual(draft);
	});

	it('reads a draft saved before these fields existed, and ignores values of the wrong type', () => {
		store.set(DRAFT_KEY, JSON.stringify({ title: 'Old draft', bounty: '50' }));
		expect(loadDraft()).toEqual({ ...emptyDraft(), title: 'Old draft', bounty: '50' });
		store.set(DRAFT_KEY, JSON.stringify({ claimHours: 12, requireVerified: 'yes' }));
		expect(loadDraft()).toMatchObject({ claimHours: '', requireVerified: false });
	});
});
