// The test tiers, one definition each: vite.config.ts runs them all, and the mutation-testing configs
// (tests/mutation/) run one tier against mutated sources.
import type { TestProjectInlineConfiguration } from 'vitest/config';

type Tier = NonNullable<TestProjectInlineConfiguration['test']>;

export const unitTier: Tier = {
	name: 'unit',
	include: ['tests/unit/**/*.test.ts'],
	environment: 'node'
};

export const integrationTier: Tier = {
	name: 'integration',
	include: ['tests/integration/**/*.test.ts'],
	environment: 'node',
	globalSetup: ['tests/integration/global-setup.ts'],
	testTimeout: 30_000,
	hookTimeout: 60_000
};

export const benchTier: Tier = {
	name: 'bench',
	include: ['tests/bench/**/*.bench.test.ts'],
	environment: 'node',
	globalSetup: ['tests/e2e/global-setup.ts'],
	testTimeout: 300_000,
	hookTimeout: 120_000,
	fileParallelism: false
};

export const e2eTier: Tier = {
	name: 'e2e',
	include: ['tests/e2e/**/*.test.ts'],
	environment: 'node',
	globalSetup: ['tests/e2e/global-setup.ts'],
	testTimeout: 120_000,
	hookTimeout: 120_000,
	fileParallelism: false
};
