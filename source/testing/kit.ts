/**
 * The test kit: a system of actors on a virtual clock, driven by the test.
 * Time moves only when the test says so, and the kit knows when no actor can
 * take another step, so a test waits for exactly what it means, never for a
 * real timer.
 */
import {AssertionError} from 'node:assert';
import {DeadlockError} from '../errors.js';
import type {Logger} from '../logger.js';
import {asyncHandlersRunning} from '../runtime/async-context.js';
import {createSystem, hostOf, type ActorSystem} from '../system.js';
import {checkOptions, show} from '../validate.js';
import {Probe, type ProbeOptions} from './probe.js';
import {VirtualClock} from './virtual-clock.js';

/** The options of `createTestKit`. */
export type TestKitOptions = {
	/** Steps an actor may take in one turn before the next runnable actor goes (default 64). */
	readonly budget?: number | undefined;
	/**
	 * How many turns of the event loop `runUntilIdle` (and `advance`) give
	 * actors that are still busy before calling them stuck and throwing
	 * (default 1000: a few seconds of work).
	 */
	readonly maxTurns?: number | undefined;
};

/** A failure the kit's system logged: what it said, and what was thrown. */
export type Failure = {
	/** What the system logged (`Name (urn:uuid:…) failed:`, …). */
	readonly message: string;
	/** What was thrown. */
	readonly error: unknown;
};

/**
 * How many times `runUntilIdle` lets the event loop turn while promise-driven
 * work (an `async` handler) may still be going on, before it calls the system
 * idle anyway: a handler awaiting something that only time will bring (a
 * virtual timer) would never finish on its own.
 */
const eventLoopTurns = 20;

/** How many turns of the event loop `runUntilIdle` gives busy actors before it calls them stuck, unless told (a few seconds of work). */
const defaultMaxTurns = 1000;

/** How many timers `shutdown` fires, at most, to let actors stop (a sleep in an `onStop`, say). */
const shutdownTimers = 10_000;

/**
 * Makes a test kit: a system of actors on a virtual clock that starts at 0
 * and moves only when told. Its logger collects instead of printing.
 *
 * @example
 * const kit = createTestKit();
 * const ticker = kit.spawn(tick, {args: [probe.ref]});
 * await kit.advance(60 * 60 * 1000); // an hour, in milliseconds of real time
 * await kit.shutdown();
 */
export function createTestKit(options?: TestKitOptions): TestKit {
	return new TestKit(options);
}

/**
 * A system of actors on a virtual clock, with the means to drive it: run it
 * until idle, move time, probe messages, and check failures. Made by
 * `createTestKit`. Works with any test runner: a failed expectation throws an
 * `AssertionError`.
 */
export class TestKit {
	/** The kit's virtual clock, also the clock of its system. */
	readonly clock: VirtualClock;
	readonly #system: ActorSystem;
	readonly #failures: Failure[] = [];
	readonly #warnings: string[] = [];
	#probes = 0;
	#reported = 0;
	#shutDown = false;
	readonly #maxTurns: number;

	constructor(options?: TestKitOptions) {
		const maxTurns = checkOptions(options)?.['maxTurns'] ?? defaultMaxTurns;
		if (typeof maxTurns !== 'number' || !Number.isInteger(maxTurns) || maxTurns < 1) {
			throw new TypeError(`Expected \`maxTurns\` to be a whole number >= 1, got ${show(maxTurns)}`);
		}

		this.#maxTurns = maxTurns;
		this.clock = new VirtualClock();
		const failures = this.#failures;
		const warnings = this.#warnings;
		const logger: Logger = {
			error(message, error) {
				failures.push({message, error});
			},
			warn(message) {
				warnings.push(message);
			},
			debug() {},
			debugEnabled() {
				return false;
			},
		};
		this.#system = createSystem({logger, clock: this.clock, budget: options?.budget});
	}

	/** The kit's system: start actors in it with the kit's `spawn`, `start` and `startProxy`, or its own. */
	get system(): ActorSystem {
		return this.#live();
	}

	/** `spawn` in the kit's system (see `ActorSystem#spawn`). */
	get spawn(): ActorSystem['spawn'] {
		const system = this.#live();
		return system.spawn.bind<ActorSystem['spawn']>(system);
	}

	/** `start` in the kit's system (see `ActorSystem#start`). */
	get start(): ActorSystem['start'] {
		const system = this.#live();
		return system.start.bind<ActorSystem['start']>(system);
	}

	/** `startProxy` in the kit's system (see `ActorSystem#startProxy`). */
	get startProxy(): ActorSystem['startProxy'] {
		const system = this.#live();
		return system.startProxy.bind<ActorSystem['startProxy']>(system);
	}

