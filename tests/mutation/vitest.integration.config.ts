// The integration tier alone (real PostgreSQL), for mutation testing the money and lifecycle services
// (tests/mutation/services.config.mjs).
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { integrationTier } from '../projects';

export default defineConfig({
	plugins: [sveltekit()],
	test: { ...integrationTier, expect: { requireAssertions: true } }
});
