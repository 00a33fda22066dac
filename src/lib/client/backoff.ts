// When to try again after a failure, shared by the sync runner and the live stream: exponential backoff
// with jitter (between half and all of min × 2^failures, capped), so a crowd of phones coming back online
// does not arrive at the server at once, and a timer that is always the only one pending.

/** The timer functions, injectable so tests can drive time. */
export interface Clock {
	now(): number;
	setTimeout(run: () => void, ms: number): unknown;
	clearTimeout(timer: unknown): void;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
	clearTimeout: (timer) => globalThis.clearTimeout(timer as ReturnType<typeof setTimeout>)
};

export interface BackoffOptions {
	minMs: number;
	maxMs: number;
	clock?: Clock;
	random?: () => number;
}

export class Backoff {
	#failures = 0;
	#timer: unknown;
	readonly #options: Required<BackoffOptions>;

	constructor(options: BackoffOptions) {
		this.#options = {
			minMs: options.minMs,
			maxMs: options.maxMs,
			clock: options.clock ?? systemClock,
			random: options.random ?? Math.random
		};
	}

	get failures(): number {
		return this.#failures;
	}

	/** The wait after one more failure: in [ceiling/2, ceiling], ceiling = min(max, min × 2^failures). */
	nextDelay(): number {
		this.#failures++;
		const { minMs, maxMs, random } = this.#options;
		const ceiling = Math.min(maxMs, minMs * 2 ** this.#failures);
		return ceiling / 2 + (random() * ceiling) / 2;
	}

	/** Counts a failure and runs `retry` after the backoff's wait (replacing any pending timer). */
	retryLater(retry: () => void): number {
		const delay = this.nextDelay();
		this.schedule(retry, delay);
		return delay;
	}

	/** Runs `run` after `ms`, replacing any pending timer (e.g. a poll after a success). */
	schedule(run: () => void, ms: number): void {
		this.cancel();
		this.#timer = this.#options.clock.setTimeout(run, ms);
	}

	/** A success: the next failure starts from the shortest wait again. */
	reset(): void {
		this.#failures = 0;
	}

	cancel(): void {
		if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
		this.#timer = undefined;
	}
}
