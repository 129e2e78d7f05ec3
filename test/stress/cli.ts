/**
 * npm run stress -- --actors N --messages M --seed S
 *
 * Runs the seeded stress test, prints what it checked, and exits non-zero if
 * a check failed. Without --seed it picks one and prints it.
 */
import process from 'node:process';
import {parseArgs} from 'node:util';
import {runStress} from './engine.js';

function whole(value: string | undefined, name: string, fallback: number): number {
	if (value === undefined) {
		return fallback;
	}

	const number = Number(value);
	if (!Number.isSafeInteger(number) || number < 0) {
		throw new TypeError(`Expected --${name} to be a whole number >= 0, got ${JSON.stringify(value)}`);
	}

	return number;
}

const usage = `Usage: npm run stress -- [options]

  --actors N      actors to start in the run (default 1000; more are started as the plan goes)
  --messages M    messages to send (default 100000)
  --seed S        the plan's seed (default: a random one, printed); a failed run prints how to repeat it
  --help          this text

Runs a seeded plan of actors (spawned and class actors, some supervised,
killed, watched, using timers) sending, asking, failing and stopping, then
stopAll, and checks the ledger: every ask settled once, ordering, restarts,
Downs, timers, logging. Exits non-zero if a check failed.`;

const {values} = parseArgs({
	options: {
		actors: {type: 'string'},
		messages: {type: 'string'},
		seed: {type: 'string'},
		help: {type: 'boolean', default: false},
	},
});
if (values.help) {
	console.log(usage);
} else {
	await run();
}

async function run(): Promise<void> {
	const actors = Math.max(1, whole(values.actors, 'actors', 1000));
	const messages = whole(values.messages, 'messages', 100_000);
	const seed = whole(values.seed, 'seed', Math.floor(Math.random() * 0x1_00_00_00_00));

	console.log(`stress: ${actors} actors, ${messages} messages, seed ${seed}`);
	let failed = false;
	try {
		const report = await runStress({actors, messages, seed});
		globalThis.gc?.();
		const heap = process.memoryUsage().heapUsed / 1024 / 1024;
		console.log(`ran ${report.stats['actorsStarted']} actors (${report.stats['classActors']} class actors, ${report.stats['supervised']} supervised, ${report.stats['watchers']} watchers), `
			+ `${report.messages} messages in ${report.stats['ops']} driver operations, `
			+ `${report.seconds.toFixed(1)} s (scheduler budget ${report.stats['budget']}), heap after ${heap.toFixed(0)} MB`);
		for (const check of report.checks) {
			console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
		}

		failed = !report.ok;
	} catch (error) {
		console.log(`FAIL the run did not finish: ${error instanceof Error ? error.message : String(error)}`);
		failed = true;
	}

	if (failed) {
		console.log(`FAILED with seed ${seed}; repeat with: npm run stress -- --actors ${actors} --messages ${messages} --seed ${seed}`);
		process.exitCode = 1;
	} else {
		console.log('all checks passed');
	}
}
