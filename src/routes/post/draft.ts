// The task form's draft in localStorage, so a closed tab or a dropped connection does not lose a long
// description. Only plain strings are stored; anything unreadable is ignored.
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
	bounty: ''
});

export function loadDraft(): PostDraft | null {
	try {
		const raw = localStorage.getItem(DRAFT_KEY);
		if (!raw) return null;
		const parsed: unknown = JSON.parse(raw);
		if (typeof parsed !== 'object' || parsed === null) return null;
		const draft = emptyDraft();
		for (const key of Object.keys(draft) as (keyof PostDraft)[]) {
			const value = (parsed as Record<string, unknown>)[key];
			if (typeof value === 'string') draft[key] = value;
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
