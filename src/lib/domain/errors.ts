// Errors the rules raise. Each carries a transport-neutral code and a stable `key` that the UI maps to a
// localised message; `message` is the English text for logs and non-browser clients.

export type ErrorCode =
	| 'BAD_REQUEST'
	| 'UNAUTHORIZED'
	| 'FORBIDDEN'
	| 'NOT_FOUND'
	| 'CONFLICT'
	| 'TOO_MANY_REQUESTS'
	| 'SERVICE_UNAVAILABLE';

export class DomainError extends Error {
	readonly code: ErrorCode;
	readonly key: string;

	constructor(code: ErrorCode, key: string, message: string) {
		super(message);
		this.name = 'DomainError';
		this.code = code;
		this.key = key;
	}
}

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;
