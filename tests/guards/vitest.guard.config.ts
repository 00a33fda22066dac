// The child run of tests/integration/exit-code.test.ts: one fixture file on the integration tier's real
// database set-up (the embedded PostgreSQL is started in the vitest process itself, as in `npm test`).
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { integrationTier } from '../projects';

export default defineConfig({
	plugins: [sveltekit()],
	test: { ...integrationTier, name: 'guard', include: ['tests/guards/*.fixture.ts'] }
});
