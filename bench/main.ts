/**
 * `npm run bench`: pykka against the floor, workload by workload.
 *
 *   npm run bench                               the full suite, 5 rounds
 *   npm run bench -- --only tell,ask --rounds 9
 *   npm run bench -- --scale 0.05 --rounds 1    a smoke run, in seconds
 *   npm run bench -- --json                     machine-readable, on stdout
 *
 * Progress goes to stderr, the table (or JSON) to stdout.
 */
import process from 'node:process';
import os from 'node:os';
import {parseArgs} from 'node:util';
import {formatJson, formatReport} from './report.js';
import {runSuite, selectWorkloads, type SuiteOptions} from './suite.js';
import {workloads} from './workloads.js';

const usage = `Usage: npm run bench -- [options]

  --only a,b      run only these workloads (${workloads.map(workload => workload.name).join(', ')})
  --rounds N      measured rounds, each floor then pykka (default 5)
  --scale X       multiply every size by X, e.g. 0.1 for a quick run (default 1)
  --no-warm-up    skip the unmeasured first round
  --no-gc         no forced full GC before each run
  --json          print the results as JSON
  --quiet         no progress on stderr
  --help          this text

Workloads (at scale 1):
${workloads.map(workload => `  ${workload.name.padEnd(18)}${workload.description}`).join('\n')}`;

function parseOptions(argv: string[]): {suite: SuiteOptions; json: boolean; quiet: boolean} | undefined {
	const {values} = parseArgs({
		args: argv,
		options: {
			only: {type: 'string'},
			rounds: {type: 'string', default: '5'},
			scale: {type: 'string', default: '1'},
			'no-warm-up': {type: 'boolean', default: false},
			'no-gc': {type: 'boolean', default: false},
			json: {type: 'boolean', default: false},
			quiet: {type: 'boolean', default: false},
			help: {type: 'boolean', default: false},
		},
		strict: true,
	});
	if (values.help) {
		return undefined;
	}

	const rounds = Number(values.rounds);
	if (!Number.isInteger(rounds) || rounds < 1) {
		throw new TypeError(`Expected \`--rounds\` to be a whole number >= 1, got ${values.rounds}`);
	}

	const scale = Number(values.scale);
	if (!Number.isFinite(scale) || scale <= 0) {
		throw new TypeError(`Expected \`--scale\` to be a number > 0, got ${values.scale}`);
	}

	const only = values.only?.split(',').map(name => name.trim()).filter(name => name !== '');
	selectWorkloads(only);
	const suite: SuiteOptions = {
		rounds,
		scale,
		warmUp: !values['no-warm-up'],
		collectBetweenRuns: !values['no-gc'],
		...(only === undefined ? {} : {only}),
	};
	return {suite, json: values.json, quiet: values.quiet};
}

async function main(): Promise<void> {
	let parsed: ReturnType<typeof parseOptions>;
	try {
		parsed = parseOptions(process.argv.slice(2));
	} catch (error) {
		console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
		process.exitCode = 2;
		return;
	}

	if (parsed === undefined) {
		console.log(usage);
		return;
	}

	const {suite, json, quiet} = parsed;
	if (globalThis.gc === undefined) {
		console.error('Warning: run with `node --expose-gc` (npm run bench does): without it the memory workload fails and GC noise is higher.');
	}

	const log = quiet
		? undefined
		: (message: string): void => {
			console.error(message);
		};

	const started = performance.now();
	const rows = await runSuite({...suite, ...(log === undefined ? {} : {progress: log})});
	const seconds = (performance.now() - started) / 1000;
	if (json) {
		console.log(formatJson(rows, suite));
		return;
	}

	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	console.log(`pykka vs floor — Node ${process.version}, ${os.cpus().length} × ${cpu}; rounds ${suite.rounds}, scale ${suite.scale}, ${seconds.toFixed(1)} s\n`);
	console.log(formatReport(rows));
	console.log('\nthroughput: higher is better, ratio = pykka/floor medians; memory and lag: pykka median against the target.');
}

await main();
