/**
 * Running a handler of a class actor: whatever kind of function it is, the
 * actor is busy with the message until the result is final. A generator
 * method is driven to its end (its effects go to the interpreter), a Future
 * or Promise is waited on, anything else is the result.
 *
 * @internal
 */
import type {Effect, Operation} from '../effects.js';
import {Future, isThenable} from '../future.js';

/** The final value of a handler's result, waiting as the result requires. */
export function * settle(result: unknown, owner: {readonly label: string}): Operation<unknown> {
	if (isGenerator(result)) {
		return yield * drive(result, owner);
	}

	if (result instanceof Future) {
		return yield * result;
	}

	if (isThenable(result)) {
		return yield * Future.from(result);
	}

	return result;
}

/**
 * Drives a handler's generator, passing its effects on, except `receive`:
 * the messages of a class actor are for its handlers, one at a time, so a
 * handler that tries to take one itself gets a TypeError thrown into it.
 */
function * drive(generator: Generator<Effect, unknown, unknown>, owner: {readonly label: string}): Operation<unknown> {
	let threw = false;
	let input: unknown;
	let finished = false;
	try {
		for (;;) {
			const result = threw ? generator.throw(input) : generator.next(input);
			if (result.done === true) {
				finished = true;
				return result.value;
			}

			const effect = result.value;
			if ((effect as {type?: unknown} | undefined)?.type === 'receive') {
				threw = true;
				input = new TypeError(
					`${owner.label} cannot \`receive\` inside a method: a class actor's messages go to onReceive and its methods, one at a time`,
				);
				continue;
			}

			try {
				input = yield effect;
				threw = false;
			} catch (error) {
				input = error;
				threw = true;
			}
		}
	} finally {
		if (!finished) {
			// Stopped while suspended in here: let the method's finally blocks run too.
			generator.return(undefined);
		}
	}
}

function isGenerator(value: unknown): value is Generator<Effect, unknown, unknown> {
	return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Generator]';
}
