/**
 * The helpers of the tests: a system per test, stopped when the test ends,
 * on the real clock or in a test kit on a virtual one; a logger that keeps
 * what it is told; patterns for URNs and labels; ways to let actors run.
 * (Running a script in a child process is in process.ts.)
 */
import type {ExecutionContext} from 'ava';
import {createSystem, Future, receive, reply, type ActorSystem, type Logger} from 'pykka';
import {createTestKit, type TestKit, type TestKitOptions} from 'pykka/testing';

// Logging

/** One call of `logger.error`. */
export type LoggedError = {
	readonly message: string;
	readonly error: unknown;
};

/** A logger that keeps what it is told, for tests to assert on. */
export type LogCapture = {
	readonly logger: Logger;
	/** Every `logger.error`, in order. */
	readonly errors: LoggedError[];
	/** Every `logger.warn`, in order. */
	readonly warnings: string[];
	/** A future of the next error logged (or the one already logged, if any is not yet taken). */
	nextError(): Future<LoggedError>;
	/** A future of the next warning logged (or the one already logged, if any is not yet taken). */
	nextWarning(): Future<string>;
};

/**
 * A logger that records errors and warnings. Debug output is dropped, but
 * asked for (there is no `debugEnabled`), so that the runtime builds its
 * debug messages in every test.
 */
export function captureLog(): LogCapture {
	const errors: LoggedError[] = [];
	const warnings: string[] = [];
	const errorWaiters = new Waiters<LoggedError>(errors);
	const warningWaiters = new Waiters<string>(warnings);
	return {
		errors,
		warnings,
		logger: {
			error(message, error) {
				errors.push({message, error});
				errorWaiters.logged();
			},
			warn(message) {
				warnings.push(message);
				warningWaiters.logged();
			},
			debug() {},
		},
		nextError: () => errorWaiters.next(),
		nextWarning: () => warningWaiters.next(),
	};
}

/** Hands the entries of a log to those who wait for them, each entry once, in order. */
class Waiters<T> {
	readonly #entries: readonly T[];
	readonly #waiting: Array<Future<T>> = [];
	#taken = 0;

	constructor(entries: readonly T[]) {
		this.#entries = entries;
	}

	/** A future of the first entry not yet taken, logged or to come. */
	next(): Future<T> {
		const future = new Future<T>();
		this.#waiting.push(future);
		this.logged();
		return future;
	}

	/** Called after an entry was added: gives the waiters what is there. */
	logged(): void {
		while (this.#waiting.length > 0 && this.#taken < this.#entries.length) {
			this.#waiting.shift()!.set(this.#entries[this.#taken++]!);
		}
	}
}

// Systems

export type TestSystemOptions = {
	/** The scheduler's budget (createSystem's default when left out). */
	readonly budget?: number;
};

/**
 * A fresh system whose logger is a `LogCapture`, stopped when the test ends,
 * pass or fail.
 *
 * @example
 * const {system, log} = useSystem(t);
 * const ref = system.spawn(echo);
 * t.is(await ref.ask('hi'), 'hi');
 * t.deepEqual(log.errors, []);
 */
export function useSystem(t: ExecutionContext, options: TestSystemOptions = {}): {system: ActorSystem; log: LogCapture} {
	const log = captureLog();
	const system = stopAfter(t, createSystem({logger: log.logger, budget: options.budget}));
	return {system, log};
}

/**
 * Registers the stop of every actor of `system` as a teardown of the test,
 * and gives the system back: for the few tests that must call `createSystem`
 * themselves, because its arguments are what they check. The stop's timeout
 * is only a safety net, so that a stuck actor fails the test instead of
 * hanging the run.
 */
export function stopAfter(t: ExecutionContext, system: ActorSystem): ActorSystem {
	t.teardown(async () => {
		await system.stopAll({timeout: 10_000});
	});
	return system;
}

/**
 * A test kit of `pykka/testing` (a system on a virtual clock, driven with
 * `runUntilIdle`, `advance` and `advanceToNext`), shut down when the test
 * ends, pass or fail. The tests of timeouts and sleeps use one, so that no
 * outcome depends on how fast the machine is.
 *
 * @example
 * const kit = useKit(t);
 * const answer = kit.spawn(napper).ask(1000);
 * await kit.advance(1000);
 * t.is(await answer, 'rested');
 */
export function useKit(t: ExecutionContext, options?: TestKitOptions): TestKit {
	const kit = createTestKit(options);
	t.teardown(async () => kit.shutdown());
	return kit;
}

/**
 * Runs the kit's actors and moves its time from one due timer to the next,
 * until `future` settles or no timer is left: time goes no further than the
 * future needs, so what a test checks once it settles is what was so when it
 * settled, not later.
 *
 * @example
 * const stopped = ref.stop();
 * await advanceUntilSettled(kit, stopped);
 * t.true(await stopped);
 */
export async function advanceUntilSettled(kit: TestKit, future: Future<unknown>): Promise<void> {
	await kit.runUntilIdle();
	while (!future.settled && await kit.advanceToNext()) {
		// Moved to the next timer.
	}
}

// Patterns

/** The source of a pattern for one v4 `urn:uuid:`, to build larger patterns with. */
export const urn = String.raw`urn:uuid:[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}`;

/** A whole v4 `urn:uuid:`. */
export const urnPattern = new RegExp(`^${urn}$`);

/** The source of a pattern for the label of an actor named `name`: `Name (urn:uuid:…)`. */
export function label(name: string): string {
	return String.raw`${name.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`)} \(${urn}\)`;
}

/** A whole label of an actor named `name`: `Name (urn:uuid:…)`. */
export function labelPattern(name: string): RegExp {
	return new RegExp(`^${label(name)}$`);
}

// Letting actors run

/** One turn of the event loop: resolves from a `setImmediate` callback. */
export async function turn(): Promise<void> {
	return new Promise(resolve => {
		setImmediate(resolve);
	});
}

/**
 * Lets every actor of `system` that can run now take its turn: a round trip
 * to a fresh actor of the same system, whose reply comes after the tasks
 * already queued on the system's round-robin scheduler have had a turn.
 */
export async function flush(system: ActorSystem): Promise<void> {
	const echo = system.spawn(function * flush() {
		yield * reply(yield * receive());
	});
	await echo.ask('flush');
	await echo.stop();
}

// Types

/** A value passed where the types forbid it, to test run-time checks. */
export function unchecked<T>(value: unknown): T {
	return value as T;
}
