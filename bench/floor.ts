/**
 * The floor: the least an actor runtime on Node's thread can do, written as
 * plainly as possible, to measure pykka against.
 *
 * An actor is an object whose methods handle messages. Its mailbox is three
 * parallel arrays (method name, argument, resolver) with a head index; one
 * run queue serves actors round-robin, a budget of messages per turn, drained
 * in a microtask. An ask is one Promise. No features: no selective receive,
 * no timeouts, no registry, no failure handling beyond rejecting the ask, no
 * handing the thread back to the event loop.
 */

type Resolve = (value: unknown) => void;

/** A message that stops the actor; its resolver gets `true`. */
const STOP = '\u0000stop';

/** Messages an actor handles in one turn before the next actor goes. */
const BUDGET = 64;

class FloorCell {
	readonly system: FloorSystem;
	readonly behaviour: object;
	methods: string[] = [];
	args: unknown[] = [];
	resolvers: Array<Resolve | undefined> = [];
	head = 0;
	scheduled = false;
	alive = true;

	constructor(system: FloorSystem, behaviour: object) {
		this.system = system;
		this.behaviour = behaviour;
	}

	deliver(method: string, arg: unknown, resolve: Resolve | undefined): void {
		this.methods.push(method);
		this.args.push(arg);
		this.resolvers.push(resolve);
		if (!this.scheduled) {
			this.system.schedule(this);
		}
	}

	/** Handles up to `BUDGET` messages; gives whether more are queued. */
	run(): boolean {
		const {methods, args, resolvers, behaviour} = this;
		let {head} = this;
		const end = Math.min(methods.length, head + BUDGET);
		for (; head < end && this.alive; head++) {
			const method = methods[head]!;
			const arg = args[head];
			const resolve = resolvers[head];
			args[head] = undefined;
			resolvers[head] = undefined;
			if (method === STOP) {
				this.alive = false;
				resolve?.(true);
				continue;
			}

			let result: unknown;
			try {
				result = (behaviour as Record<string, (arg: unknown) => unknown>)[method]!.call(behaviour, arg);
			} catch (error) {
				result = Promise.reject(error);
			}

			resolve?.(result);
		}

		if (head >= methods.length || !this.alive) {
			methods.length = 0;
			args.length = 0;
			resolvers.length = 0;
			this.head = 0;
			return false;
		}

		this.head = head;
		return true;
	}
}

/** A handle on a floor actor. */
export class FloorRef {
	readonly #cell: FloorCell;

	constructor(cell: FloorCell) {
		this.#cell = cell;
	}

	/** Calls `method(arg)` on the actor, fire and forget. */
	tell(method: string, arg?: unknown): void {
		this.#cell.deliver(method, arg, undefined);
	}

	/** Calls `method(arg)` on the actor; one Promise of its (awaited) result. */
	ask<T = unknown>(method: string, arg?: unknown): Promise<T> {
		return new Promise<T>(resolve => {
			this.#cell.deliver(method, arg, resolve as Resolve);
		});
	}

	/** Stops the actor after the messages sent before; the Promise gives `true`. */
	stop(): Promise<boolean> {
		return this.ask<boolean>(STOP);
	}
}

/** One run queue of floor actors. */
export class FloorSystem {
	readonly #queue: FloorCell[] = [];
	#head = 0;
	#running = false;
	#pending = false;
	readonly #drain = (): void => {
		this.#run();
	};

	/** Starts an actor whose methods handle its messages. */
	spawn(behaviour: object): FloorRef {
		return new FloorRef(new FloorCell(this, behaviour));
	}

	schedule(cell: FloorCell): void {
		cell.scheduled = true;
		this.#queue.push(cell);
		if (!this.#running && !this.#pending) {
			this.#pending = true;
			queueMicrotask(this.#drain);
		}
	}

	#run(): void {
		this.#pending = false;
		this.#running = true;
		const queue = this.#queue;
		while (this.#head < queue.length) {
			const cell = queue[this.#head]!;
			queue[this.#head] = undefined as unknown as FloorCell;
			this.#head++;
			cell.scheduled = false;
			// A cell that sent to itself during its turn is queued already.
			if (cell.run() && !cell.scheduled) {
				cell.scheduled = true;
				queue.push(cell);
			}

			if (this.#head >= 4096 && this.#head * 2 >= queue.length) {
				queue.splice(0, this.#head);
				this.#head = 0;
			}
		}

		queue.length = 0;
		this.#head = 0;
		this.#running = false;
	}
}

/** A new floor system, as `createSystem()` is for pykka. */
export function createFloor(): FloorSystem {
	return new FloorSystem();
}
