/**
 * The registry: every running actor of a system, in start order.
 */
import type {Clock} from './clock.js';
import {Future} from './future.js';
import {log, wantsDebug, type Logger} from './logger.js';
import type {MessageOf} from './protocol.js';
import {ActorRef, cellOf} from './ref.js';
import type {Cell} from './runtime/cell.js';
import {isInstance, show, tagOf, timeoutOption} from './validate.js';

// Set by `Registry`'s static block: the module's own way past its private constructor.
let makeRegistry: (logger: () => Logger, current: () => ActorRef | undefined, clock: Clock) => Registry;

/**
 * The registry of a system, which gives it its logger and the actor whose
 * code runs now (`stopAll` stops that one last). Only systems make registries.
 *
 * @internal
 */
export function registryFor(logger: () => Logger, current: () => ActorRef | undefined, clock: Clock): Registry {
	return makeRegistry(logger, current, clock);
}

/** The options of `stopAll`. */
export type StopAllOptions = {
	/** Milliseconds for the whole call: the future rejects with `TimeoutError` then, and the stopping still goes on. */
	readonly timeout?: number | undefined;
};

/** A class of actors, for lookups by class. */
export type ActorClass<A = object> = abstract new (...args: never) => A;

/**
 * Every running actor of a system, class-based or spawned, in start order. A
 * stopped actor leaves it, and is not kept reachable by it.
 *
 * The default system's registry is exported as `ActorRegistry`; another
 * system's is `system.registry`.
 *
 * @example
 * const adders = ActorRegistry.getByClass(Adder);
 * ActorRegistry.broadcast('tick');
 * await ActorRegistry.stopAll();
 */
export class Registry {
	static {
		makeRegistry = (logger, current, clock) => new Registry(logger, current, clock);
	}

	// An intrusive doubly linked list through the cells: start order, O(1)
	// insertion and removal, and no allocation or hashing per actor, which
	// matters when actors are started and stopped by the hundred thousand.
	#first: Cell | undefined = undefined;
	#last: Cell | undefined = undefined;
	#size = 0;
	readonly #logger: () => Logger;
	readonly #current: () => ActorRef | undefined;

	readonly #clock: Clock;

	private constructor(logger: () => Logger, current: () => ActorRef | undefined, clock: Clock) {
		this.#clock = clock;
		this.#logger = logger;
		this.#current = current;
	}

	/** How many actors are registered. */
	get size(): number {
		return this.#size;
	}

	/** Every registered actor, in start order. */
	getAll(): ActorRef[] {
		const refs: ActorRef[] = [];
		for (let cell = this.#first; cell !== undefined; cell = cell.registryNext) {
			refs.push(cell.ref);
		}

		return refs;
	}

	/** The actors of a class, subclasses included, in start order. */
	getByClass<A extends object>(actorClass: ActorClass<A>): Array<ActorRef<A>> {
		checkClass(actorClass, 'actorClass');

		return this.getAll().filter(ref => cellOf(ref).instance instanceof actorClass) as Array<ActorRef<A>>;
	}

	/** The actors whose class (or spawned behaviour) has exactly this name, in start order. */
	getByClassName(name: string): ActorRef[] {
		if (typeof name === 'function') {
			throw new TypeError(`Expected \`name\` to be a class name (a string: for a class use getByClass, or pass its \`.name\`), got ${show(name)}`);
		}

		if (typeof name !== 'string') {
			throw new TypeError(`Expected \`name\` to be a class name (a string), got ${show(name)}`);
		}

		return this.getAll().filter(ref => ref.actorName === name);
	}

	/** The actor with this URN, or `undefined`. */
	getByUrn(urn: string): ActorRef | undefined {
		if (typeof urn !== 'string') {
			throw new TypeError(`Expected \`urn\` to be a string, got ${show(urn)}`);
		}

		for (let cell = this.#first; cell !== undefined; cell = cell.registryNext) {
			if (cell.urn === urn) {
				return cell.ref;
			}
		}

		return undefined;
	}

	/**
	 * Tells a message to every registered actor, or to those of a class (or
	 * class name). Actors that stop meanwhile are skipped.
	 */
	broadcast<A extends object>(message: MessageOf<A>, target?: ActorClass<A> | string): void {
		let refs: ActorRef[];
		if (target === undefined) {
			refs = this.getAll();
		} else if (typeof target === 'string') {
			refs = this.getByClassName(target);
		} else if (isClass(target)) {
			refs = this.getByClass(target);
		} else {
			throw new TypeError(`Expected \`target\` to be a class or a class name, got ${show(target)}`);
		}

		for (const ref of refs) {
			if (ref.isAlive()) {
				ref.tell(message);
			}
		}
	}

