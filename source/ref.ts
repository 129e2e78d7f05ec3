/**
 * ActorRef: the handle through which the world talks to an actor.
 */
import {inspect} from 'node:util';
import type {Exit} from './exit.js';
import {Future} from './future.js';
import type {MessageOf, ReplyOf} from './protocol.js';
import type {Cell} from './runtime/cell.js';
import {checkTimeout, signalOption, timeoutOption} from './validate.js';

declare module './registered.js' {
	// Lower layers name `ActorRef<A>` as `RefOf<A>`.
	interface Registered<A> {
		readonly ref: ActorRef<A>;
	}
}

/** A scheduled thing that can be called off. */
export type Cancellable = {
	/** Calls it off, unless it already happened; gives whether it was called off. */
	cancel(): boolean;
};

/** The options of `ask`. */
export type AskOptions = {
	/** Milliseconds to wait for the reply before the future rejects with `TimeoutError`. */
	readonly timeout?: number | undefined;
	/**
	 * Calls the ask off when aborted: the future rejects at once with the
	 * signal's reason, and a message not yet taken from the mailbox is
	 * removed, never handled.
	 */
	readonly signal?: AbortSignal | undefined;
};

/** Rejects `future` with the reason when `signal` aborts, taking its message out of the mailbox if it is still there. */
function cancelOnAbort(cell: Cell, future: Future<unknown>, signal: AbortSignal): void {
	const abort = (): void => {
		if (future.tryReject(signal.reason)) {
			cell.mailbox.remove((_message, reply) => reply === future);
		}
	};

	signal.addEventListener('abort', abort, {once: true});
	// Settled either way, the future lets go of the signal, and the signal of it.
	future.listen({
		futureSettled() {
			signal.removeEventListener('abort', abort);
		},
	});
}

/** The options of `stop`. */
export type StopOptions = {
	/** Milliseconds to wait for the stop before the future rejects with `TimeoutError`; the stop still goes ahead. */
	readonly timeout?: number | undefined;
};

/**
 * The cell of a ref: for the registry, the system and the class adapter,
 * never for users (it is no member of `ActorRef`, so it is in no `.d.ts`).
 *
 * @internal
 */
export function cellOf(ref: ActorRef): Cell {
	return readCell(ref);
}

/**
 * A new ref of a cell: for the system and the class adapter (the constructor
 * is private, so that users cannot make refs of their own).
 *
 * @internal
 */
export function refFor(cell: Cell): ActorRef {
	return makeRef(cell);
}

let readCell: (ref: ActorRef) => Cell;
let makeRef: (cell: Cell) => ActorRef;

/**
 * A reference to a running (or dead) actor. Messages may be any value and are
 * passed by reference, not copied: do not change an object after sending it.
 * Messages from one sender are handled in the order they were sent.
 *
 * @example
 * const ref = spawn(echo);
 * ref.tell('hello');
 * console.log(await ref.ask('ping')); // 'ping'
 * await ref.stop();
 */
export class ActorRef<A = unknown> {
	static {
		readCell = ref => ref.#cell;
		makeRef = cell => new ActorRef(cell);
	}

	readonly #cell: Cell;

	private constructor(cell: Cell) {
		this.#cell = cell;
	}

	/** The actor's unique id, `urn:uuid:<v4>`. */
	get actorUrn(): string {
		return this.#cell.urn;
	}

	/** The actor's class name, or the name of a spawned behaviour. */
	get actorName(): string {
		return this.#cell.name;
	}

	/** The class of a class actor; `undefined` for a spawned behaviour. */
	get actorClass(): (abstract new (...args: never) => A) | undefined {
		return this.#cell.instance?.constructor as (abstract new (...args: never) => A) | undefined;
	}

	/** Whether the actor takes messages: false once it has begun to stop. */
	isAlive(): boolean {
		return this.#cell.status === 'running';
	}

	/**
	 * Sends a message and returns at once (fire and forget).
	 *
	 * @throws {ActorDeadError} if the actor is not alive.
	 */
	tell(message: MessageOf<A>): void {
		const cell = this.#cell;
		if (cell.status !== 'running') {
			throw cell.deadError();
		}

		cell.deliver(message, undefined);
	}

	/** The original Pykka name of `tell`. */
	sendOneWay(message: MessageOf<A>): void {
		this.tell(message);
	}

