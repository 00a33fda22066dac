// Presentation helpers shared by server rendering and the browser: money, dates and the labels of
// categories and statuses, all in the current language. Dates are shown and entered in the platform's
// time zone (China Standard Time, no daylight saving), so a phone set to another zone, or the server's
// zone during rendering, cannot shift a task's time window.
import { isSaneInstant } from '$lib/domain/bounds';
import type { DisputeOpener } from '$lib/domain/disputes';
import { formatMoney } from '$lib/domain/money';
import type { TaskCategory } from '$lib/domain/schemas/task';
import type { TaskStatus } from '$lib/domain/task-state';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';

export const PLATFORM_TIME_ZONE = 'Asia/Shanghai';
const PLATFORM_OFFSET = '+08:00';

export const money = (minor: bigint, currency: string) => formatMoney(minor, currency, getLocale());

/** A currency's name in the user's language with its code: "人民币 (CNY)", "Chinese Yuan (CNY)". */
export function currencyName(code: string): string {
	const name = new Intl.DisplayNames(getLocale(), { type: 'currency' }).of(code);
	return name && name !== code ? `${name} (${code})` : code;
}

const dateTimeFormat = () =>
	new Intl.DateTimeFormat(getLocale(), {
		timeZone: PLATFORM_TIME_ZONE,
		month: 'short',
		day: 'numeric',
		weekday: 'short',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	});

export const dateTime = (date: Date) => dateTimeFormat().format(date);

const dayKey = (date: Date) => date.toLocaleDateString('en-CA', { timeZone: PLATFORM_TIME_ZONE });
const timeOfDay = (date: Date) =>
	new Intl.DateTimeFormat(getLocale(), {
		timeZone: PLATFORM_TIME_ZONE,
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).format(date);

/** A task's time window in words: a range, an open end, or "any time". */
export function timeWindow(startsAt: Date | null, endsAt: Date | null): string {
	if (startsAt && endsAt) {
		// Intl's formatRange shortens Chinese dates to "12/1", so ranges are put together here.
		return dayKey(startsAt) === dayKey(endsAt)
			? `${dateTime(startsAt)}–${timeOfDay(endsAt)}`
			: `${dateTime(startsAt)} – ${dateTime(endsAt)}`;
	}
	if (startsAt) return m.window_from({ start: dateTime(startsAt) });
	if (endsAt) return m.window_until({ end: dateTime(endsAt) });
	return m.window_any_time();
}

/** Reads a datetime-local value ("2026-03-05T09:30") as platform time; null when empty or invalid. */
export function parsePlatformDateTime(value: string): Date | null {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
	const date = new Date(`${value}:00${PLATFORM_OFFSET}`);
	return isSaneInstant(date) ? date : null;
}

/** How far away, in the current language: "1.2 km away", "距离 12 公里". */
export const distanceAway = (km: number) =>
	m.task_distance({
		km: new Intl.NumberFormat(getLocale(), { maximumFractionDigits: km < 10 ? 1 : 0 }).format(km)
	});

export const formatFileSize = (bytes: number) =>
	bytes < 1024 * 1024
		? m.file_size_kib({ size: Math.max(1, Math.round(bytes / 1024)) })
		: m.file_size_mib({ size: (bytes / (1024 * 1024)).toFixed(1) });

const CATEGORY_LABELS: Record<TaskCategory, () => string> = {
	engineering: m.category_engineering,
	errand: m.category_errand,
	household: m.category_household,
	tutoring: m.category_tutoring,
	other: m.category_other
};
export function categoryLabel(category: TaskCategory): string {
	return CATEGORY_LABELS[category]();
}

/** Photo types the browser shows inline (the ones the server stores as images). */
export const isImage = (mimeType: string): boolean => /^image\/(jpeg|png|webp|avif)$/.test(mimeType);

/** Who opened a dispute, in words. */
export const openerLabel = (who: DisputeOpener): string =>
	who === 'requester'
		? m.dispute_opened_by_requester()
		: who === 'worker'
			? m.dispute_opened_by_worker()
			: m.dispute_opened_by_platform();

export type Badge = 'open' | 'yours' | 'taken' | 'submitted' | 'completed' | 'cancelled' | 'disputed';

/** The badge a viewer sees: a claimed task is "yours" to its worker and "taken" to everyone else. */
export function badgeFor(status: TaskStatus, isClaimant: boolean): Badge {
	switch (status) {
		case 'OPEN':
			return 'open';
		case 'CLAIMED':
			return isClaimant ? 'yours' : 'taken';
		case 'SUBMITTED':
			return 'submitted';
		case 'COMPLETED':
			return 'completed';
		case 'CANCELLED':
			return 'cancelled';
		case 'DISPUTED':
			return 'disputed';
	}
}

const BADGE_LABELS: Record<Badge, () => string> = {
	open: m.status_open,
	yours: m.status_yours,
	taken: m.status_taken,
	submitted: m.status_submitted,
	completed: m.status_completed,
	cancelled: m.status_cancelled,
	disputed: m.status_disputed
};
export function badgeLabel(badge: Badge): string {
	return BADGE_LABELS[badge]();
}
