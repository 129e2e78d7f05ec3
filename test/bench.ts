import test from 'ava';
import {formatReport} from '../bench/report.js';
import {runWorkload, selectWorkloads} from '../bench/suite.js';
import {workloads} from '../bench/workloads.js';

// Small enough to take a moment, large enough that bytes per actor are not lost in GC noise.
const scale = 0.01;

for (const workload of workloads) {
	// Serial: a workload measures the whole process, so two at once would disturb each other.
	test.serial(`the ${workload.name} workload completes on pykka and the floor with positive numbers`, async t => {
		const rows = await runWorkload(workload, {rounds: 1, scale, warmUp: false});
		t.deepEqual(rows.map(row => row.metric), workload.metrics.map(metric => metric.name));
		for (const row of rows) {
			for (const value of [row.pykka.median, row.floor.median]) {
				if (row.unit === 'ms') {
					// A lag may be zero when nothing was late.
					t.true(value >= 0, `${row.metric}: ${value}`);
				} else if (row.metric === 'memory-rss') {
					// The OS may not hand out new pages for a small allocation.
					t.true(Number.isFinite(value), `${row.metric}: ${value}`);
				} else {
					t.true(value > 0, `${row.metric}: ${value}`);
				}
			}
		}

		t.true(formatReport(rows).includes(workload.metrics[0]?.name ?? '?'));
	});
}

test('selecting an unknown workload throws a TypeError naming it', t => {
	t.throws(() => selectWorkloads(['tell', 'nope']), {instanceOf: TypeError, message: /`nope`/});
});
