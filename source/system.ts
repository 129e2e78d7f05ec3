/**
 * ActorSystem: one scheduler, one registry, one logger, and the actors that
 * live on them. A default system serves `spawn`, `Actor.start` and
 * `ActorRegistry`; `createSystem()` gives an isolated one (for a test, or a
 * library that wants its own actors apart).
 */
import type {Effect} from './effects.js';
import type {Future} from './future.js';
import {checkLogger, consoleLogger, log, wantsDebug, type Logger} from './logger.js';
import {ActorRef, type Receives} from './ref.js';
import {Registry} from './registry.js';
import {currentCell} from './runtime/async-context.js';
import {Cell, type CellHost} from './runtime/cell.js';
import {Scheduler} from './runtime/scheduler.js';
import {checkOptions, show} from './validate.js';
import {anchorShapes} from './shapes.js';
import {startActor, type ActorConstructor} from './classes/start.js';
import type {ActorProxy} from './classes/proxy.js';
import type {Actor} from './classes/actor.js';

/** A behaviour: a generator function whose yields are effects. */
export type Behaviour<Args extends unknown[] = []> = (...args: Args) => Generator<Effect, unknown, unknown>;

/** The options of `spawn`. */
export type SpawnOptions<Args extends unknown[] = []> = {
	/** The name the actor is shown with (`Name (urn:uuid:…)`); the function's name by default. */
	readonly name?: string;
	/** Arguments to call the behaviour with. */
	readonly args?: Args;
};

/**
 * The options of `spawn`: optional for a behaviour that takes no arguments,
 * required (with `args`) for one that does.
 */
export type SpawnRest<Args extends unknown[]> = [] extends Args
	? [options?: SpawnOptions<Args>]
	: [options: SpawnOptions<Args> & {readonly args: Args}];

/** The options of `createSystem`. */
export type SystemOptions = {
	/** Where failures, warnings and debug output go; errors to stderr by default. */
	readonly logger?: Logger;
	/** Steps an actor may take in one turn before the next runnable actor goes (default 64). */
	readonly budget?: number;
};

const GeneratorFunction = Object.getPrototypeOf(function * () {}).constructor as unknown;

/**
 * What the cells of a system see of it. A class, not an object literal with
 * a getter, so that V8 keeps it a fast object: the interpreter reads it on
 * every slice.
 */
class SystemHost implements CellHost {
	readonly scheduler: Scheduler;
	readonly system: ActorSystem;
	handedReplies = 0;

	constructor(system: ActorSystem, scheduler: Scheduler) {
		this.system = system;
		this.scheduler = scheduler;
	}

	get logger(): Logger {
		return this.system.logger;
	}

