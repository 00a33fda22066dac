// @ts-check
/**
 * Mutation testing of the money and lifecycle services against the integration tier (real PostgreSQL).
 * Run with `npm run test:mutation`; slow (each mutant runs the integration tests that cover it).
 */
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	testRunner: 'vitest',
	vitest: { configFile: 'tests/mutation/vitest.integration.config.ts', related: false },
	mutate: [
		'src/lib/server/money/ledger.ts',
		'src/lib/server/core/mutations.ts',
		'src/lib/server/tasks/lifecycle.ts',
		'src/lib/server/tasks/effects.ts'
	],
	coverageAnalysis: 'perTest',
	// Static mutants (module-level constants) would rerun the whole tier each.
	ignoreStatic: true,
	reporters: ['clear-text', 'json'],
	jsonReporter: { fileName: 'reports/mutation/services.json' },
	clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
	tempDirName: '.stryker-tmp-services',
	concurrency: 1,
	timeoutMS: 60_000,
	thresholds: { high: 90, low: 85, break: null }
};
