/**
 * ActorRef: the handle through which the world talks to an actor.
 */
import {inspect} from 'node:util';
import {Future} from './future.js';
import type {Cell} from './runtime/cell.js';
import type {Unwrapped} from './unwrapped.js';
import {timeoutOption} from './validate.js';
import {proxyOf, type ActorProxy} from './classes/proxy.js';

/**
 * The protocol of a spawned actor: it takes messages of type `M` and answers
 * asks with `R`. `spawn<M, R>(…)` gives an `ActorRef<Receives<M, R>>`.
 */
export type Receives<M, R> = {
	onReceive(message: M): R;
};

/** What a ref's actor takes as a message. */
export type MessageOf<A> = A extends {onReceive(message: infer M): unknown} ? (unknown extends M ? ReactMessageOf<A> : M) : unknown;
type ReactMessageOf<A> = A extends {react(message: infer M): unknown} ? M : unknown;

/** What a ref's actor answers an ask with. */
export type ReplyOf<A> = A extends {onReceive(...parameters: never): infer R}
	? (unknown extends R ? ReactReplyOf<A> : Unwrapped<R>)
	: unknown;
type ReactReplyOf<A> = A extends {react(...parameters: never): infer R} ? Unwrapped<R> : unknown;

/** The options of `ask`. */
export type AskOptions = {
	/** Milliseconds to wait for the reply before the future rejects with `TimeoutError`. */
	readonly timeout?: number;
};

/** The options of `stop`. */
export type StopOptions = {
	/** Milliseconds to wait for the stop before the future rejects with `TimeoutError`; the stop still goes ahead. */
	readonly timeout?: number;
};

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
	readonly #cell: Cell;

	/** @internal */
	constructor(cell: Cell) {
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

	/** @internal */
	get cell(): Cell {
		return this.#cell;
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
	ask(message: MessageOf<A>, options?: AskOptions): Future<ReplyOf<A>> {
		const timeout = options === undefined ? undefined : timeoutOption(options);
		const cell = this.#cell;
		const future = new Future<ReplyOf<A>>();
		if (cell.status !== 'running') {
			future.tryReject(cell.deadError());
			return future;
		}

		future.replier = cell;
		cell.deliver(message, future);
		if (timeout !== undefined) {
			future.expireAfter(timeout, `${cell.label} did not answer within ${timeout} ms`);
		}

		return future;
	}

	/** The original Pykka name of `ask`. */
	sendRequestReply(message: MessageOf<A>, options?: AskOptions): Future<ReplyOf<A>> {
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
		const future = new Future<boolean>();
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
	 * The proxy of this actor, the same object each time: its methods and
	 * fields, run inside the actor, as futures. Only class actors have one.
	 *
	 * @throws {TypeError} for an actor spawned from a generator function.
	 * @throws {ActorDeadError} if the actor is not alive (as Pykka).
	 */
	proxy(): ActorProxy<A> {
		if (this.#cell.status !== 'running') {
			throw this.#cell.deadError();
		}

		return proxyOf(this);
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
