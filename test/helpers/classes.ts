/**
 * Helpers for the tests of class actors, proxies, the registry and systems.
 */
import {createSystem, Future, receive, reply, type ActorSystem, type Logger} from 'pykka';

/** One call of `logger.error`. */
export type LoggedError = {
	readonly message: string;
	readonly error: unknown;
};

/** A logger that keeps what it is told, for tests to assert on. */
export type LogCapture = {
	readonly logger: Logger;
	readonly errors: LoggedError[];
	readonly warnings: string[];
	/** A future of the next error logged (or the one already logged, if any is not yet taken). */
	nextError(): Future<LoggedError>;
	/** A future of the next warning logged (or the one already logged, if any is not yet taken). */
	nextWarning(): Future<string>;
};

/** A logger that records errors and warnings and drops debug output. */
export function captureLog(): LogCapture {
	const errors: LoggedError[] = [];
	const warnings: string[] = [];
	let errorsTaken = 0;
	let warningsTaken = 0;
	const errorWaiters: Array<Future<LoggedError>> = [];
	const warningWaiters: Array<Future<string>> = [];
	const capture: LogCapture = {
		errors,
		warnings,
		logger: {
			error(message, error) {
				errors.push({message, error});
				const waiter = errorWaiters.shift();
				if (waiter !== undefined) {
					errorsTaken++;
					waiter.set({message, error});
				}
			},
			warn(message) {
				warnings.push(message);
				const waiter = warningWaiters.shift();
				if (waiter !== undefined) {
					warningsTaken++;
					waiter.set(message);
				}
			},
			debug() {},
		},
		nextError() {
			const future = new Future<LoggedError>();
			const logged = errors[errorsTaken];
			if (logged === undefined) {
				errorWaiters.push(future);
			} else {
				errorsTaken++;
				future.set(logged);
			}

			return future;
		},
		nextWarning() {
			const future = new Future<string>();
			const logged = warnings[warningsTaken];
			if (logged === undefined) {
				warningWaiters.push(future);
			} else {
				warningsTaken++;
				future.set(logged);
			}

			return future;
		},
	};
	return capture;
}

/** A system of its own, with a capturing logger. */
export function quietSystem(): {system: ActorSystem; log: LogCapture} {
	const log = captureLog();
	return {system: createSystem({logger: log.logger}), log};
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

/** `Name (urn:uuid:…)` of an actor of class `name`. */
export function labelPattern(name: string): RegExp {
	return new RegExp(`^${name} \\(urn:uuid:[\\da-f]{8}-[\\da-f]{4}-4[\\da-f]{3}-[89ab][\\da-f]{3}-[\\da-f]{12}\\)$`);
}

/** Matches one URN anywhere in a text. */
export const urnPattern = /urn:uuid:[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}/;
