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
import {receive, reply, replyError, type Operation} from '../effects.js';
import {log} from '../logger.js';
import type {Cell} from '../runtime/cell.js';
import type {Actor} from './actor.js';
import {settle} from './handler.js';
import {ProxyMessage} from './messages.js';

export function * classBehaviour(cell: Cell, actor: Actor): Operation<void> {
	let started = false;
	let failed = false;
	try {
		yield * settle(actor.onStart(), cell);
		started = true;
		while (!cell.stopAfterMessage) {
			const message = yield * receive();
			let result: unknown;
			try {
				result = message instanceof ProxyMessage ? message.applyTo(actor) : actor.onReceive(message);
				// A field read gives the field's value as it is; only handlers are waited on.
				if (!(message instanceof ProxyMessage && message.kind === 'get')) {
					result = yield * settle(result, cell);
				}
			} catch (error) {
				if (yield * replyError(error)) {
					continue;
				}

				failed = true;
				try {
					yield * settle(actor.onFailure(error), cell);
				} catch (hookError) {
					log(cell.host.logger, 'error', `${cell.label} failed in onFailure:`, hookError);
				}

				throw error;
			}

			yield * reply(result);
		}
	} finally {
		if (started && !failed) {
			// After `this.stop()` the actor leaves the registry and refuses
			// messages before onStop, as after `ref.stop()`.
			cell.beginStopping();
			try {
				yield * settle(actor.onStop(), cell);
			} catch (error) {
				log(cell.host.logger, 'error', `${cell.label} failed in onStop:`, error);
			}
		}
	}
}
