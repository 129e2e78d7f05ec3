/**
 * Waiting on a handler's result: whatever kind of function a class actor's
 * handler is, the actor is busy with the message until its result is final.
 * A generator method is run to its end (its effects go to the interpreter),
 * a Future or a Promise is waited on, anything else is final at once.
 */
import type {Effect} from '../effects.js';
import {Future, isThenable} from '../future.js';

/**
 * What to `yield*` to get a handler's final value, or `undefined` if the
 * result is final already. Plain results, the common case, cost nothing.
 */
export function pending(result: unknown): Iterable<Effect, unknown, unknown> | undefined {
	if (typeof result !== 'object' || result === null) {
		return undefined;
	}

	if (result instanceof Future) {
		return result;
	}

	if (isGenerator(result)) {
		return result;
	}

	return isThenable(result) ? Future.from(result) : undefined;
}

function isGenerator(value: object): value is Generator<Effect, unknown, unknown> {
	return Object.prototype.toString.call(value) === '[object Generator]';
}
