/**
 * Actor: the base class of class actors, Pykka's API on the generator runtime.
 */
import {Future} from '../future.js';
import {log} from '../logger.js';
import {cellOf, type ActorRef} from '../ref.js';
import {callAsync, isAsyncFunction} from '../runtime/async-context.js';
import {defaultSystem, startIn, systemOf, type ActorSystem} from '../system.js';
import {show, tagOf} from '../validate.js';
import {timerOptions, type TimerOptions} from '../effects.js';
import type {Supervision} from '../supervision.js';
import {takeBirth} from './birth.js';
import type {ClassActorCell} from './cell.js';
import type {ActorProxy} from './proxy.js';
import {startActor, type ActorConstructor} from './start.js';

/** A class actor's keyed timers (see `Actor#timers`). */
export type ActorTimers = {
	/** Starts the timer `key`: `message` to this actor once after `afterMs`, or every `everyMs`. */
	start(key: unknown, message: unknown, options: TimerOptions): void;
	/** Cancels the timer `key`; gives whether there was one. */
	cancel(key: unknown): boolean;
};

function checkedRef(ref: unknown): ActorRef<unknown> {
	if (tagOf(ref) !== '[object ActorRef]') {
		throw new TypeError(`Expected \`ref\` to be an ActorRef, got ${show(ref)}`);
	}

	return ref as ActorRef<unknown>;
}

/**
 * Subclass it, start it, and talk to it through its ref or its proxy. The
 * actor handles one message at a time; its hooks, `onReceive` and its methods
 * may be plain, `async`, or generator methods that `yield*` effects and
 * futures (waiting on another actor without blocking anyone).
 *
 * @example
 * class Greeter extends Actor {
 *   override onReceive(message: {name: string}) {
 *     return `Hi ${message.name}!`;
 *   }
 * }
 * const greeter = Greeter.start();
 * console.log(await greeter.ask({name: 'Ada'})); // Hi Ada!
 */
export class Actor {
	readonly #cell: ClassActorCell;

	/**
	 * Starts an actor of this class in the default system, with these
	 * constructor arguments, and gives its ref.
	 *
	 * @example
	 * const ref = Adder.start(10);
	 */
	static start<A extends Actor, Args extends unknown[]>(this: ActorConstructor<A, Args>, ...args: Args): ActorRef<A> {
		return startActor(defaultSystem(), this, args);
	}

	/**
	 * Starts an actor of this class in the default system and gives its proxy.
	 *
	 * @example
	 * const adder = Adder.startProxy();
	 * console.log(await adder.add(1, 2)); // 3
	 */
	static startProxy<A extends Actor, Args extends unknown[]>(this: ActorConstructor<A, Args>, ...args: Args): ActorProxy<A> {
		return startActor(defaultSystem(), this, args).proxy();
	}

	/**
	 * How `system.start(SomeActor, …)` starts this class's actors: the system
	 * knows no classes, the class knows how to start itself. Not for calling
	 * directly: use `start` or `system.start`.
	 */
	static [startIn]<A extends Actor, Args extends unknown[]>(this: ActorConstructor<A, Args>, system: ActorSystem, args: Args): ActorRef<A> {
		return startActor(system, this, args);
	}

	constructor() {
		const birth = takeBirth();
		if (birth === undefined) {
			throw new TypeError(`Actors are started with ${new.target.name}.start(…) or system.start(${new.target.name}, …), not constructed with new`);
		}

		this.#cell = birth;
	}

	/** This actor's unique id, `urn:uuid:<v4>`. */
	get actorUrn(): string {
		return this.#cell.urn;
	}

	/** This actor's ref. */
	get actorRef(): ActorRef<this> {
		return this.#cell.ref as ActorRef<this>;
	}

	/** The system this actor lives in: start siblings with `this.system.start(…)`. */
	get system(): ActorSystem {
		return systemOf(this.#cell);
	}

	/**
	 * Stops this actor after the messages already in its mailbox, as Pykka's
	 * `stop()` does: `this.actorRef.tell(x); this.stop()` handles `x` first.
	 * Works from a handler, a hook, a timer or a promise callback. Returns
	 * nothing: an actor must not wait for its own stop (`this.actorRef.stop()`
	 * gives the future, for others to wait on).
	 */
	stop(): void {
		const cell = this.#cell;
		if (cell.status === 'running') {
			cell.requestStop(new Future<boolean>());
		}
	}

	/**
	 * Restarts this class's actors in place after a failure, as the policy
	 * made by `restart(...)` allows: a fresh instance, made with the same
	 * arguments, runs its `onStart`, and takes the messages that waited; the
	 * ref, URN and registry entry stay. Without it, a failed actor fails for good.
	 *
	 * @example
	 * class Worker extends Actor {
	 *   static override supervision = restart({backoff: {minMs: 100}});
	 * }
	 */
	static supervision: Supervision | undefined = undefined;

	/**
	 * Watches another actor: when it dies (or at once, if it is dead already)
	 * this actor receives a `Down` message, once: in `onDown(down)` if the
	 * class defines it, else in `onReceive`.
	 */
	watch(ref: ActorRef<unknown>): void {
		this.#cell.watch(cellOf(checkedRef(ref)));
	}

	/** Stops watching an actor: no `Down` of it is received after this, even one already queued. */
	unwatch(ref: ActorRef<unknown>): void {
		this.#cell.unwatch(cellOf(checkedRef(ref)));
	}

	/**
	 * This actor's keyed timers: `start(key, message, {afterMs} | {everyMs})`
	 * sends it `message` once or repeatedly (a timer under a key in use is
	 * replaced), `cancel(key)` stops one. The message of a cancelled or
	 * replaced timer is never received, even if already queued. They end when
	 * the actor stops or restarts.
	 */
	get timers(): ActorTimers {
		const cell = this.#cell;
		return {
			start(key, message, options) {
				const {afterMs, everyMs} = timerOptions(options);
				cell.startTimer(key, message, everyMs, afterMs);
			},
			cancel(key) {
				return cell.cancelTimer(key);
			},
		};
	}

	/** Runs inside the actor before any message. An error here kills the actor (no `onFailure`, no `onStop`). */
	onStart(): unknown {
		return undefined;
	}

	/** Runs inside the actor when it stops normally (not after a failure). */
	onStop(): unknown {
		return undefined;
	}

	/** Runs inside the actor after a handler of a tell threw; the actor then stops, without `onStop`. */
	onFailure(_error: unknown): unknown {
		return undefined;
	}

	/**
	 * Handles a message sent with `tell` or `ask`; its result answers the ask.
	 * By default it calls `react` (the original Pykka name), which warns that
	 * the message is not handled and answers `undefined`.
	 */
	onReceive(message: unknown): unknown {
		// An async react runs inside the actor's async context, as any async handler.
		const {react} = this;
		return isAsyncFunction(react) ? callAsync(this.#cell, react, this, [message]) : this.react(message);
	}

	/** The original Pykka name of `onReceive`; override either one. */
	react(message: unknown): unknown {
		log(this.#cell.host.logger, 'warn', `${String(this)} got a message it does not handle: ${show(message)}`);
		return undefined;
	}

	/** `ClassName (urn:uuid:…)`. */
	toString(): string {
		return this.#cell.label;
	}
}
