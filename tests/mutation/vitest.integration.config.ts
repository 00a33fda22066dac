// The integration tests that exercise the money and lifecycle services (real PostgreSQL), for mutation
// testing them (tests/mutation/services.config.mjs). The model test and the exit-code guard are left out:
// each mutant would rerun their minutes-long runs, and the tests below cover the same code paths.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { integrationTier } from '../projects';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		...integrationTier,
		include: [
			'tests/integration/money/**/*.test.ts',
			'tests/integration/tasks/**/*.test.ts',
			'tests/integration/sync/**/*.test.ts',
			'tests/integration/handovers/**/*.test.ts',
			'tests/integration/disputes/**/*.test.ts',
			'tests/integration/races.test.ts'
		],
		expect: { requireAssertions: true }
	}
});
