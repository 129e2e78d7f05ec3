/**
 * The adapter: a class actor's life as one generator behaviour, so that class
 * actors and spawned behaviours share the one interpreter.
 *
 * onStart, then one message at a time (a proxy call or `onReceive`), each
 * answered with its handler's final result, until a stop; then onStop. Pykka's
 * failure rules: an error in a handler of an ask rejects that ask and the
 * actor lives on; an error in a handler of a tell runs onFailure and kills the
 * actor, without onStop.
 *
 * @internal
 */
import {receive, type Operation} from '../effects.js';
import {log} from '../logger.js';
import type {Cell} from '../runtime/cell.js';
import type {Actor} from './actor.js';
import {pending} from './handler.js';
import {ProxyMessage} from './messages.js';

// The adapter's own receive, made once. It is yielded plainly rather than with
// `yield*`: the message comes back as the value of the `yield`, which spares
// the iterator protocol on every message of every class actor.
const nextMessage = receive();

export function * classBehaviour(cell: Cell, actor: Actor): Operation<void> {
	let started = false;
	let failed = false;
	// While a handler runs, `receive` is refused: the messages are the adapter's to take.
	cell.handling = true;
	try {
		yield * settle(actor.onStart());
		started = true;
		while (!cell.stopAfterMessage) {
			cell.handling = false;
			const message: unknown = yield nextMessage;
			cell.handling = true;
			try {
				let result = handle(actor, message);
				// A plain result, the common case, is final at once: no generator.
				const waitOn = message instanceof ProxyMessage && message.kind === 'get' ? undefined : pending(result);
				if (waitOn !== undefined) {
					result = yield * waitOn;
				}

				cell.answer(result, false);
			} catch (error) {
				// Answered directly rather than with the `replyError` effect: the
				// adapter owns its cell, and this spares a step per message.
				if (!cell.answer(error, true)) {
					failed = true;
					yield * fail(cell, actor, error);
				}
			}
		}
	} finally {
		cell.handling = true;
		if (started && !failed) {
			yield * stop(cell, actor);
		}
	}
}

/** Runs the handler of one message: a proxy call, a field access, or `onReceive`. */
function handle(actor: Actor, message: unknown): unknown {
	return message instanceof ProxyMessage ? message.applyTo(actor) : actor.onReceive(message);
}

/** A tell's handler threw: onFailure runs, then the actor fails with the error. */
function * fail(cell: Cell, actor: Actor, error: unknown): Operation<never> {
	try {
		yield * settle(actor.onFailure(error));
	} catch (hookError) {
		log(cell.host.logger, 'error', `${cell.label} failed in onFailure:`, hookError);
	}

	throw error;
}

/** The actor stops normally: it leaves the registry and refuses messages, then onStop runs. */
function * stop(cell: Cell, actor: Actor): Operation<void> {
	cell.beginStopping();
	try {
		yield * settle(actor.onStop());
	} catch (error) {
		log(cell.host.logger, 'error', `${cell.label} failed in onStop:`, error);
	}
}

/** The final value of a hook's result (see `pending`). */
function * settle(result: unknown): Operation<unknown> {
	const waitOn = pending(result);
	return waitOn === undefined ? result : yield * waitOn;
}