	/** Warnings the kit's system logged so far (unhandled messages, errors after an ask was settled). */
	get warnings(): readonly string[] {
		return [...this.#warnings];
	}

	/**
	 * Runs the kit's actors until none can take another step and no
	 * promise-driven work of theirs is pending; time does not move. Rejects
	 * with the `DeadlockError` of an actor that failed with one meanwhile.
	 */
	async runUntilIdle(): Promise<void> {
		this.#live();
		await settle(hostOf(this.#system).scheduler, this.#maxTurns);
		this.#reportDeadlock();
	}

	/**
	 * Moves virtual time forward by `ms`, firing due timers in time order and
	 * running to idle after each, so that a timer set by a timer's handler
	 * within the window fires too. Time ends `ms` later.
	 */
	async advance(ms: number): Promise<void> {
		this.#live();
		if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
			throw new TypeError(`Expected \`ms\` to be a finite number of milliseconds >= 0, got ${show(ms)}`);
		}

		await this.advanceTo(this.clock.now() + ms);
	}

	/** Moves virtual time forward to `time` (see `advance`). @internal */
	async advanceTo(time: number): Promise<void> {
		await this.runUntilIdle();
		while (this.clock.fireNext(time)) {
			// eslint-disable-next-line no-await-in-loop
			await this.runUntilIdle();
		}

		this.clock.advanceTo(time);
		await this.runUntilIdle();
	}

	/**
	 * Moves virtual time to the next due timer, fires it (and any due at the
	 * same time), and runs to idle. Gives `false` if no timer was waiting.
	 */
	async advanceToNext(): Promise<boolean> {
		this.#live();
		await this.runUntilIdle();
		const due = this.clock.nextDue();
		if (due === undefined) {
			return false;
		}

		await this.advanceTo(due);
		return true;
	}

	/**
	 * A probe: an actor of the kit's system that records the messages it
	 * receives, for `expectMessage`, and answers asks with `reply` (or with
	 * the `handler` given here).
	 */
	probe<M = unknown>(options?: string | ProbeOptions<M>): Probe<M> {
		const system = this.#live();
		const bag = typeof options === 'string' ? {name: options} : options;
		this.#probes++;
		return new Probe<M>(this, system, bag?.name ?? `Probe${this.#probes}`, bag?.handler);
	}

	/** The failures the kit's system logged so far: actors that failed, hooks that threw. */
	failures(): readonly Failure[] {
		return [...this.#failures];
	}

	/** Throws an `AssertionError` listing the failures logged so far, if there are any. */
	assertNoFailures(): void {
		if (this.#failures.length > 0) {
			throw new AssertionError({
				message: `${this.#failures.length} failure${this.#failures.length === 1 ? '' : 's'} logged:\n${this.#failures.map(({message, error}) => `- ${message} ${show(error)}`).join('\n')}`,
			});
		}
	}

	/**
	 * Stops every actor of the kit (firing virtual timers as their stopping
	 * needs), then cancels every timer left. Afterwards no timer or handle of
	 * the kit remains, and using the kit throws.
	 */
	async shutdown(): Promise<void> {
		if (this.#shutDown) {
			return;
		}

		const stopped = this.#system.stopAll();
		await settle(hostOf(this.#system).scheduler, this.#maxTurns);
		for (let fired = 0; !stopped.settled && fired < shutdownTimers && this.clock.fireNext(); fired++) {
			// eslint-disable-next-line no-await-in-loop
			await settle(hostOf(this.#system).scheduler, this.#maxTurns);
		}

		this.clock.clearAll();
		this.#shutDown = true;
		if (!stopped.settled) {
			throw new Error(`The test kit could not stop its actors: ${this.#system.registry.getAll().map(String).join(', ')} still running`);
		}
	}

	/** The system, unless the kit was shut down. */
	#live(): ActorSystem {
		if (this.#shutDown) {
			throw new Error('This test kit was shut down; make a new one with createTestKit()');
		}

		return this.#system;
	}

	#reportDeadlock(): void {
		const failures = this.#failures;
		for (; this.#reported < failures.length; this.#reported++) {
			const {error} = failures[this.#reported]!;
			if (error instanceof DeadlockError) {
				this.#reported++;
				throw error;
			}
		}
	}
}

/** What `settle` needs of a scheduler. */
type Idling = {readonly idle: boolean};

/**
 * Lets queued work run until the scheduler is idle and promise-driven work
 * has had its turns. Microtasks first (the scheduler starts its runs in one,
 * and a reply settles futures in one): most of the time that is all. Only if
 * the scheduler is still busy (it handed the thread back) or an `async`
 * handler is running does the event loop get turns, a bounded number of them.
 */
async function settle(scheduler: Idling, maxTurns: number): Promise<void> {
	for (let turn = 0; ; turn++) {
		for (let tick = 0; tick < 4; tick++) {
			// eslint-disable-next-line no-await-in-loop
			await Promise.resolve();
		}

		if (scheduler.idle) {
			if (asyncHandlersRunning() === 0 || turn >= eventLoopTurns) {
				return;
			}
		} else if (turn >= maxTurns) {
			// Actors that never stop stepping (sending themselves messages for ever) would hang the test: say so.
			throw new Error(`The test kit's actors did not become idle within ${maxTurns} turns of the event loop: some actor keeps itself busy for ever`);
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setImmediate(resolve);
		});
	}
}
