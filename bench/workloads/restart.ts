/**
 * restart: restarts per second of a supervised actor that fails on every
 * `'fail'` it is told, restarted in place with backoff 0 and a limit that is
 * never reached (a billion restarts within 1 ms), through the public API:
 * `spawn(failing, {supervise: restart(…)})`, 100,000 tells, then one ask,
 * which the 100,001st incarnation answers with how many incarnations began.
 * Every restart is logged as an error: the system's logger here counts the
 * lines and prints nothing, so that the figure is the runtime's, not stderr's.
 *
 * The floor is the least a restart can be on the floor's actor (floor.ts): a
 * handler object that wraps the failing one, catches its error and makes a
 * fresh one in its place before the next message. Pykka does more for each
 * restart, and that is what the ratio prices: it checks the policy's `when`
 * and its limit (a window of restart times), computes the backoff, builds the
 * log line, settles what the failed incarnation owed, ends its timers, and
 * starts a fresh generator, which steps to `receive` again; and V8 itself
 * takes about twice as long to make a generator and throw out of it as to
 * throw out of a method. So no target is set: the floor is a lower bound,
 * not an alternative that does the same work, and the ratio is there to
 * follow the cost over time, not to pass or fail.
 *
 * Both sides throw one Error made once: a fresh `new Error()` captures a
 * stack trace, which costs about as much as a whole restart (~2 µs) and would
 * hide the runtime's share.
 */
import {createSystem, receive, reply, restart, type Logger, type Operation} from 'pykka';
import {createFloor} from '../floor.js';
import {check, scaled, throughput, type Workload} from '../workload.js';

const RESTARTS = 100_000;

/** What the failing actor is told: to fail, or (asked) to count its incarnations. */
type FailingMessage = 'fail' | 'count';

/** How many incarnations began, across restarts. */
type Incarnations = {count: number};

const failure = new Error('failing on purpose');

/** Fails on every `'fail'`; answers `'count'` with how many incarnations began. */
function * failing(incarnations: Incarnations): Operation<never> {
	incarnations.count++;
	for (;;) {
		if ((yield * receive<FailingMessage>()) === 'fail') {
			throw failure;
		}

		yield * reply(incarnations.count);
	}
}

/** The floor's failing handler; making one is an incarnation. */
class FloorFailing {
	readonly #incarnations: Incarnations;

	constructor(incarnations: Incarnations) {
		this.#incarnations = incarnations;
		incarnations.count++;
	}

	fail(): never {
		throw failure;
	}

	count(): number {
		return this.#incarnations.count;
	}
}

/** The floor's restart: a fresh handler in place of one that threw. */
class FloorRestarting {
	#handler: FloorFailing;
	readonly #incarnations: Incarnations;

	constructor(incarnations: Incarnations) {
		this.#incarnations = incarnations;
		this.#handler = new FloorFailing(incarnations);
	}

	fail(): void {
		try {
			this.#handler.fail();
		} catch {
			this.#handler = new FloorFailing(this.#incarnations);
		}
	}

	count(): number {
		return this.#handler.count();
	}
}

export const restartWorkload: Workload = {
	name: 'restart',
	description: `a supervised actor told to fail ${RESTARTS.toLocaleString('en')} times, restarted with backoff 0, then asked`,
	metrics: [{name: 'restart', unit: 'restart/s', better: 'higher', target: undefined}],

	async pykka(scale) {
		const restarts = scaled(RESTARTS, scale);
		let logged = 0;
		// Each restart is logged as an error: counted, not printed.
		const logger: Logger = {
			error() {
				logged++;
			},
		};
		const system = createSystem({logger});
		const incarnations: Incarnations = {count: 0};
		const ref = system.spawn<FailingMessage, number, [Incarnations]>(failing, {
			args: [incarnations],
			supervise: restart({limit: {restarts: 1_000_000_000, withinMs: 1}}),
		});
		await ref.ask('count');
		let count = 0;
		const rate = await throughput(restarts, async () => {
			for (let index = 0; index < restarts; index++) {
				ref.tell('fail');
			}

			count = await ref.ask('count');
		});
		check(count === restarts + 1, `pykka began ${count} incarnations for ${restarts} restarts`);
		check(logged === restarts, `pykka logged ${logged} failures for ${restarts} restarts`);
		await system.stopAll();
		return {restart: rate};
	},

	async floor(scale) {
		const restarts = scaled(RESTARTS, scale);
		const incarnations: Incarnations = {count: 0};
		const ref = createFloor().spawn(new FloorRestarting(incarnations));
		await ref.ask('count');
		let count = 0;
		const rate = await throughput(restarts, async () => {
			for (let index = 0; index < restarts; index++) {
				ref.tell('fail');
			}

			count = await ref.ask<number>('count');
		});
		check(count === restarts + 1, `the floor began ${count} incarnations for ${restarts} restarts`);
		await ref.stop();
		return {restart: rate};
	},
};
