// Turns whatever an API call threw into one sentence in the user's language. The server names each
// failure with a stable `data.key`; unknown keys fall back to the server's (English) message.
import { TRPCClientError } from '@trpc/client';
import { m } from '$lib/paraglide/messages.js';

const messages: Record<string, () => string> = {
	admin_only: m.error_admin_only,
	already_rated: m.error_already_rated,
	already_suspended: m.error_already_suspended,
	already_verified: m.error_already_verified,
	bad_chunk_size: m.error_bad_chunk_size,
	bad_credentials: m.error_bad_credentials,
	bad_cursor: m.error_bad_cursor,
	bounty_not_raised: m.error_bounty_not_raised,
	cannot_suspend_self: m.error_cannot_suspend_self,
	checksum_mismatch: m.error_checksum_mismatch,
	chunk_past_end: m.error_chunk_past_end,
	deposit_already_decided: m.error_deposit_already_decided,
	deposit_reference_used: m.error_deposit_reference_used,
	dispute_already_open: m.error_dispute_already_open,
	dispute_already_resolved: m.error_dispute_already_resolved,
	email_taken: m.error_email_taken,
	empty_file: m.error_empty_file,
	file_too_large: m.error_file_too_large,
	files_not_yours: m.error_files_not_yours,
	forbidden: m.error_forbidden,
	handover_already_reviewed: m.error_handover_already_reviewed,
	insecure_context: m.error_insecure_context,
	insufficient_funds: m.error_insufficient_funds,
	internal: m.error_internal,
	invalid_input: m.error_invalid_input,
	message_not_participant: m.error_message_not_participant,
	mutation_id_reused: m.error_mutation_id_reused,
	mutation_reused: m.error_mutation_reused,
	network: m.error_network,
	not_found: m.error_not_found,
	not_suspended: m.error_not_suspended,
	provider_not_offered: m.error_provider_not_offered,
	rating_not_completed: m.error_rating_not_completed,
	rating_not_participant: m.error_rating_not_participant,
	suspended: m.error_suspended,
	task_already_requested: m.error_task_already_requested,
	task_bad_amount: m.error_task_bad_amount,
	task_claim_lapsed: m.error_task_claim_lapsed,
	task_needs_consent: m.error_task_needs_consent,
	task_not_admin: m.error_task_not_admin,
	task_not_claimant: m.error_task_not_claimant,
	task_not_open: m.error_task_not_open,
	task_not_participant: m.error_task_not_participant,
	task_not_requested: m.error_task_not_requested,
	task_not_requester: m.error_task_not_requester,
	task_not_verified: m.error_task_not_verified,
	task_own_review: m.error_task_own_review,
	task_own_task: m.error_task_own_task,
	task_taken: m.error_task_taken,
	task_wrong_status: m.error_task_wrong_status,
	too_many_login_failures: m.error_too_many_login_failures,
	too_many_pending_deposits: m.error_too_many_pending_deposits,
	too_many_signups: m.error_too_many_signups,
	unauthorized: m.error_unauthorized,
	unavailable: m.error_unavailable,
	unsupported_type: m.error_unsupported_type,
	upload_incomplete: m.error_upload_incomplete,
	upload_quota_exceeded: m.error_upload_quota_exceeded,
	upload_rate_exceeded: m.error_upload_rate_exceeded,
	upload_unattached_exceeded: m.error_upload_unattached_exceeded,
	verification_already_decided: m.error_verification_already_decided,
	verification_pending: m.error_verification_pending,
	withdrawal_already_decided: m.error_withdrawal_already_decided,
	withdrawal_below_fee: m.error_withdrawal_below_fee,
	withdrawal_below_minimum: m.error_withdrawal_below_minimum,
	withdrawal_fee_not_below_minimum: m.error_withdrawal_fee_not_below_minimum,
	wrong_offset: m.error_wrong_offset
};

/** A failure found in the browser before or between API calls, with a key like the server's. */
export class ClientError extends Error {
	readonly key: string;

	constructor(key: string, message: string) {
		super(message);
		this.name = 'ClientError';
		this.key = key;
	}
}

export interface InputIssue {
	path: string[];
	message: string;
}

interface ErrorData {
	key?: unknown;
	code?: unknown;
	issues?: unknown;
}

const dataOf = (error: unknown): ErrorData | null =>
	error instanceof TRPCClientError && typeof error.data === 'object' && error.data !== null
		? (error.data as ErrorData)
		: null;

/** The error's stable key: the server's `data.key`, else one derived from the tRPC code; 'network' when no answer came. */
export function errorKey(error: unknown): string | null {
	if (error instanceof ClientError) return error.key;
	const data = dataOf(error);
	if (typeof data?.key === 'string') return data.key;
	if (data?.code === 'UNAUTHORIZED') return 'unauthorized';
	if (data?.code === 'FORBIDDEN') return 'forbidden';
	if (data?.code === 'NOT_FOUND') return 'not_found';
	if (data?.code === 'INTERNAL_SERVER_ERROR') return 'internal';
	// No error body at all: the request never got an answer from the API.
	if (error instanceof TRPCClientError && !error.data && !error.shape) return 'network';
	if (error instanceof TypeError) return 'network';
	return null;
}

/** Input problems the server found, by field (the first segment of each issue's path). */
export function inputIssues(error: unknown): InputIssue[] {
	const issues = dataOf(error)?.issues;
	if (!Array.isArray(issues)) return [];
	return issues.filter(
		(issue): issue is InputIssue =>
			typeof issue === 'object' &&
			issue !== null &&
			Array.isArray(issue.path) &&
			typeof issue.message === 'string'
	);
}

/** A localised sentence for a key, or null when there is no message for it. */
export function messageForKey(key: string | null | undefined): string | null {
	const message = key ? messages[key] : undefined;
	return message ? message() : null;
}

export function errorMessage(error: unknown): string {
	const localised = messageForKey(errorKey(error));
	if (localised) return localised;
	if (error instanceof Error && error.message) return error.message;
	return m.error_unknown();
}