	/**
	 * Stops every registered actor, in reverse start order, each after the
	 * previous one has stopped. Gives each stop's boolean, in that order. With
	 * `timeout`, one deadline for the whole call: the future rejects with
	 * `TimeoutError` then, and the stopping still goes on.
	 *
	 * Called from inside an actor, that actor is stopped last and not waited
	 * for (it is busy with the very message that called this); its entry is
	 * `true` once its stop is requested.
	 */
	stopAll(options?: StopAllOptions): Future<boolean[]> {
		const timeout = timeoutOption(options);
		const caller = this.#current();
		const refs = this.getAll().toReversed();
		const result = new Future<boolean[]>().useClock(this.#clock);
		if (timeout !== undefined) {
			result.expireAfter(timeout, `${refs.length} actors were not all stopped within ${timeout} ms`);
		}

		// Stopping the caller last: move it to the end of the order.
		if (caller !== undefined && refs.includes(caller)) {
			refs.splice(refs.indexOf(caller), 1);
			refs.push(caller);
		}

		const stopped: boolean[] = [];
		let index = 0;
		// A loop, not recursion: stops that settle at once (dead actors) must
		// not grow the stack however many actors there are.
		const advance = (): void => {
			while (index < refs.length) {
				const ref = refs[index++]!;
				if (ref === caller) {
					stopped.push(ref.isAlive());
					ref.stop();
					continue;
				}

				const stop = ref.stop();
				if (stop.settled) {
					stopped.push(!stop.rejected && (stop.result as boolean));
					continue;
				}

				stop.listen({
					futureSettled(settled) {
						stopped.push(!settled.rejected && (settled.result as boolean));
						advance();
					},
				});
				return;
			}

			result.trySet(stopped);
		};

		advance();
		return result;
	}

	/**
	 * Kills every registered actor (see `ActorRef#kill`), all at once: the
	 * way out when `stopAll({timeout})` timed out on actors that will not
	 * stop. Gives each kill's boolean, in reverse start order, once all are dead.
	 *
	 * @example
	 * await system.stopAll({timeout: 5000}).catch(async () => system.killAll());
	 */
	killAll(): Future<boolean[]> {
		const kills = this.getAll().toReversed().map(ref => ref.kill());
		const result = new Future<boolean[]>().useClock(this.#clock);
		let remaining = kills.length;
		if (remaining === 0) {
			result.trySet([]);
		}

		const counter = {
			futureSettled() {
				remaining--;
				if (remaining === 0) {
					result.trySet(kills.map(settled => !settled.rejected && (settled.result as boolean)));
				}
			},
		};
		for (const kill of kills) {
			kill.listen(counter);
		}

		return result;
	}

	/**
	 * Adds an actor, if it is alive and in no registry yet. Actors register
	 * themselves when started.
	 */
	register(ref: ActorRef): void {
		checkRef(ref);
		const cell = cellOf(ref);
		if (!ref.isAlive() || cell.registry !== undefined) {
			return;
		}

		cell.registry = this;
		cell.registryPrevious = this.#last;
		cell.registryNext = undefined;
		if (this.#last === undefined) {
			this.#first = cell;
		} else {
			this.#last.registryNext = cell;
		}

		this.#last = cell;
		this.#size++;
		const logger = this.#logger();
		if (wantsDebug(logger)) {
			log(logger, 'debug', `Registered ${String(ref)}`);
		}
	}

	/** Removes an actor. Actors unregister themselves when they stop. */
	unregister(ref: ActorRef): void {
		checkRef(ref);
		const cell = cellOf(ref);
		if (cell.registry !== this) {
			return;
		}

		const {registryPrevious: previous, registryNext: next} = cell;
		if (previous === undefined) {
			this.#first = next;
		} else {
			previous.registryNext = next;
		}

		if (next === undefined) {
			this.#last = previous;
		} else {
			next.registryPrevious = previous;
		}

		cell.registry = undefined;
		cell.registryPrevious = undefined;
		cell.registryNext = undefined;
		this.#size--;
		const logger = this.#logger();
		if (wantsDebug(logger)) {
			log(logger, 'debug', `Unregistered ${String(ref)}`);
		}
	}
}

/** Whether a value can be a class: a function with a prototype (arrow functions and methods have none). */
function isClass(value: unknown): value is ActorClass {
	return typeof value === 'function' && typeof (value as {prototype?: unknown}).prototype === 'object';
}

function checkClass(value: unknown, name: string): void {
	if (!isClass(value)) {
		throw new TypeError(`Expected \`${name}\` to be a class, got ${show(value)}`);
	}
}

function checkRef(value: unknown): void {
	if (!isInstance(value, ActorRef)) {
		const hint = tagOf(value) === '[object ActorProxy]' ? '; pass `proxy.actorRef`' : '';
		throw new TypeError(`Expected \`ref\` to be an ActorRef, got ${show(value)}${hint}`);
	}
}
