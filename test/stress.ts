/**
 * The seeded stress test at a size for `npm test`; `npm run stress` runs it
 * big (test/stress/cli.ts). The engine is test/stress/engine.ts, its seeded
 * plan test/stress/plan.ts.
 */
import test from 'ava';
import {Planner, type Op} from './stress/plan.js';
import {runStress} from './stress/engine.js';

// Seeds 1, 2 and 3 also run the scheduler with each of its budgets (8, 64, 1).
for (const seed of [1, 2, 3]) {
	// Serial: each run compares the process's timers before and after.
	test.serial(`a seeded stress run holds every check, with restarts, kills, timers and watches (200 actors, 20,000 messages, seed ${seed})`, async t => {
		const report = await runStress({actors: 200, messages: 20_000, seed});
		const failed = report.checks.filter(check => !check.ok);
		if (failed.length > 0) {
			for (const check of report.checks) {
				t.log(`${check.ok ? 'ok' : 'FAIL'} ${check.name}: ${check.detail}`);
			}

			t.log(`repeat with: npm run stress -- --actors 200 --messages 20000 --seed ${seed}`);
		}

		t.true(report.messages >= 20_000);
		t.deepEqual(failed, [], `seed ${seed}`);
	});
}

function plan(seed: number, actors: number, count: number): Op[] {
	const planner = new Planner(seed, actors);
	return Array.from({length: count}, () => planner.next());
}

test('a run\'s plan is a function of its seed', t => {
	const first = plan(7, 50, 5000);
	t.deepEqual(plan(7, 50, 5000), first);
	t.notDeepEqual(plan(8, 50, 5000), first);
	const kinds = new Set(first.map(op => op.type));
	t.deepEqual([...kinds].toSorted(), ['ask', 'kill', 'read', 'spawn', 'stop', 'tell', 'unwatch', 'watch']);
	const spawns = first.flatMap(op => op.type === 'spawn' ? [op.actor] : []);
	t.true(spawns.some(actor => actor.kind === 'watcher'));
	t.true(spawns.some(actor => actor.policy >= 0 && actor.kind === 'counter'));
	t.true(spawns.some(actor => actor.policy >= 0 && actor.kind !== 'counter'));
	const acts = new Set(first.flatMap(op => op.type === 'tell' || op.type === 'ask' ? [op.act.type] : []));
	t.true(acts.has('startTimer') && acts.has('cancelTimer') && acts.has('fail'));
});
