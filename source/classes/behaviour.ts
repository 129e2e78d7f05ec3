/**
 * The adapter: a class actor's life as one generator behaviour, so that class
 * actors and spawned behaviours share the one interpreter.
 *
 * onStart, then one message at a time (a proxy call or `onReceive`), each
 * answered with its handler's final result, until a stop; then onStop. Pykka's
 * failure rules: an error in a handler of an ask rejects that ask and the
 * actor lives on; an error in a handler of a tell runs onFailure and kills the
 * actor, without onStop.
 */
import {receive, type Operation} from '../effects.js';
import {Down} from '../exit.js';
import {describeError, log} from '../logger.js';
import {callAsync, isAsyncFunction} from '../runtime/async-context.js';
import {isInstance, show} from '../validate.js';
import type {ClassActorCell} from './cell.js';
import {pending} from './handler.js';
import {ProxyMessage} from './messages.js';

/** What the adapter calls on a class actor: `Actor`'s hooks and handler. */
export type ClassHandlers = {
	onStart(): unknown;
	onStop(): unknown;
	onFailure(error: unknown): unknown;
	onReceive(message: unknown): unknown;
	/** The handler of `Down` messages, if the class defines one. */
	onDown?: (down: Down) => unknown;
};

// The adapter's own receive, made once. It is yielded plainly rather than with
// `yield*`: the message comes back as the value of the `yield`, which spares
// the iterator protocol on every message of every class actor.
const nextMessage = receive();

export function * classBehaviour(cell: ClassActorCell, actor: ClassHandlers): Operation<void> {
	// One variable for the phase rather than flags: a generator keeps every
	// local of its function for as long as it lives, and class actors are many.
	let phase: 'starting' | 'running' | 'failed' = 'starting';
	// While a handler runs, `receive` is refused: the messages are the adapter's to take.
	cell.handling = true;
	try {
		yield * settle(hook(cell, actor, actor.onStart, undefined));
		phase = 'running';
		// The loop ends when a stop request is taken: the interpreter returns
		// the generator there, and the `finally` below runs onStop.
		for (;;) {
			cell.handling = false;
			const message: unknown = yield nextMessage;
			cell.handling = true;
			// Whether someone asked: then a handler's error is theirs, never the actor's end.
			const asked = cell.owesAnswer;
			try {
				let result = handle(cell, actor, message);
				// A plain result, the common case, is final at once: no generator.
				const waitOn = pending(result);
				if (waitOn !== undefined && !isFieldRead(message)) {
					result = yield * waitOn;
				}

				cell.answer(result, false);
			} catch (error) {
				// Answered directly rather than with the `replyError` effect: the
				// adapter owns its cell, and this spares a step per message.
				if (cell.answer(error, true)) {
					continue;
				}

				if (asked) {
					// The ask was settled already (answered early, handed on with
					// `deferReply`, or timed out): the actor lives on, and since no
					// caller will see the error, it is logged.
					log(cell.host.logger, 'warn', `${cell.label} failed handling ${show(message)} after its ask was settled; no caller will see this error:\n${describeError(error)}`);
					continue;
				}

				phase = 'failed';
				yield * fail(cell, actor, error);
			}
		}
	} finally {
		cell.handling = true;
		if (phase === 'running') {
			yield * stop(cell, actor);
		}
	}
}

/** Runs the handler of one message: a proxy call, a field access, or `onReceive`. */
function handle(cell: ClassActorCell, actor: ClassHandlers, message: unknown): unknown {
	const proxyMessage = asProxyMessage(message);
	if (proxyMessage !== undefined) {
		return proxyMessage.applyTo(actor, cell);
	}

	if (typeof actor.onDown === 'function' && isInstance(message, Down)) {
		return hook(cell, actor, actor.onDown, message);
	}

	return hook(cell, actor, actor.onReceive, message);
}

/** Whether the message reads a field: its value is given as it is, even a future or a generator. */
function isFieldRead(message: unknown): boolean {
	return asProxyMessage(message)?.kind === 'get';
}

/**
 * The message as a proxy's, or `undefined` for a user's message. A user's
 * message may be a hostile Proxy whose traps throw: that must not fail the actor.
 */
function asProxyMessage(message: unknown): ProxyMessage | undefined {
	return isInstance(message, ProxyMessage) ? message : undefined;
}

/**
 * Calls a hook or handler of the actor with one argument (or none); an
 * `async` one inside the actor's async context.
 */
function hook(cell: ClassActorCell, actor: ClassHandlers, handler: (argument: never) => unknown, argument: unknown): unknown {
	if (isAsyncFunction(handler)) {
		return callAsync(cell, handler, actor, argument === undefined ? [] : [argument]);
	}

	return (handler as (argument: unknown) => unknown).call(actor, argument);
}

/** A tell's handler threw: onFailure runs, then the actor fails with the error. */
function * fail(cell: ClassActorCell, actor: ClassHandlers, error: unknown): Operation<never> {
	try {
		yield * settle(hook(cell, actor, actor.onFailure, error));
	} catch (hookError) {
		log(cell.host.logger, 'error', `${cell.label} failed in onFailure:`, hookError);
	}

	throw error;
}

/** The actor stops normally: it leaves the registry and refuses messages, then onStop runs. */
function * stop(cell: ClassActorCell, actor: ClassHandlers): Operation<void> {
	cell.beginStopping();
	try {
		yield * settle(hook(cell, actor, actor.onStop, undefined));
	} catch (error) {
		log(cell.host.logger, 'error', `${cell.label} failed in onStop:`, error);
	}
}

/** The final value of a hook's result (see `pending`). */
function * settle(result: unknown): Operation<unknown> {
	const waitOn = pending(result);
	return waitOn === undefined ? result : yield * waitOn;
}
