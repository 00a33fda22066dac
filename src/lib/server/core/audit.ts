// The audit log: every admin action, written in the same transaction as its effect, with the state of
// what it changed before and after. Entries are never updated or deleted.
import type { Actor } from './actor';
import type { Tx } from '../db';
import { toAuditJson } from './json';

export interface AuditRecord {
	/** The procedure, e.g. "admin.resolveDispute". */
	action: string;
	targetType:
		'task' | 'handover' | 'dispute' | 'user' | 'withdrawal' | 'deposit' | 'verification' | 'settings';
	targetId: string;
	before?: unknown;
	after?: unknown;
}

export async function audit(tx: Tx, actor: Actor, record: AuditRecord): Promise<void> {
	await tx.auditEntry.create({
		data: {
			actorId: actor.userId,
			action: record.action,
			targetType: record.targetType,
			targetId: record.targetId,
			before: record.before === undefined ? undefined : (toAuditJson(record.before) as object),
			after: record.after === undefined ? undefined : (toAuditJson(record.after) as object)
		}
	});
}
