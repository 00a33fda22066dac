// The task form's draft in localStorage, so a closed tab or a dropped connection does not lose a long
// description. Only plain strings (and the one yes/no choice) are stored; anything unreadable is ignored.
export const DRAFT_KEY = 'jiedan:post-draft';

export interface PostDraft {
	title: string;
	description: string;
	category: string;
	address: string;
	lat: string;
	lng: string;
	startsAt: string;
	endsAt: string;
	conditions: string;
	bounty: string;
	/** Hours a worker has to hand over after claiming; empty for the platform's default. */
	claimHours: string;
	requireVerified: boolean;
}

export const emptyDraft = (): PostDraft => ({
	title: '',
	description: '',
	category: '',
	address: '',
	lat: '',
	lng: '',
	startsAt: '',
	endsAt: '',
	conditions: '',
	bounty: '',
	claimHours: '',
	requireVerified: false
});

export function loadDraft(): PostDraft | null {
	try {
		const raw = localStorage.getItem(DRAFT_KEY);
		if (!raw) return null;
		const parsed: unknown = JSON.parse(raw);
		if (typeof parsed !== 'object' || parsed === null) return null;
		const draft = emptyDraft();
		const values = parsed as Record<string, unknown>;
		for (const key of Object.keys(draft) as (keyof PostDraft)[]) {
			const value = values[key];
			if (key === 'requireVerified') draft.requireVerified = value === true;
			else if (typeof value === 'string') draft[key] = value;
		}
		return draft;
	} catch {
		return null;
	}
}

export function saveDraft(draft: PostDraft): void {
	try {
		localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
	} catch {
		// Private mode or a full quota: the form still works, it just is not kept.
	}
}

export function clearDraft(): void {
	try {
		localStorage.removeItem(DRAFT_KEY);
	} catch {
		// As above.
	}
}
