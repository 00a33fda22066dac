// Values stored in JSON columns for people to read (audit log, notifications): bigint as a decimal string,
// Date as ISO 8601, everything else as JSON has it.
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function toAuditJson(value: unknown): JsonValue {
	if (value === undefined || value === null) return null;
	if (typeof value === 'bigint') return value.toString();
	if (value instanceof Date) return value.toISOString();
	if (Array.isArray(value)) return value.map(toAuditJson);
	if (typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value as Record<string, unknown>)
				.filter(([, v]) => v !== undefined)
				.map(([k, v]) => [k, toAuditJson(v)])
		);
	}
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
	return String(value);
}
