// Every error a person can meet is said in their language: each key the server raises (DomainError keys and
// the state machine's refusals as `task_<refusal>`) has a sentence in both message files, with the same
// placeholders, and the client maps it. A new error key without its translation fails here.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

function sourceFiles(dir: string): string[] {
	return readdirSync(new URL(dir, root), { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(`${path}/`);
		return /\.(ts|js)$/.test(entry.name) ? [path] : [];
	});
}

const serverKeys = new Set(
	[...sourceFiles('src/lib/'), ...sourceFiles('src/routes/')].flatMap((file) =>
		[...read(file).matchAll(/new DomainError\(\s*'[A-Z_]+',\s*'([a-z_]+)'/g)].map((match) => match[1]!)
	)
);

// Refusals only the platform's own timers can meet never reach a person.
const TIMER_ONLY = new Set(['not_system', 'not_due']);
const refusals = [...read('src/lib/domain/task-state.ts').matchAll(/^\t\| '([a-z_]+)' \/\//gm)]
	.map((match) => match[1]!)
	.filter((refusal) => !TIMER_ONLY.has(refusal))
	.map((refusal) => `task_${refusal}`);

const clientMap = new Set(
	[...read('src/lib/client/errors.ts').matchAll(/^\t(\w+): m\.error_\1,?$/gm)].map((match) => match[1]!)
);
const en = JSON.parse(read('messages/en.json')) as Record<string, string>;
const zh = JSON.parse(read('messages/zh-CN.json')) as Record<string, string>;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('error messages', () => {
	it('finds the keys it checks', () => {
		expect(serverKeys.size).toBeGreaterThan(30);
		expect(refusals).toContain('task_taken');
		expect(refusals).toContain('task_needs_consent');
	});

	it.each([...serverKeys, ...refusals].sort())('%s is localised in English and Chinese', (key) => {
		expect(clientMap.has(key), `src/lib/client/errors.ts maps ${key}`).toBe(true);
		expect(en[`error_${key}`], 'en.json').toEqual(expect.any(String));
		expect(zh[`error_${key}`], 'zh-CN.json').toEqual(expect.any(String));
		expect(placeholders(zh[`error_${key}`]!)).toEqual(placeholders(en[`error_${key}`]!));
	});
});
