/**
 * Waiting on a handler's result: whatever kind of function a class actor's
 * handler is, the actor is busy with the message until its result is final.
 * A generator method is run to its end (its effects go to the interpreter),
 * a Future or a Promise is waited on, anything else is final at once.
 */
import type {Effect} from '../effects.js';
import {Future, isThenable} from '../future.js';
import {isInstance} from '../validate.js';

/**
 * What to `yield*` to get a handler's final value, or `undefined` if the
 * result is final already. Plain results, the common case, cost nothing.
 */
export function pending(result: unknown): Iterable<Effect, unknown, unknown> | undefined {
	if (typeof result !== 'object' || result === null) {
		return undefined;
	}

	if (isInstance(result, Future)) {
		return result;
	}

	if (isGenerator(result)) {
		return result;
	}

	return isThenable(result) ? Future.from(result) : undefined;
}

/**
 * Whether the result is a generator. A hostile result (a Proxy whose traps
 * throw) is not one; whether it is a thenable is then asked as a Promise
 * would, so a `then` that throws on reading rejects the ask as it would reject
 * an `await`.
 */
function isGenerator(value: object): value is Generator<Effect, unknown, unknown> {
	try {
		return Object.prototype.toString.call(value) === '[object Generator]';
	} catch {
		return false;
	}
}
