// @ts-check
/** Mutation testing of the pure domain modules against the unit tier. Run with `npm run test:mutation`. */
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	testRunner: 'vitest',
	vitest: { configFile: 'tests/mutation/vitest.unit.config.ts', related: false },
	mutate: ['src/lib/domain/**/*.ts'],
	coverageAnalysis: 'perTest',
	reporters: ['clear-text', 'json'],
	jsonReporter: { fileName: 'reports/mutation/domain.json' },
	clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
	tempDirName: '.stryker-tmp',
	concurrency: 2,
	thresholds: { high: 95, low: 90, break: null }
};
