// A claim's deadline in words: how long is left, rounded down to the minute, in the current language.
import { m } from '$lib/paraglide/messages.js';

const MINUTE = 60_000;

/** "2 d 5 h", "3 h 20 min", "12 min"; null once the deadline has passed. */
export function timeLeft(deadline: Date, now: number): string | null {
	if (deadline.getTime() <= now) return null;
	const minutes = Math.floor((deadline.getTime() - now) / MINUTE);
	const hours = Math.floor(minutes / 60);
	if (hours >= 24) return m.duration_days_hours({ days: Math.floor(hours / 24), hours: hours % 24 });
	if (hours >= 1) return m.duration_hours_minutes({ hours, minutes: minutes % 60 });
	return m.duration_minutes({ minutes });
}

/** "3 h 20 min left", or "The deadline has passed". */
export const timeLeftText = (deadline: Date, now: number) => {
	const left = timeLeft(deadline, now);
	return left ? m.task_time_left({ time: left }) : m.task_deadline_passed();
};
