/**
 * Shared helpers of the runtime-core tests (future, effects, spawn, ref,
 * scheduler, validation).
 */
import type {ExecutionContext} from 'ava';
import {createSystem, type ActorSystem, type Logger} from 'pykka';

export type LogEntry = {
	readonly level: 'error' | 'warn';
	readonly message: string;
	readonly error: unknown;
};

/** A logger that keeps what it is told, for assertions and a quiet test output. */
export function capturingLogger(): {logger: Logger; entries: LogEntry[]} {
	const entries: LogEntry[] = [];
	const logger: Logger = {
		error(message, error) {
			entries.push({level: 'error', message, error});
		},
		warn(message) {
			entries.push({level: 'warn', message, error: undefined});
		},
		debug() {},
		debugEnabled() {
			return false;
		},
	};
	return {logger, entries};
}

/**
 * A fresh system with a capturing logger, stopped when the test ends (the
 * stop's timeout is only a safety net, so that a stuck actor cannot hang the run).
 */
export function useSystem(t: ExecutionContext, options: {readonly budget?: number} = {}): {system: ActorSystem; entries: LogEntry[]} {
	const {logger, entries} = capturingLogger();
	const system = options.budget === undefined ? createSystem({logger}) : createSystem({logger, budget: options.budget});
	t.teardown(async () => {
		await system.stopAll({timeout: 10_000});
	});
	return {system, entries};
}

/** One turn of the event loop: resolves from a `setImmediate` callback. */
export async function turn(): Promise<void> {
	return new Promise(resolve => {
		setImmediate(resolve);
	});
}

/** A value passed where the types forbid it, to test run-time checks. */
export function unchecked<T>(value: unknown): T {
	return value as T;
}

/** A v4 `urn:uuid:`. */
export const urnPattern = /^urn:uuid:[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;