	cellStopping(cell: Cell): void {
		this.system.registry.unregister(cell.ref);
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
 * A world of actors: its own scheduler, registry and logger.
 *
 * @example
 * const system = createSystem();
 * const ref = system.spawn(echo);
 * await system.stopAll();
 */
export class ActorSystem {
	/** Every running actor of this system, in start order. */
	readonly registry: Registry;
	readonly #host: CellHost;
	#logger: Logger;

	constructor(options?: SystemOptions) {
		const bag = checkOptions(options);
		const logger = bag?.['logger'];
		const budget = bag?.['budget'];
		if (budget !== undefined && (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1)) {
			throw new TypeError(`Expected \`budget\` to be a whole number >= 1, got ${show(budget)}`);
		}

		this.#logger = logger === undefined ? consoleLogger : checkLogger(logger);
		this.registry = new Registry(() => this.logger, () => currentCell(this.#host.scheduler)?.ref);
		const scheduler = new Scheduler({
			budget: budget as number | undefined ?? 64,
			// Only a bug of the runtime itself gets here (user code fails its own
			// actor): report it, and let the other actors go on.
			onTaskError: error => {
				log(this.logger, 'error', 'pykka: internal error while running an actor:', error);
			},
		});
		this.#host = new SystemHost(this, scheduler);
	}

	/**
	 * Where failures, warnings and debug output go. Replace it at will; a
	 * method it leaves out is served by the console's.
	 */
	get logger(): Logger {
		return this.#logger;
	}

	set logger(logger: Logger) {
		this.#logger = checkLogger(logger);
	}

	/**
	 * Starts an actor whose behaviour is a generator function, and gives its
	 * ref. Type it with the messages it takes and what it answers:
	 * `spawn<number, number>(doubler)`.
	 *
	 * @example
	 * const echo = system.spawn(function * echo() {
	 *   for (;;) yield* reply(yield* receive());
	 * });
	 */
	spawn<M = unknown, R = unknown, Args extends unknown[] = []>(behaviour: Behaviour<Args>, ...[options]: SpawnRest<Args>): ActorRef<Receives<M, R>> {
		if (!(behaviour instanceof (GeneratorFunction as typeof Function))) {
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

		const cell = this.createCell((name as string | undefined) ?? (behaviour.name || 'Actor'), true);
		// Calling a generator function runs none of its body.
		cell.generator = behaviour(...(args ?? []) as Args);
		this.launch(cell);
		return cell.ref as ActorRef<Receives<M, R>>;
	}

	/**
	 * Starts a class actor: constructs it (here and now, with `args`), then
	 * runs `onStart` inside the actor before any message.
	 *
	 * @example
	 * const adder = system.start(Adder, 10);
	 */
	start<A extends Actor, Args extends unknown[]>(actorClass: ActorConstructor<A, Args>, ...args: Args): ActorRef<A> {
		return startActor(this, actorClass, args);
	}

	/** Starts a class actor and gives its proxy. */
	startProxy<A extends Actor, Args extends unknown[]>(actorClass: ActorConstructor<A, Args>, ...args: Args): ActorProxy<A> {
		return startActor(this, actorClass, args).proxy();
	}

	/** Stops every actor of this system; see `ActorRegistry#stopAll`. */
	stopAll(options?: {readonly timeout?: number}): Future<boolean[]> {
		return this.registry.stopAll(options);
	}

	/**
	 * A new cell of this system, with its ref; not yet running.
	 *
	 * @internal
	 */
	createCell(name: string, interruptible: boolean): Cell {
		const cell = new Cell(this.#host, name, interruptible);
		cell.ref = new ActorRef(cell);
		return cell;
	}

	/**
	 * Registers a cell whose generator is set, and schedules its first step.
	 *
	 * @internal
	 */
	launch(cell: Cell): void {
		this.registry.register(cell.ref);
		if (wantsDebug(this.logger)) {
			log(this.logger, 'debug', `Started ${cell.label}`);
		}

		this.#host.scheduler.schedule(cell);
	}
}

/**
 * An isolated system of actors: its own registry and interpreter state.
 *
 * @example
 * test('echo', async t => {
 *   const system = createSystem();
 *   const ref = system.spawn(echo);
 *   t.is(await ref.ask('hi'), 'hi');
 *   await system.stopAll();
 * });
 */
export function createSystem(options?: SystemOptions): ActorSystem {
	return new ActorSystem(options);
}

/**
 * The one system that scripts share. Making it holds no handle and starts
 * nothing, so it is made at import.
 */
const theDefaultSystem = new ActorSystem();

/** Held for the life of the process: see `shapes.ts`. */
export const shapeAnchors = anchorShapes(theDefaultSystem);

/**
 * The system behind `spawn`, `Actor.start` and `ActorRegistry`.
 */
export function defaultSystem(): ActorSystem {
	return theDefaultSystem;
}

/**
 * Starts an actor of the default system from a generator function; see
 * `ActorSystem#spawn`.
 *
 * @example
 * const ref = spawn(function * counter() {
 *   let count = 0;
 *   for (;;) {
 *     const n = yield* receive<number>();
 *     count += n;
 *     yield* reply(count);
 *   }
 * });
 */
export function spawn<M = unknown, R = unknown, Args extends unknown[] = []>(behaviour: Behaviour<Args>, ...rest: SpawnRest<Args>): ActorRef<Receives<M, R>> {
	return defaultSystem().spawn<M, R, Args>(behaviour, ...rest);
}

/**
 * The registry of the default system: every running actor started with
 * `spawn`, `Actor.start` or `Actor.startProxy`, in start order.
 *
 * @example
 * ActorRegistry.broadcast('tick', Clock);
 * await ActorRegistry.stopAll();
 */
export const ActorRegistry: Registry = defaultSystem().registry;
