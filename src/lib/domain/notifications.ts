// What a user is told about, in the notification centre and live on open pages. The UI localises each
// kind; `data` carries what the sentence needs (amounts as strings, reasons).
export const NOTIFICATION_KINDS = [
	'claimed', // requester: a worker claimed your task
	'released', // requester: the worker gave the claim back
	'lapsed', // requester and worker: the claim ran out
	'claim_lapsing', // worker: your claim runs out soon
	'handed_over', // requester: the worker handed over
	'confirmed', // worker: the requester confirmed your handover
	'objected', // worker: the requester objected to your handover
	'approved', // worker and requester: the platform approved the handover
	'rejected', // worker: the platform sent the handover back for rework
	'disputed', // both parties: a dispute was opened
	'resolved', // both parties: the dispute was decided
	'cancel_requested', // worker: the requester asks to cancel
	'cancel_declined', // requester: the worker declined to cancel
	'cancelled', // worker (if any) and requester: the task was cancelled
	'paid', // worker: a bounty was paid into your wallet
	'deposit_confirmed', // depositor: money arrived
	'withdrawal_paid', // user: a withdrawal went out
	'withdrawal_refused', // user: a withdrawal was refused (money back)
	'verification_decided', // user: identity verified or refused
	'message', // participants: a new message on a task
	'rated' // user: someone rated you
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
