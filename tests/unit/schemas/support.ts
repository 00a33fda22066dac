// Helpers of the schema tests: fixed ids, fresh id lists, and the issues a refused input is answered with.
import { expect } from 'vitest';
import type { ZodType } from 'zod';

export const uuid = '3f2b8c1e-9d4a-4b6e-8f1a-2c3d4e5f6a7b';
export const other = '7d1e2f3a-4b5c-4d6e-9f70-8192a3b4c5d6';
export const ids = (n: number) => Array.from({ length: n }, () => crypto.randomUUID());

/** The input must be refused; returns each issue's path and message. */
export function refusal(schema: ZodType, input: unknown) {
	const result = schema.safeParse(input);
	expect(result.success).toBe(false);
	return result.error?.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}
