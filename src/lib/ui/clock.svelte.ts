// The current time (epoch milliseconds) for countdowns, refreshed every half minute while the component
// is mounted.
import { onMount } from 'svelte';

export class Clock {
	now = $state(Date.now());

	constructor(intervalMs = 30_000) {
		onMount(() => {
			this.now = Date.now();
			const timer = setInterval(() => (this.now = Date.now()), intervalMs);
			return () => clearInterval(timer);
		});
	}

	/** Reads the time now (e.g. when a new deadline arrives between ticks). */
	refresh(): void {
		this.now = Date.now();
	}
}
