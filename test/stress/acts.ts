/**
 * What the actors do with a message's act, inside their handlers, through
 * the ledger: fail, stop themselves, forward, sleep, call or ask another
 * actor, start and cancel keyed timers. Spawned actors use effects; class
 * actors their `timers` and proxies.
 */
import {
	DeadlockError,
	call,
	cancelTimer,
	sleep,
	startTimer,
	type Operation,
} from 'pykka';
import {
	Boom,
	tickMessage,
	timerOptions,
	type Counter,
	type Message,
} from './actors.js';
import type {Asks} from './asks.js';
import type {Books} from './books.js';
import type {Lifecycle} from './lifecycle.js';
import {supports, type CallAct, type RelayAct} from './plan.js';
import type {Tells} from './tells.js';
import type {Timers} from './timers.js';

export class Acts {
	readonly #books: Books;
	readonly #tells: Tells;
	readonly #asks: Asks;
	readonly #timers: Timers;
	readonly #lifecycle: Lifecycle;

	constructor(books: Books, tells: Tells, asks: Asks, timers: Timers, lifecycle: Lifecycle) {
		this.#books = books;
		this.#tells = tells;
		this.#asks = asks;
		this.#timers = timers;
		this.#lifecycle = lifecycle;
	}

	/** Carries out the acts that need no waiting; gives the answer. */
	performNow(id: number, message: Message, counter: Counter | undefined): unknown {
		const {act} = message;
		switch (act.type) {
			case 'fail':
			case 'failReply': {
				throw new Boom(`actor ${id} fails on clock ${message.clock}`);
			}

			case 'quit': {
				if (counter === undefined) {
					this.#lifecycle.quit(id);
				} else {
					// A class actor's `this.stop()` queues a stop behind the messages already sent, as Pykka's does.
					counter.stop();
					this.#lifecycle.selfStopRequested(id);
				}

				return message.ask;
			}

			case 'forward': {
				const [hop, ...rest] = act.hops;
				if (hop !== undefined) {
					this.#tells.tell(id, hop.to, rest.length > 0 ? {type: 'forward', hops: rest} : {type: 'echo'}, hop.route);
				}

				return message.ask;
			}

			// Spawned actors carry out timer acts with effects, in `perform`.
			case 'startTimer': {
				const timer = counter === undefined ? undefined : this.#timers.starting(id, act);
				if (timer !== undefined) {
					counter!.timers.start(act.key, tickMessage(act.key, timer), timerOptions(act));
				}

				return message.ask;
			}

			case 'cancelTimer': {
				if (counter !== undefined) {
					this.#timers.cancelled(id, act.key, counter.timers.cancel(act.key));
				}

				return message.ask;
			}

			default: {
				return message.ask;
			}
		}
	}

	/**
	 * Carries out an act inside an actor, waiting as it needs: the answer, or
	 * the error of a call that failed (counted, then thrown on).
	 */
	* perform(id: number, message: Message, counter: Counter | undefined): Operation<unknown> {
		const {act} = message;
		const {kind} = this.#books.record(id);
		if (!supports(kind, act.type)) {
			return message.ask;
		}

		switch (act.type) {
			case 'sleep': {
				this.#books.stats.sleeps++;
				yield * sleep(act.ms);
				return message.ask;
			}

			case 'call':
			case 'relay': {
				return yield * this.#call(id, act);
			}

			case 'startTimer': {
				if (counter !== undefined) {
					return this.performNow(id, message, counter);
				}

				const timer = this.#timers.starting(id, act);
				if (timer !== undefined) {
					yield * startTimer(act.key, tickMessage(act.key, timer), timerOptions(act));
				}

				return message.ask;
			}

			case 'cancelTimer': {
				if (counter !== undefined) {
					return this.performNow(id, message, counter);
				}

				this.#timers.cancelled(id, act.key, yield * cancelTimer(act.key));
				return message.ask;
			}

			default: {
				return this.performNow(id, message, counter);
			}
		}
	}

	/** A spawned actor's `receive` with a timeout timed out. */
	receiveTimedOut(): void {
		this.#books.stats.receiveTimeouts++;
	}

	* #call(id: number, act: CallAct | RelayAct): Operation<unknown> {
		if (act.type === 'call' && act.via === 'effect') {
			const {target} = this.#books.record(act.to);
			const message = this.#asks.callMessage(id, act.next);
			const options = act.timeout === undefined ? undefined : {timeout: act.timeout};
			let resumed = false;
			try {
				const answer = target.isClass ? yield * call(target.ref, message, options) : yield * call(target.ref, message, options);
				resumed = true;
				return answer;
			} catch (error) {
				resumed = true;
				this.#callFailed(id, error);
				throw error;
			} finally {
				if (resumed) {
					this.#books.stats.callsResumed++;
				} else {
					this.#books.stats.callsInterrupted++;
				}
			}
		}

		const future = this.#asks.ask(id, act.to, act.next, act.route, act.timeout);
		try {
			return yield * future;
		} catch (error) {
			this.#callFailed(id, error);
			throw error;
		}
	}

	#callFailed(id: number, error: unknown): void {
		if (error instanceof DeadlockError && error.cycle[0] === this.#books.record(id).target.ref) {
			this.#books.stats.deadlocksDetected++;
		}
	}
}
