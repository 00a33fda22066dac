// npm run test:mutation: mutation testing (Stryker) of the domain modules against the unit tier and of
// the money and lifecycle services against the integration tier, then one table of scores per file
// against the targets. Exits non-zero when a file is below its target. `npm run test:mutation -- domain`
// (or `services`) runs one of the two.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** @type {Record<string, { config: string; report: string }>} */
const SUITES = {
	domain: { config: 'tests/mutation/domain.config.mjs', report: 'reports/mutation/domain.json' },
	services: { config: 'tests/mutation/services.config.mjs', report: 'reports/mutation/services.json' }
};

/**
 * The score each file must reach, by the first pattern its path matches.
 * @type {[RegExp, number][]}
 */
const TARGETS = [
	[/^src\/lib\/domain\/schemas\//, 85],
	[/^src\/lib\/domain\//, 95],
	[/^src\/lib\/server\/(money\/ledger|core\/mutations)\.ts$/, 90],
	[/./, 0] // measured and printed, no target yet
];

const DETECTED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

const chosen = process.argv.slice(2).filter((name) => name in SUITES);
const suites = chosen.length > 0 ? chosen : Object.keys(SUITES);
let failed = false;

for (const name of suites) {
	const { config, report } = /** @type {{ config: string; report: string }} */ (SUITES[name]);
	const started = Date.now();
	const run = spawnSync('npx', ['stryker', 'run', config], { stdio: 'inherit' });
	if (run.status !== 0) {
		console.error(`Stryker (${name}) exited with ${run.status}`);
		process.exit(run.status ?? 1);
	}
	const minutes = ((Date.now() - started) / 60_000).toFixed(1);
	/** @type {{ files: Record<string, { mutants: { status: string }[] }> }} */
	const { files } = JSON.parse(readFileSync(report, 'utf8'));
	console.log(`\nMutation scores, ${name} (${minutes} min):`);
	for (const [path, { mutants }] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
		const counted = mutants.filter((mutant) => COUNTED.has(mutant.status));
		const detected = counted.filter((mutant) => DETECTED.has(mutant.status)).length;
		const score = counted.length === 0 ? 100 : (100 * detected) / counted.length;
		const target = TARGETS.find(([pattern]) => pattern.test(path))?.[1] ?? 0;
		const verdict = score >= target ? 'ok' : 'BELOW TARGET';
		if (score < target) failed = true;
		const survivors = counted.length - detected;
		console.log(
			`  ${path.padEnd(44)} ${score.toFixed(1).padStart(5)} %  (target ${target} %, ${survivors} left)  ${verdict}`
		);
	}
}
process.exit(failed ? 1 : 0);
