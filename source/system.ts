/**
 * ActorSystem: one scheduler, one registry, one logger, and the actors that
 * live on them. A default system, made on first use, serves `spawn`,
 * `Actor.start` and `ActorRegistry`; `createSystem()` gives an isolated one
 * (for a test, or a library that wants its own actors apart).
 */
import {realClock, type Clock} from './clock.js';
import type {ActorTypeOf, AnyBehaviour, Behaviour, Effect} from './effects.js';
import type {Future} from './future.js';
import {checkLogger, consoleLogger, log, wantsDebug, type Logger} from './logger.js';
import type {MessageOf, Receives} from './protocol.js';
import {ActorRef, cellOf, refFor} from './ref.js';
import type {ProxyOf} from './registered.js';
import {registryFor, type ActorClass, type Registry, type StopAllOptions} from './registry.js';
import {currentCell} from './runtime/async-context.js';
import type {Cell, CellHost} from './runtime/cell.js';
import {BehaviourCell} from './runtime/interpreter.js';
import {keepShapes} from './runtime/shapes.js';
import {Scheduler} from './runtime/scheduler.js';
import {Supervision} from './supervision.js';
import {checkOptions, isInstance, show} from './validate.js';

/** The options of `spawn`. */
export type SpawnOptions<Args extends unknown[] = []> = {
	/** The name the actor is shown with (`Name (urn:uuid:…)`); the function's name by default. */
	readonly name?: string | undefined;
	/** Arguments to call the behaviour with (also at each restart). */
	readonly args?: Args | undefined;
	/**
	 * Restarts the actor in place after a failure, as the policy made by
	 * `restart(...)` allows; without it a failed actor fails for good.
	 */
	readonly supervise?: Supervision | undefined;
};

/**
 * The options of `spawn`: optional for a behaviour that takes no arguments,
 * required (with `args`) for one that does.
 */
export type SpawnRest<Args extends unknown[]> = [] extends Args
	? [options?: SpawnOptions<Args>]
	: [options: SpawnOptions<Args> & {
		/** The behaviour's arguments, required since it takes some. */
		readonly args: Args;
	}];

/** The options of `createSystem`. */
export type SystemOptions = {
	/** Where failures, warnings and debug output go; errors to stderr by default. */
	readonly logger?: Logger | undefined;
	/** Steps an actor may take in one turn before the next runnable actor goes (default 64). */
	readonly budget?: number | undefined;
	/**
	 * Where the system's time comes from: every timeout and sleep of its
	 * actors, asks and stops (default: the real clock). `pykka/testing` gives
	 * a virtual one.
	 */
	readonly clock?: Clock | undefined;
};

/**
 * The key of the static method through which a class starts its actors in a
 * system. `Actor` defines it (in `classes/`), so that the system starts class
 * actors without knowing the class adapter.
 */
export const startIn: unique symbol = Symbol('pykka.startIn');

/** A class whose actors a system can start: a concrete subclass of `Actor`. */
export type StartableClass<A extends object, Args extends unknown[]> = (new (...args: Args) => A) & {
	/** How the class starts its actors in a system (`Actor` has it). */
	readonly [startIn]: (system: ActorSystem, args: unknown[]) => unknown;
};

const GeneratorFunction = (Object.getPrototypeOf(function * () {}) as object).constructor as unknown;

/**
 * What the cells of a system see of it. A class, not an object literal with
 * a getter, so that V8 keeps it a fast object: the interpreter reads it on
 * every slice.
 */
class SystemHost implements CellHost {
	readonly scheduler: Scheduler;
	readonly system: ActorSystem;
	readonly clock: Clock;
	handedReplies = 0;

	constructor(system: ActorSystem, scheduler: Scheduler, clock: Clock) {
		this.system = system;
		this.scheduler = scheduler;
		this.clock = clock;
	}

	get logger(): Logger {
		return this.system.logger;
	}

