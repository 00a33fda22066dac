// The minute's sweep: every timer of the marketplace, each a plain function of `now`.
import { autoReleaseDue } from './auto-release';
import { lapseDueClaims, warnLapsingClaims } from './lapse';
import type { ServiceDeps } from '../core/context';

export interface SweepResult {
	lapsed: number;
	warned: number;
	autoReleased: number;
}

export async function runSweep(deps: ServiceDeps, now: Date = new Date()): Promise<SweepResult> {
	// Lapse first: a claim already past its deadline needs no warning.
	const lapsed = await lapseDueClaims(deps, now);
	const warned = await warnLapsingClaims(deps, now);
	const autoReleased = await autoReleaseDue(deps, now);
	return { lapsed, warned, autoReleased };
}
