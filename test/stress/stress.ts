/**
 * The seeded stress test: `runStress({actors, messages, seed})` runs a random
 * mix of actors and messages, driven by the seed, and checks its ledger (see
 * ../helpers/stress-engine.ts for the engine, ../helpers/stress-plan.ts for
 * the plan). Run it with `npm run stress -- --actors N --messages M --seed S`.
 *
 * ava runs every file under test/ but cli.ts, so it loads this one too; when
 * it does, it checks that a run's plan is a function of its seed. The import
 * of ava is guarded because ava ends any process that imports it outside its
 * own workers (cli.ts imports this file).
 */
import {Planner, type Op} from '../helpers/stress-plan.js';

export {Boom, Counter, runStress} from '../helpers/stress-engine.js';
export type {Check, Message, StressOptions, StressReport} from '../helpers/stress-engine.js';
export {Planner, Random} from '../helpers/stress-plan.js';
export type {Act, Kind, Op, Route} from '../helpers/stress-plan.js';

function plan(seed: number, actors: number, count: number): Op[] {
	const planner = new Planner(seed, actors);
	return Array.from({length: count}, () => planner.next());
}

// ava's workers are child processes (workerThreads is off), which have `process.send`.
if (typeof process.send === 'function') {
	const {default: test} = await import('ava');

	test('a run\'s plan is a function of its seed', t => {
		const first = plan(7, 50, 5000);
		t.deepEqual(plan(7, 50, 5000), first);
		t.notDeepEqual(plan(8, 50, 5000), first);
		const kinds = new Set(first.map(op => op.type));
		t.deepEqual([...kinds].sort(), ['ask', 'read', 'spawn', 'stop', 'tell']);
	});
}