	cellStopping(cell: Cell): void {
		this.system.registry.unregister(cell.ref);
	}

	cellOf(ref: unknown): Cell {
		if (!isInstance(ref, ActorRef)) {
			throw new TypeError(`Expected \`ref\` to be an ActorRef, got ${show(ref)}`);
		}

		return cellOf(ref);
	}
}

/**
 * The system a cell lives in (every cell's host is a system's).
 *
 * @internal
 */
export function systemOf(cell: Cell): ActorSystem {
	return (cell.host as unknown as SystemHost).system;
}

/**
 * The host that the cells of `system` are made with (the class adapter makes
 * its own cells).
 *
 * @internal
 */
export function hostOf(system: ActorSystem): CellHost {
	return readHost(system);
}

let readHost: (system: ActorSystem) => CellHost;

/**
 * Gives a new cell its ref, registers it, and schedules its first step.
 *
 * @internal
 */
export function launch(system: ActorSystem, cell: Cell): void {
	cell.attachRef(refFor(cell));
	system.registry.register(cell.ref);
	if (wantsDebug(system.logger)) {
		log(system.logger, 'debug', `Started ${cell.label}`);
	}

	hostOf(system).scheduler.schedule(cell);
}

function checkClock(value: unknown): Clock {
	const clock = value as Partial<Record<keyof Clock, unknown>> | null;
	if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function' || typeof clock.setTimeout !== 'function' || typeof clock.clearTimeout !== 'function') {
		throw new TypeError(`Expected \`clock\` to be an object with now, setTimeout and clearTimeout methods, got ${show(value)}`);
	}

	return value as Clock;
}

/**
 * A world of actors: its own scheduler, registry and logger.
 *
 * @example
 * const system = createSystem();
 * const ref = system.spawn(echo);
 * await system.stopAll();
 */
export class ActorSystem {
	static {
		readHost = system => system.#host;
	}

	/** Every running actor of this system, in start order. */
	readonly registry: Registry;
	readonly #host: SystemHost;
	#logger: Logger;

