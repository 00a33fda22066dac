// The unit tier alone, for mutation testing the pure domain modules (tests/mutation/domain.config.mjs).
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { unitTier } from '../projects';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		...unitTier,
		// It reads the sources' text, which Stryker's instrumented copies no longer match.
		exclude: ['tests/unit/error-messages.test.ts'],
		expect: { requireAssertions: true }
	}
});
