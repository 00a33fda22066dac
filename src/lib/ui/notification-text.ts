// Each notification kind as one sentence in the current language. `data` is what the writer recorded
// (docs/API.md, "Notification data"): amounts as decimal strings of minor units (with `currency`),
// `reason`, `verified`, `score`, `workerAmount`/`requesterAmount`. A missing field gives the plainer
// sentence, never a broken one.
import { DEFAULT_CURRENCY } from '$lib/domain/money';
import type { NotificationKind } from '$lib/domain/notifications';
import { m } from '$lib/paraglide/messages.js';
import { money } from './format';

export interface NotificationLike {
	kind: NotificationKind | string;
	data: Record<string, unknown> | null;
	task: { title: string } | null;
}

const minor = (value: unknown): bigint | null =>
	typeof value === 'string' && /^\d{1,15}$/.test(value)
		? BigInt(value)
		: typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
			? BigInt(value)
			: null;

const text = (value: unknown): string | null =>
	typeof value === 'string' && value.trim() ? value.trim() : null;

/** The sentence itself, without the reason. */
function sentence(n: NotificationLike): string {
	const data = n.data ?? {};
	const task = n.task ? `“${n.task.title}”` : m.notif_a_task();
	const currency = text(data.currency) ?? DEFAULT_CURRENCY;
	const amountOf = (key: string) => {
		const value = minor(data[key]);
		return value === null ? null : money(value, currency);
	};
	const amount = amountOf('amount');
	switch (n.kind as NotificationKind) {
		case 'claimed':
			return m.notif_claimed({ task });
		case 'released':
			return m.notif_released({ task });
		case 'lapsed':
			return m.notif_lapsed({ task });
		case 'claim_lapsing':
			return m.notif_claim_lapsing({ task });
		case 'handed_over':
			return m.notif_handed_over({ task });
		case 'confirmed':
			return m.notif_confirmed({ task });
		case 'objected':
			return m.notif_objected({ task });
		case 'approved':
			return m.notif_approved({ task });
		case 'rejected':
			return m.notif_rejected({ task });
		case 'disputed':
			return m.notif_disputed({ task });
		case 'resolved': {
			const worker = amountOf('workerAmount');
			const requester = amountOf('requesterAmount');
			return worker && requester
				? m.notif_resolved_amounts({ task, worker, requester })
				: m.notif_resolved({ task });
		}
		case 'cancel_requested':
			return m.notif_cancel_requested({ task });
		case 'cancel_declined':
			return m.notif_cancel_declined({ task });
		case 'cancelled':
			return m.notif_cancelled({ task });
		case 'paid':
			return amount ? m.notif_paid_amount({ task, amount }) : m.notif_paid({ task });
		case 'deposit_confirmed':
			return amount ? m.notif_deposit_confirmed_amount({ amount }) : m.notif_deposit_confirmed();
		case 'withdrawal_paid':
			return amount ? m.notif_withdrawal_paid_amount({ amount }) : m.notif_withdrawal_paid();
		case 'withdrawal_refused':
			return amount ? m.notif_withdrawal_refused_amount({ amount }) : m.notif_withdrawal_refused();
		case 'verification_decided':
			return data.verified === true
				? m.notif_verification_approved()
				: data.verified === false
					? m.notif_verification_refused()
					: m.notif_verification_decided();
		case 'message':
			return m.notif_message({ task });
		case 'rated': {
			const score = typeof data.score === 'number' ? data.score : null;
			return score ? m.notif_rated_score({ task, score: String(score) }) : m.notif_rated({ task });
		}
		default:
			// A kind this build does not know yet (a newer server): say at least which task it is about.
			return n.task ? `${n.task.title}` : String(n.kind);
	}
}

/** The whole text: the sentence, then the reason when one was given. */
export function notificationText(n: NotificationLike): string {
	const reason = text(n.data?.reason);
	const main = sentence(n);
	return reason ? `${main} ${m.notif_reason({ reason })}` : main;
}
