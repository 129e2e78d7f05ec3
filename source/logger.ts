/**
 * Where the runtime reports what nobody asked for: actor failures, unhandled
 * messages, and (when debugging) starts, stops and registrations.
 */
import {debuglog, inspect} from 'node:util';
import {show} from './validate.js';

/**
 * A replaceable logger. Give one to `createSystem({logger})`, or assign
 * `system.logger`.
 *
 * @example
 * const lines: string[] = [];
 * const system = createSystem({logger: {error: m => lines.push(m), warn: m => lines.push(m), debug() {}}});
 */
export type Logger = {
	/** A failure: an actor that crashed, a hook that threw. `error` is what was thrown. */
	error(message: string, error?: unknown): void;
	/** Something likely unintended, such as a message no handler took. Left out, the console's serves. */
	warn?(message: string): void;
	/** Lifecycle chatter: starts, stops, registrations. Left out, the console's serves (silent unless `NODE_DEBUG=pykka`). */
	debug?(message: string): void;
	/**
	 * Whether `debug` output is wanted. When this gives false the runtime
	 * does not even build debug messages (which would cost every actor its URN).
	 */
	debugEnabled?(): boolean;
};

const debug = debuglog('pykka');
// NODE_DEBUG is read once, at start-up: so is whether debug output is wanted.
const debugWanted = debug.enabled;

/**
 * The default logger: errors and warnings to stderr, debug output only when
 * `NODE_DEBUG=pykka` is set.
 */
export const consoleLogger: Required<Logger> = {
	error(message, error) {
		console.error(error === undefined ? message : `${message}\n${describeError(error)}`);
	},
	warn(message) {
		console.error(message);
	},
	debug(message) {
		debug('%s', message);
	},
	debugEnabled() {
		return debugWanted;
	},
};

/** An error's stack if it has one, else the value as inspected. */
export function describeError(error: unknown): string {
	try {
		if (error instanceof Error && typeof error.stack === 'string') {
			return error.stack;
		}

		return inspect(error);
	} catch {
		return '<an error that cannot be inspected>';
	}
}

/**
 * Calls one method of a logger, so that a logger that throws never stops
 * the runtime: its own error goes to stderr instead.
 *
 * @internal
 */
export function log(logger: Logger, level: 'error' | 'warn' | 'debug', message: string, error?: unknown): void {
	try {
		// A logger may leave out methods (a `{error}` object): the console's serve for those.
		const own = logger[level];
		if (level === 'error') {
			(typeof own === 'function' ? own : consoleLogger.error).call(logger, message, error);
		} else {
			(typeof own === 'function' ? own : consoleLogger[level]).call(logger, message);
		}
	} catch (loggerError) {
		try {
			console.error(`pykka: the logger threw while reporting: ${message}\n${describeError(loggerError)}`);
		} catch {
			// Nothing is left to report to.
		}
	}
}

/**
 * Checks a logger given by a user: an object whose `error`, `warn`, `debug`
 * and `debugEnabled` are each a function or left out (the console's then
 * serve). Gives it back.
 *
 * @internal
 */
export function checkLogger(value: unknown, name = 'logger'): Logger {
	if (typeof value !== 'object' || value === null) {
		throw new TypeError(`Expected \`${name}\` to be an object with error, warn and debug methods, got ${show(value)}`);
	}

	for (const method of ['error', 'warn', 'debug', 'debugEnabled']) {
		const member = (value as Record<string, unknown>)[method];
		if (member !== undefined && typeof member !== 'function') {
			throw new TypeError(`Expected \`${name}.${method}\` to be a function or left out, got ${show(member)}`);
		}
	}

	return value as Logger;
}

/**
 * Whether the logger wants debug output, so that callers build debug
 * messages (which cost every actor its URN) only then.
 *
 * @internal
 */
export function wantsDebug(logger: Logger): boolean {
	try {
		if (typeof logger.debugEnabled === 'function') {
			return logger.debugEnabled();
		}

		return typeof logger.debug === 'function' || debugWanted;
	} catch {
		return false;
	}
}
