// What every admin page does around an action: one action at a time (buttons disabled meanwhile, and
// until the page is interactive), the
// page's data reloaded after it, its outcome announced in one polite status line, and the reason an
// action needs checked before anything is sent (focus moves to the field that is wrong).
import { invalidateAll } from '$app/navigation';
import { errorMessage } from '$lib/client/errors';
import { Hydration } from '$lib/ui/hydration.svelte';

export interface Notice {
	tone: 'ok' | 'error';
	text: string;
}

export class AdminActions {
	notice = $state<Notice | null>(null);
	/** The id of the item being acted on, or null. */
	busy = $state<string | null>(null);
	/** The reason typed for each item, by item id. */
	reasons = $state<Record<string, string>>({});
	reasonErrors = $state<Record<string, string | undefined>>({});
	readonly #hydration = new Hydration();

	/** Whether the page is interactive (its handlers attached). */
	get ready(): boolean {
		return this.#hydration.ready;
	}

	/** Whether a button may start an action now: the page is interactive and nothing else is running. */
	get idle(): boolean {
		return this.busy === null && this.#hydration.ready;
	}

	/** Runs `work` for the item and announces its answer; refreshes the page's data on success. */
	async run(id: string, work: () => Promise<string>): Promise<boolean> {
		this.busy = id;
		this.notice = null;
		try {
			const text = await work();
			await invalidateAll();
			this.notice = { tone: 'ok', text };
			return true;
		} catch (error) {
			this.notice = { tone: 'error', text: errorMessage(error) };
			return false;
		} finally {
			this.busy = null;
		}
	}

	/**
	 * The item's reason, trimmed, when it has `min`…`max` characters; otherwise null, with `message` shown
	 * under the field `fieldId` and the focus on it.
	 */
	reason(id: string, fieldId: string, message: string, { min = 3, max = 500 } = {}): string | null {
		const reason = (this.reasons[id] ?? '').trim();
		if (reason.length < min || reason.length > max) {
			this.reasonErrors[id] = message;
			document.getElementById(fieldId)?.focus();
			return null;
		}
		this.reasonErrors[id] = undefined;
		return reason;
	}

	/** Forgets an item's reason once its action is done. */
	clearReason(id: string): void {
		delete this.reasons[id];
	}
}