	constructor(options?: SystemOptions) {
		const bag = checkOptions(options);
		const logger = bag?.['logger'];
		const budget = bag?.['budget'];
		if (budget !== undefined && (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1)) {
			throw new TypeError(`Expected \`budget\` to be a whole number >= 1, got ${show(budget)}`);
		}

		this.#logger = logger === undefined ? consoleLogger : checkLogger(logger);
		const clock = bag?.['clock'] === undefined ? realClock : checkClock(bag['clock']);
		this.registry = registryFor(() => this.logger, () => currentCell(this.#host.scheduler)?.ref, clock);
		const scheduler = new Scheduler({
			budget: budget ?? 64,
			// Only a bug of the runtime itself gets here (user code fails its own
			// actor): report it, and let the other actors go on.
			onTaskError: error => {
				log(this.logger, 'error', 'pykka: internal error while running an actor:', error);
			},
		});
		this.#host = new SystemHost(this, scheduler, clock);
		if (!systemAnchored) {
			// The hidden classes of a system's parts (its host, scheduler, registry)
			// are on every hot path: when a test's or a benchmark's systems are all
			// gone, a full GC would take them, and the optimised interpreter with
			// them. One idle system of the runtime's own keeps them (see
			// `runtime/shapes.ts`); it holds no handle and runs nothing.
			systemAnchored = true;
			keepShapes('system', () => {
				const anchor = new ActorSystem();
				return [anchor, refFor(new BehaviourCell(anchor.#host, 'ShapeAnchor'))];
			});
		}
	}

	/** Where this system's time comes from (see `SystemOptions.clock`). */
	get clock(): Clock {
		return this.#host.clock;
	}

	/**
	 * Where failures, warnings and debug output go. Replace it at will; a
	 * method it leaves out is served by the console's.
	 */
	get logger(): Logger {
		return this.#logger;
	}

	/** Replaces the logger; a member that is there but not a function is refused with a `TypeError`. */
	set logger(logger: Logger) {
		this.#logger = checkLogger(logger);
	}

	/**
	 * Starts an actor whose behaviour is a generator function, and gives its
	 * ref. The ref is typed by the actor type the behaviour declares with
	 * `Handles<A>`, and `args` by the behaviour's parameters; or give the
	 * message and reply types: `spawn<number, number>(doubler)`.
	 *
	 * @example
	 * const echo = system.spawn(function * echo(): Handles<Receives<string, string>> {
	 *   for (;;) yield* reply(yield* receive<string>());
	 * });
	 */
	spawn<B extends AnyBehaviour>(behaviour: B, ...rest: SpawnRest<Parameters<B>>): ActorRef<ActorTypeOf<B>>;
	spawn<M, R = unknown, Args extends unknown[] = []>(behaviour: Behaviour<Args>, ...rest: SpawnRest<Args>): ActorRef<Receives<M, R>>;
	spawn(behaviour: AnyBehaviour, ...[options]: [options?: SpawnOptions<unknown[]>]): ActorRef {
		if (!isInstance(behaviour, GeneratorFunction as typeof Function)) {
			throw new TypeError(`Expected \`behaviour\` to be a generator function (function*), got ${show(behaviour)}`);
		}

		const bag = checkOptions(options);
		const name = bag?.['name'];
		if (name !== undefined && (typeof name !== 'string' || name === '')) {
			throw new TypeError(`Expected \`name\` to be a non-empty string, got ${show(name)}`);
		}

		const args = bag?.['args'];
		if (args !== undefined && !Array.isArray(args)) {
			throw new TypeError(`Expected \`args\` to be an array, got ${show(args)}`);
		}

		const supervise = bag?.['supervise'];
		if (supervise !== undefined && !isInstance(supervise, Supervision)) {
			throw new TypeError(`Expected \`supervise\` to be a policy made by restart(), got ${show(supervise)}`);
		}

		const cell = new BehaviourCell(this.#host, name ?? (behaviour.name || 'Actor'));
		const call = behaviour as (...args: unknown[]) => Generator<Effect, unknown, unknown>;
		const argumentList = (args as unknown[] | undefined) ?? [];
		// Calling a generator function runs none of its body.
		cell.start(call(...argumentList));
		if (supervise !== undefined) {
			// A closure only for a supervised actor: a closure costs every spawn (and tsx names each one).
			cell.supervise(supervise, () => call(...argumentList));
		}

		launch(this, cell);
		return cell.ref;
	}

	/**
	 * Starts a class actor: constructs it (here and now, with `args`), then
	 * runs `onStart` inside the actor before any message.
	 *
	 * @example
	 * const adder = system.start(Adder, 10);
	 */
	start<A extends object, Args extends unknown[]>(actorClass: StartableClass<A, Args>, ...args: Args): ActorRef<A> {
		if (typeof actorClass !== 'function' || typeof (actorClass as Partial<StartableClass<A, Args>>)[startIn] !== 'function') {
			throw new TypeError(`Expected \`actorClass\` to be a class that extends Actor, got ${show(actorClass)}`);
		}

		return actorClass[startIn](this, args) as ActorRef<A>;
	}

	/** Starts a class actor and gives its proxy. */
	startProxy<A extends object, Args extends unknown[]>(actorClass: StartableClass<A, Args>, ...args: Args): ProxyOf<A> {
		return this.start(actorClass, ...args).proxy();
	}

	/** Stops every actor of this system; see `Registry#stopAll`. */
	stopAll(options?: StopAllOptions): Future<boolean[]> {
		return this.registry.stopAll(options);
	}

	/** Kills every actor of this system; see `Registry#killAll`. */
	killAll(): Future<boolean[]> {
		return this.registry.killAll();
	}
}

/**
 * An isolated system of actors: its own registry and interpreter state.
 *
 * @example
 * test('echo', async t => {
 *   const system = createSystem();
 *   t.teardown(async () => system.stopAll());
 *   const ref = system.spawn(echo);
 *   t.is(await ref.ask('hi'), 'hi');
 * });
 */
export function createSystem(options?: SystemOptions): ActorSystem {
	return new ActorSystem(options);
}

/** Whether the parts of systems have their shapes anchored (see the constructor). */
let systemAnchored = false;

/** The one system that scripts share, made on first use. */
let theDefaultSystem: ActorSystem | undefined;

/**
 * The system behind `spawn`, `Actor.start` and `ActorRegistry`, made on
 * first use (making it holds no handle and starts nothing).
 */
export function defaultSystem(): ActorSystem {
	theDefaultSystem ??= new ActorSystem();
	return theDefaultSystem;
}

/**
 * Starts an actor of the default system from a generator function; see
 * `ActorSystem#spawn`.
 *
 * @example
 * const ref = spawn(function * counter(): Handles<Receives<number, number>> {
 *   let count = 0;
 *   for (;;) {
 *     count += yield* receive<number>();
 *     yield* reply(count);
 *   }
 * });
 */
export function spawn<B extends AnyBehaviour>(behaviour: B, ...rest: SpawnRest<Parameters<B>>): ActorRef<ActorTypeOf<B>>;
export function spawn<M, R = unknown, Args extends unknown[] = []>(behaviour: Behaviour<Args>, ...rest: SpawnRest<Args>): ActorRef<Receives<M, R>>;
export function spawn(behaviour: AnyBehaviour, ...rest: [options?: SpawnOptions<unknown[]>]): ActorRef {
	return (defaultSystem().spawn as (behaviour: AnyBehaviour, ...rest: [options?: SpawnOptions<unknown[]>]) => ActorRef)(behaviour, ...rest);
}

/**
 * The registry of the default system: every running actor started with
 * `spawn`, `Actor.start` or `Actor.startProxy`, in start order. Its methods
 * are those of `Registry` (Pykka's `ActorRegistry` is a class of class
 * methods too); the default system is made when one is first called.
 *
 * @example
 * ActorRegistry.broadcast('tick', Clock);
 * await ActorRegistry.stopAll();
 */
export class ActorRegistry {
	/** How many actors are registered. */
	static get size(): number {
		return defaultSystem().registry.size;
	}

	/** Every registered actor, in start order. */
	static getAll(): ActorRef[] {
		return defaultSystem().registry.getAll();
	}

	/** The actors of a class, subclasses included, in start order. */
	static getByClass<A extends object>(actorClass: ActorClass<A>): Array<ActorRef<A>> {
		return defaultSystem().registry.getByClass(actorClass);
	}

	/** The actors whose class (or spawned behaviour) has exactly this name, in start order. */
	static getByClassName(name: string): ActorRef[] {
		return defaultSystem().registry.getByClassName(name);
	}

	/** The actor with this URN, or `undefined`. */
	static getByUrn(urn: string): ActorRef | undefined {
		return defaultSystem().registry.getByUrn(urn);
	}

	/** Tells a message to every registered actor, or to those of a class (or class name). */
	static broadcast<A extends object>(message: MessageOf<A>, target?: ActorClass<A> | string): void {
		defaultSystem().registry.broadcast(message, target);
	}

	/** Stops every registered actor, in reverse start order; see `Registry#stopAll`. */
	static stopAll(options?: StopAllOptions): Future<boolean[]> {
		return defaultSystem().registry.stopAll(options);
	}

	/** Kills every registered actor; see `Registry#killAll`. */
	static killAll(): Future<boolean[]> {
		return defaultSystem().registry.killAll();
	}

	/** Adds an actor, if it is alive and in no registry yet. */
	static register(ref: ActorRef): void {
		defaultSystem().registry.register(ref);
	}

	/** Removes an actor. */
	static unregister(ref: ActorRef): void {
		defaultSystem().registry.unregister(ref);
	}
}