	/**
	 * Sends a message and returns a future of the answer. The future always
	 * settles: with the answer, with the error the handler threw, with
	 * `TimeoutError` after `timeout` ms, or with `ActorDeadError` if the actor
	 * is dead or dies first. A timed-out ask does not cancel the work; its
	 * late answer is dropped.
	 *
	 * @example
	 * const sum = await adder.ask({a: 1, b: 2}, {timeout: 1000});
	 */
	ask<const M extends MessageOf<A>>(message: M, options?: AskOptions): Future<ReplyOf<A, M>> {
		let timeout: number | undefined;
		let signal: AbortSignal | undefined;
		if (options !== undefined) {
			timeout = timeoutOption(options);
			signal = signalOption(options);
		}

		const cell = this.#cell;
		const future = new Future<ReplyOf<A, M>>().useClock(cell.host.clock);
		if (cell.status !== 'running') {
			future.tryReject(cell.deadError());
			return future;
		}

		if (signal?.aborted === true) {
			// Called off before it was sent: never sent.
			future.tryReject(signal.reason);
			return future;
		}

		future.replier = cell;
		cell.deliver(message, future);
		if (timeout !== undefined) {
			future.expireAfter(timeout, `${cell.label} did not answer within ${timeout} ms`);
		}

		if (signal !== undefined) {
			cancelOnAbort(cell, future, signal);
		}

		return future;
	}

	/** The original Pykka name of `ask`. */
	sendRequestReply<const M extends MessageOf<A>>(message: M, options?: AskOptions): Future<ReplyOf<A, M>> {
		return this.ask(message, options);
	}

	/**
	 * Asks the actor to stop, after the messages sent before. The future gives
	 * `true` if this call stopped it, `false` if it was already dead (or
	 * stopped by another request first). With `timeout`, the future rejects
	 * with `TimeoutError` if the actor has not stopped in time; the stop still
	 * goes ahead.
	 *
	 * @example
	 * const stopped = await ref.stop({timeout: 1000}); // true
	 */
	stop(options?: StopOptions): Future<boolean> {
		const timeout = options === undefined ? undefined : timeoutOption(options);
		const cell = this.#cell;
		const future = new Future<boolean>().useClock(cell.host.clock);
		if (cell.status === 'running') {
			cell.requestStop(future);
		} else {
			// Another stop came first: this one gives `false`, once the actor is dead.
			cell.stopLate(future);
		}

		if (timeout !== undefined && !future.settled) {
			future.expireAfter(timeout, `${cell.label} did not stop within ${timeout} ms`);
		}

		return future;
	}

	/**
	 * Stops the actor as soon as the runtime gets to it, without handling
	 * its queued messages (their asks reject with `ActorDeadError`): a spawned
	 * behaviour is cut short where it is suspended (its `finally` blocks
	 * run), a class actor finishes the synchronous step in hand only, then
	 * runs `onStop`. Watchers get `{reason: 'killed'}`. The future gives
	 * `true` once the actor is dead, `false` if it was dead already.
	 *
	 * @example
	 * await stuck.kill(); // true
	 */
	kill(): Future<boolean> {
		const future = new Future<boolean>().useClock(this.#cell.host.clock);
		this.#cell.kill(future);
		return future;
	}

	/**
	 * A future of how the actor ended (`{reason: 'stopped' | 'failed' |
	 * 'killed'}`), settled at its death; at once for a dead actor. It never
	 * rejects.
	 *
	 * @example
	 * const exit = await worker.whenStopped();
	 * if (exit.reason === 'failed') console.error(exit.error);
	 */
	whenStopped(): Future<Exit> {
		return this.#cell.whenStopped();
	}

	/**
	 * Tells `message` after `ms` milliseconds, on the actor's system clock;
	 * the handle's `cancel()` stops it from being sent (it gives whether it
	 * did). A message for an actor that is dead by then is dropped.
	 *
	 * @example
	 * const reminder = ref.tellAfter(1000, 'wake up');
	 * reminder.cancel();
	 */
	tellAfter(ms: number, message: MessageOf<A>): Cancellable {
		const delay = checkTimeout(ms, 'ms');
		if (delay === undefined) {
			throw new TypeError('Expected `ms` to be a finite number of milliseconds >= 0, got undefined');
		}

		const cell = this.#cell;
		const {clock} = cell.host;
		let pending = true;
		const handle = clock.setTimeout(() => {
			pending = false;
			if (cell.status === 'running') {
				cell.deliver(message, undefined);
			}
		}, delay);
		return {
			cancel() {
				if (!pending) {
					return false;
				}

				pending = false;
				clock.clearTimeout(handle);
				return true;
			},
		};
	}

	/**
	 * The proxy of this actor, the same object each time: its methods and
	 * fields, run inside the actor, as futures. Only class actors have one.
	 *
	 * @throws {TypeError} for an actor spawned from a generator function.
	 * @throws {ActorDeadError} if the actor is not alive (as Pykka).
	 */
	proxy(): object {
		// Typed `ActorProxy<A>` by `classes/proxy.ts`, which adds that signature
		// to this class (declaration merging): this module is below proxies.
		const cell = this.#cell;
		if (cell.status !== 'running') {
			throw cell.deadError();
		}

		return cell.proxy();
	}

	/** `Name (urn:uuid:…)`. */
	toString(): string {
		return this.#cell.label;
	}

	/** @internal */
	get [Symbol.toStringTag](): string {
		return 'ActorRef';
	}

	/** @internal */
	[inspect.custom](): string {
		return `ActorRef(${this.#cell.label})`;
	}
}
