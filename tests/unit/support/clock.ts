// A clock the test moves by hand: timers run only when `advance` passes their time.
import type { Clock } from '$lib/client/backoff';

export class ManualClock implements Clock {
	#now = 0;
	#next = 1;
	readonly #timers = new Map<number, { at: number; run: () => void }>();

	now(): number {
		return this.#now;
	}

	setTimeout(run: () => void, ms: number): unknown {
		const id = this.#next++;
		this.#timers.set(id, { at: this.#now + ms, run });
		return id;
	}

	clearTimeout(timer: unknown): void {
		this.#timers.delete(timer as number);
	}

	/** The delays of the timers now pending, from now. */
	pending(): number[] {
		return [...this.#timers.values()].map((t) => t.at - this.#now).sort((a, b) => a - b);
	}

	/** Moves time on, running every timer that falls due, in order. */
	advance(ms: number): void {
		const until = this.#now + ms;
		for (;;) {
			const due = [...this.#timers.entries()]
				.filter(([, t]) => t.at <= until)
				.sort(([, a], [, b]) => a.at - b.at)[0];
			if (!due) break;
			this.#timers.delete(due[0]);
			this.#now = due[1].at;
			due[1].run();
		}
		this.#now = until;
	}
}
