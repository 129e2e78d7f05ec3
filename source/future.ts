/**
 * Future: a value that will be there later, settled exactly once.
 *
 * Unlike a Promise it can be inspected synchronously, settled from outside,
 * and waited on inside a behaviour with `yield*` (the actor suspends, nothing
 * blocks). It is also a thenable, so `await future` works anywhere.
 *
 * A rejected future that nobody reads is simply garbage: no Promise exists
 * until someone calls `then`/`get`, so it never raises an unhandled rejection.
 */
import {inspect, type InspectOptionsStylized} from 'node:util';
import {realClock, type Clock, type TimerHandle} from './clock.js';
import {EffectBase} from './effect-base.js';
import {PykkaError, TimeoutError} from './errors.js';
import type {RefOf} from './registered.js';
import {checkFunction, checkOptions, isInstance, show, signalOption, timeoutOption} from './validate.js';

/**
 * Settling is a loop, not a recursion: while the listeners of one future are
 * told, futures they settle wait here, and the outermost settle tells theirs
 * in turn. A chain of derived futures of any length thus settles on a flat
 * stack, and every listener has been told by the time that settle returns.
 */
let notifying = false;
let backlog: Array<Future<unknown> | undefined> | undefined;
let backlogHead = 0;

/**
 * Attaching a combined future to its parts, and detaching it, is a loop too:
 * a `join` of a `join` of … attaches each level in turn, not nested.
 */
let linking = false;
let links: Array<(() => void) | undefined> | undefined;

function link(step: () => void): void {
	if (linking) {
		(links ??= []).push(step);
		return;
	}

	linking = true;
	try {
		step();
		if (links !== undefined) {
			const queue = links;
			for (let index = 0; index < queue.length; index++) {
				const next = queue[index] as () => void;
				queue[index] = undefined;
				next();
			}
		}
	} finally {
		linking = false;
		links = undefined;
	}
}

/**
 * What settles a future from other futures, attached to them while the
 * future is wanted: from its making, and again whenever something listens to
 * it or inspects it after its last listener left. A `join` nobody waits on
 * any more (its `get` timed out) then holds on to nothing, and nothing holds it.
 *
 * @internal
 */
export type Demand = {
	attach(): void;
	detach(): void;
};

/**
 * Told when code outside the interpreter (an `await` in an `async` method)
 * is about to wait on a future; may answer with the error the wait must fail
 * with instead (a deadlock). Installed by the runtime once it runs async
 * handlers: futures know nothing of actors.
 *
 * @internal
 */
export type AwaitObserver = (future: Future<unknown>, onFulfilled: unknown) => Error | undefined;
let awaitObserver: AwaitObserver | undefined;

/** @internal */
export function observeAwaits(observer: AwaitObserver | undefined): void {
	awaitObserver = observer;
}

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;
type State = typeof PENDING | typeof FULFILLED | typeof REJECTED;

/**
 * Told when a future settles. An object with a method rather than a callback,
 * so that an actor waiting on a future costs no closure.
 *
 * @internal
 */
export type FutureListener = {
	futureSettled(future: Future<unknown>): void;
};

/**
 * The actor whose work settles a future (the target of an ask), as far as
 * deadlock detection needs to know it.
 */
export type Replier = {
	readonly ref: RefOf<unknown>;
	/** The future this actor is suspended on, if any. */
	readonly awaiting: Future<unknown> | undefined;
};

/** The value type of a future. */
export type FutureValue<F> = F extends Future<infer T> ? T : never;

/** The value types of a tuple of futures. */
export type FutureValues<F extends ReadonlyArray<Future<unknown>>> = {-readonly [K in keyof F]: FutureValue<F[K]>};

/** The options of `new Future()`. */
export type FutureOptions = {
	/** The clock its timeouts run on (default: the real one). */
	readonly clock?: Clock | undefined;
};

/** The options of `get`, `wait` and `getAll`. */
export type GetOptions = {
	/** Milliseconds to wait before rejecting with `TimeoutError`. */
	readonly timeout?: number | undefined;
	/** Gives up waiting when aborted: the Promise rejects with the signal's reason (the future is left as it is). */
	readonly signal?: AbortSignal | undefined;
};

/**
 * A value that will be there later. Returned by `ask`, `stop` and proxy calls;
 * also yours to create and settle.
 *
 * @example
 * const future = new Future<number>();
 * setTimeout(() => future.set(42), 10);
 * console.log(await future); // 42
 */
export class Future<T> implements PromiseLike<T> {
	#state: State = PENDING;
	#result: unknown = undefined;
	// Most futures have exactly one listener: keep it in a field, the rest in an array.
	// A Set, not an array: a listener that leaves (a timed-out get, a stopped
	// waiter) is removed in O(1), in whatever order they leave.
	#first: FutureListener | undefined = undefined;
	#rest: Set<FutureListener> | undefined = undefined;
	#promise: Promise<T> | undefined = undefined;
	#timer: TimerHandle | undefined = undefined;
	/** The clock of the system whose ask or stop made this future; the real one otherwise. */
	#clock: Clock | undefined = undefined;
	#demand: Demand | undefined = undefined;
	#attached = false;

	/**
	 * The actor that will settle this future, while that is known (an ask not
	 * yet answered). Read by deadlock detection.
	 *
	 * @internal
	 */
	replier: Replier | undefined = undefined;

	/**
	 * The futures this one settles from, while it waits on them: the source
	 * of a `map`, the parts of a `join` or `getAll`, what an `async`
	 * handler awaits. Read by deadlock detection; cleared on settling.
	 *
	 * @internal
	 */
	waitsOn: Future<unknown> | ReadonlyArray<Future<unknown>> | undefined = undefined;

	/**
	 * A pending future. With `clock` (a system's, such as a test kit's
	 * `kit.clock`), its timeouts (`get({timeout})`, and what is derived from
	 * it) run on that clock; by default on the real one.
	 *
	 * @example
	 * const answer = new Future<number>({clock: kit.clock});
	 */
	constructor(options?: FutureOptions) {
		if (options !== undefined) {
			const clock = checkOptions(options)?.['clock'];
			if (clock !== undefined) {
				if (typeof clock !== 'object' || clock === null || typeof (clock as Partial<Clock>).setTimeout !== 'function' || typeof (clock as Partial<Clock>).clearTimeout !== 'function' || typeof (clock as Partial<Clock>).now !== 'function') {
					throw new TypeError(`Expected \`clock\` to be an object with now, setTimeout and clearTimeout methods, got ${show(clock)}`);
				}

				this.#clock = clock as Clock;
			}
		}
	}

	/**
	 * Turns a Promise (or any thenable) into a Future, so that a behaviour can
	 * wait on async I/O with `yield*`. A Future is returned as it is; any other
	 * value gives a future fulfilled with it.
	 *
	 * @example
	 * const text = yield* Future.from(readFile('notes.txt', 'utf8'));
	 */
	static from<T>(value: T | PromiseLike<T> | Future<T>): Future<Awaited<T>> {
		if (value instanceof Future) {
			return value as Future<Awaited<T>>;
		}

		const future = new Future<Awaited<T>>();
		if (isThenable(value)) {
			value.then(
				result => {
					future.trySet(result as Awaited<T>);
				},
				(error: unknown) => {
					future.tryReject(error);
				},
			);
		} else {
			future.trySet(value as Awaited<T>);
		}

		return future;
	}

	/** Whether the future has a value or an error. */
	get settled(): boolean {
		if (this.#demand !== undefined && !this.#attached) {
			this.#want();
		}

		return this.#state !== PENDING;
	}

	/** Whether the future settled with an error. */
	get rejected(): boolean {
		return this.settled && this.#state === REJECTED;
	}

	/**
	 * Whether the future will settle by itself: it has a timeout running.
	 * Deadlock detection does not count a wait on such a future as stuck.
	 *
	 * @internal
	 */
	get expires(): boolean {
		return this.#timer !== undefined;
	}

	/**
	 * The value or error of a settled future, read without waiting.
	 *
	 * @internal
	 */
	get result(): unknown {
		return this.#result;
	}

	/**
	 * Fulfils the future with a value.
	 *
	 * @throws {PykkaError} if it is already settled.
	 */
	set(value: T): void {
		if (!this.trySet(value)) {
			throw new PykkaError(`Future is already settled; cannot set it to ${show(value)}`);
		}
	}

	/**
	 * Rejects the future with an error.
	 *
	 * @throws {PykkaError} if it is already settled.
	 */
	setException(error: unknown): void {
		if (!this.tryReject(error)) {
			throw new PykkaError(`Future is already settled; cannot reject it with ${show(error)}`);
		}
	}

	/**
	 * Fulfils the future unless it is already settled. Gives whether it did.
	 *
	 * @internal
	 */
	trySet(value: T): boolean {
		return this.#settle(FULFILLED, value);
	}

	/**
	 * Rejects the future unless it is already settled. Gives whether it did.
	 *
	 * @internal
	 */
	tryReject(error: unknown): boolean {
		return this.#settle(REJECTED, error);
	}

	/**
	 * Rejects the future with `TimeoutError(message)` unless it settles within `ms`.
	 * The timer keeps the process alive like any timer, and is cleared on settling.
	 *
	 * @internal
	 */
	expireAfter(ms: number, message: string): this {
		if (this.#state === PENDING) {
			const {clock} = this;
			if (this.#timer !== undefined) {
				clock.clearTimeout(this.#timer);
			}

			this.#timer = clock.setTimeout(() => {
				this.tryReject(new TimeoutError(message));
			}, ms);
		}

		return this;
	}

	/**
	 * The clock its timeouts (`expireAfter`, `get({timeout})`) run on: the
	 * clock of the system whose ask or stop made it, else the real one.
	 *
	 * @internal
	 */
	get clock(): Clock {
		return this.#clock ?? realClock;
	}

	/**
	 * Puts the future's timeouts on `clock` (a system's).
	 *
	 * @internal
	 */
	useClock(clock: Clock): this {
		this.#clock = clock;
		return this;
	}

	/**
	 * Calls `listener.futureSettled(this)` once the future settles: at once
	 * (synchronously) if it already has.
	 *
	 * @internal
	 */
	listen(listener: FutureListener): void {
		if (this.#state !== PENDING) {
			listener.futureSettled(this);
			return;
		}

		if (this.#first === undefined && this.#rest === undefined) {
			this.#first = listener;
		} else {
			(this.#rest ??= new Set()).add(listener);
		}

		if (this.#demand !== undefined && !this.#attached) {
			this.#want();
		}
	}

	/**
	 * Makes this future settle from others through `demand`, attached only
	 * while the future is wanted (see `Demand`).
	 *
	 * @internal
	 */
	settleThrough(demand: Demand): void {
		this.#demand = demand;
	}

	/**
	 * Undoes `listen`: the listener will not be told, and the future no
	 * longer holds it.
	 *
	 * @internal
	 */
	unlisten(listener: FutureListener): void {
		if (this.#first === listener) {
			this.#first = undefined;
		} else {
			this.#rest?.delete(listener);
		}

		// Nobody wants it any more: it lets go of the futures it settles from.
		if (this.#attached && this.#first === undefined && (this.#rest === undefined || this.#rest.size === 0)) {
			this.#attached = false;
			const demand = this.#demand!;
			link(() => {
				demand.detach();
			});
		}
	}

	#want(): void {
		this.#attached = true;
		const demand = this.#demand!;
		link(() => {
			demand.attach();
		});
	}

	/**
	 * A Promise of the value. With `timeout` (milliseconds) it rejects with
	 * `TimeoutError` if the future has not settled by then; the future itself
	 * is left as it is.
	 *
	 * @example
	 * const sum = await ref.ask({a: 1, b: 2}).get({timeout: 1000});
	 */
	get(options?: GetOptions): Promise<T> {
		const timeout = timeoutOption(options);
		const signal = signalOption(options);
		if ((timeout === undefined && signal === undefined) || this.settled) {
			return this.#asPromise();
		}

		if (signal?.aborted === true) {
			return Promise.reject(signal.reason as unknown);
		}

		return new Promise<T>((resolve, reject) => {
			this.listen(new TimedGet(this, {timeout, signal}, resolve as (value: unknown) => void, reject));
		});
	}

	/** The original Pykka README's name for `get`. */
	wait(options?: GetOptions): Promise<T> {
		return this.get(options);
	}

	/** Makes the future awaitable: `await future`. */
	then<R1 = T, R2 = never>(
		onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
		onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
	): Promise<R1 | R2> {
		if (awaitObserver !== undefined && this.#state === PENDING) {
			const refusal = awaitObserver(this, onFulfilled);
			if (refusal !== undefined) {
				return Promise.reject(refusal).then(onFulfilled, onRejected);
			}
		}

		return this.#asPromise().then(onFulfilled, onRejected);
	}

	/** As `Promise#catch`: a Promise of the value, or of `onRejected`'s result if the future rejects. */
	catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
		return this.#asPromise().catch(onRejected);
	}

	/** As `Promise#finally`. */
	finally(onFinally?: (() => void) | null): Promise<T> {
		return this.#asPromise().finally(onFinally);
	}

	/**
	 * A future of `fn(value)`. `fn` runs once, when this future fulfils; if it
	 * throws, the new future rejects with that error. Errors pass through.
	 *
	 * @example
	 * const doubled = ref.ask(21).map(n => n * 2);
	 */
	map<U>(fn: (value: T) => U): Future<U> {
		checkFunction(fn, 'fn');
		return derive(this, value => fn(value as T));
	}

	/**
	 * A future of the items of this (iterable) future's value that pass
	 * `predicate`, as an array.
	 *
	 * @example
	 * const evens = Future.from([1, 2, 3, 4]).filter(n => n % 2 === 0); // [2, 4]
	 */
	filter<E>(this: Future<Iterable<E>>, predicate: (item: E) => unknown): Future<E[]> {
		checkFunction(predicate, 'predicate');
		return derive(this, value => [...iterableValue<E>(value, 'filter')].filter(item => predicate(item)));
	}

	/**
	 * A future of this (iterable) future's items folded with `reducer`, like
	 * `Array.prototype.reduce`.
	 *
	 * @example
	 * const total = Future.from([1, 2, 3]).reduce((sum, n) => sum + n, 0); // 6
	 */
	reduce<E>(this: Future<Iterable<E>>, reducer: (accumulator: E, item: E) => E): Future<E>;
	reduce<E, U>(this: Future<Iterable<E>>, reducer: (accumulator: U, item: E) => U, initial: U): Future<U>;
	reduce<E, U>(this: Future<Iterable<E>>, reducer: (accumulator: U, item: E) => U, ...initial: [U?]): Future<U> {
		checkFunction(reducer, 'reducer');
		return derive(this, value => {
			const items = [...iterableValue<E>(value, 'reduce')];
			if (initial.length > 0) {
				return items.reduce(reducer, initial[0] as U);
			}

			if (items.length === 0) {
				throw new TypeError('Cannot reduce an empty iterable without an `initial` value');
			}

			return (items as unknown as U[]).reduce(reducer as unknown as (accumulator: U, item: U) => U);
		});
	}

	/**
	 * A future of the values of this future and the others, in order; it
	 * rejects with the first error among them.
	 *
	 * @example
	 * const [a, b] = await first.join(second);
	 */
	join<const F extends ReadonlyArray<Future<unknown>>>(...futures: F): Future<[T, ...FutureValues<F>]> {
		checkFutures(futures, 'futures');
		return combine([this, ...futures], undefined) as Future<[T, ...FutureValues<F>]>;
	}

	/** `yield* future` inside a behaviour suspends the actor until the future settles. */
	[Symbol.iterator](): Iterator<AwaitEffect<T>, T, unknown> {
		return new AwaitEffect(this)[Symbol.iterator]();
	}

	/**
	 * What `JSON.stringify` shows of a future: its state and, once settled,
	 * its value or error (never throws, whatever the value).
	 */
	toJSON(): FutureJson {
		void this.settled;
		switch (this.#state) {
			case PENDING: {
				return {state: 'pending'};
			}

			case FULFILLED: {
				return {state: 'fulfilled', value: jsonSafe(this.#result)};
			}

			default: {
				const error = this.#result;
				return {state: 'rejected', error: error instanceof Error ? {name: error.name, message: error.message} : jsonSafe(error)};
			}
		}
	}

	/** @internal */
	get [Symbol.toStringTag](): string {
		return 'Future';
	}

	/** Shows the state, not the internals: `Future { 42 }`, `Future { <pending> }`. @internal */
	[inspect.custom](_depth: number, options: InspectOptionsStylized, format: typeof inspect): string {
		void this.settled;
		switch (this.#state) {
			case PENDING: {
				return 'Future { <pending> }';
			}

			case FULFILLED: {
				return `Future { ${format(this.#result, options)} }`;
			}

			default: {
				return `Future { <rejected> ${format(this.#result, options)} }`;
			}
		}
	}

	#asPromise(): Promise<T> {
		this.#promise ??= new Promise<T>((resolve, reject) => {
			this.listen(new PromiseSettler(resolve, reject));
		});
		return this.#promise;
	}

	#settle(state: State, result: unknown): boolean {
		if (this.#state !== PENDING) {
			return false;
		}

		this.#state = state;
		this.#result = result;
		this.replier = undefined;
		this.waitsOn = undefined;
		const demand = this.#demand;
		if (demand !== undefined) {
			this.#demand = undefined;
			if (this.#attached) {
				this.#attached = false;
				link(() => {
					demand.detach();
				});
			}
		}

		if (this.#timer !== undefined) {
			this.clock.clearTimeout(this.#timer);
			this.#timer = undefined;
		}

		if (this.#first === undefined && this.#rest === undefined) {
			return true;
		}

		if (notifying) {
			(backlog ??= []).push(this);
			return true;
		}

		// No try/finally needed: telling a listener never throws (see `tell`).
		notifying = true;
		this.#notify();
		if (backlog !== undefined) {
			const queue = backlog;
			while (backlogHead < queue.length) {
				const next = queue[backlogHead]!;
				queue[backlogHead++] = undefined;
				next.#notify();
			}

			backlog = undefined;
			backlogHead = 0;
		}

		notifying = false;
		return true;
	}

	/** Tells every listener, and lets go of them. */
	#notify(): void {
		const first = this.#first;
		const rest = this.#rest;
		this.#first = undefined;
		this.#rest = undefined;
		if (first !== undefined) {
			tell(first, this);
		}

		if (rest !== undefined) {
			for (const listener of rest) {
				tell(listener, this);
			}
		}
	}
}

/** What `JSON.stringify` shows of a future (see `Future#toJSON`). */
export type FutureJson = {
	/** Whether it is still pending, or how it settled. */
	state: 'pending' | 'fulfilled' | 'rejected';
	/** The value, once fulfilled (shown as a string if JSON cannot hold it). */
	value?: unknown;
	/** The error, once rejected: an `Error`'s name and message, else the value as `value` is. */
	error?: unknown;
};

/**
 * Wait until a future settles (what `yield* future` yields): `{type: 'await', future}`.
 * Defined beside `Future`, whose iterator it is; `effects.ts` lists it with the others.
 */
export class AwaitEffect<T> extends EffectBase<T> {
	/** What kind of effect this is. */
	readonly type = 'await';
	/** The future waited on. */
	readonly future: Future<T>;

	constructor(future: Future<T>) {
		super();
		this.future = future;
	}
}

/**
 * One future for many: fulfils with all their values (in order) once all have
 * fulfilled, rejects with the first error, and with `timeout` rejects with
 * `TimeoutError` when that one deadline passes (Pykka applies it per future).
 *
 * @example
 * const [a, b] = await getAll([adder.ask(1), adder.ask(2)], {timeout: 1000});
 */
export function getAll<const F extends ReadonlyArray<Future<unknown>>>(futures: F, options?: GetOptions): Future<FutureValues<F>> {
	if (!Array.isArray(futures)) {
		throw new TypeError(`Expected \`futures\` to be an array of futures, got ${show(futures)}`);
	}

	checkFutures(futures, 'futures');
	return combine(futures, timeoutOption(options)) as Future<FutureValues<F>>;
}

function checkFutures(futures: readonly unknown[], name: string): void {
	for (const [index, future] of futures.entries()) {
		if (!isInstance(future, Future)) {
			throw new TypeError(`Expected \`${name}[${index}]\` to be a Future, got ${show(future)}`);
		}
	}
}

function combine(futures: ReadonlyArray<Future<unknown>>, timeout: number | undefined): Future<unknown[]> {
	const all = new Future<unknown[]>();
	if (futures.length === 0) {
		all.trySet([]);
		return all;
	}

	// The one deadline runs on the clock of the first part that has a system's.
	const timed = futures.find(future => future.clock !== realClock);
	if (timed !== undefined) {
		all.useClock(timed.clock);
	}

	if (timeout !== undefined) {
		all.expireAfter(timeout, `${futures.length} futures were not all settled within ${timeout} ms`);
	}

	all.waitsOn = futures;
	all.settleThrough(new Combination(all, futures));
	// Attached at once, so that "the first error" is the first in time; let
	// go of when the last listener leaves, and taken up again if wanted again.
	void all.settled;
	return all;
}

/**
 * The state of one `join` or `getAll`: a listener per part while the whole
 * is wanted; once it settles (all values in, an error, or the timeout), or
 * nobody wants it any more, the parts still pending are let go of.
 */
class Combination implements Demand {
	readonly all: Future<unknown[]>;
	readonly futures: ReadonlyArray<Future<unknown>>;
	readonly parts: CombinedPart[];
	readonly values: unknown[];
	remaining: number;

	constructor(all: Future<unknown[]>, futures: ReadonlyArray<Future<unknown>>) {
		this.all = all;
		this.futures = futures;
		this.values = Array.from({length: futures.length});
		this.remaining = futures.length;
		this.parts = futures.map((_future, index) => new CombinedPart(this, index));
	}

	attach(): void {
		for (const [index, future] of this.futures.entries()) {
			const part = this.parts[index]!;
			if (part.done || this.all.settled) {
				continue;
			}

			future.listen(part);
		}
	}

	detach(): void {
		for (const [index, future] of this.futures.entries()) {
			const part = this.parts[index]!;
			if (!part.done) {
				future.unlisten(part);
			}
		}
	}

	partSettled(index: number, part: Future<unknown>): void {
		if (part.rejected) {
			this.all.tryReject(part.result);
			return;
		}

		this.values[index] = part.result;
		this.remaining -= 1;
		if (this.remaining === 0) {
			this.all.trySet(this.values);
		}
	}
}

class CombinedPart implements FutureListener {
	readonly #combination: Combination;
	readonly #index: number;
	done = false;

	constructor(combination: Combination, index: number) {
		this.#combination = combination;
		this.#index = index;
	}

	futureSettled(future: Future<unknown>): void {
		this.done = true;
		this.#combination.partSettled(this.#index, future);
	}
}

/** A future settled from `source` through `transform`, which runs at most once. */
function derive<U>(source: Future<unknown>, transform: (value: unknown) => U): Future<U> {
	// A derived future's timeouts run on its source's clock (a system's, for an ask).
	const derived = new Future<U>().useClock(source.clock);
	if (!source.settled) {
		derived.waitsOn = source;
	}

	source.listen({
		futureSettled(settled) {
			if (settled.rejected) {
				derived.tryReject(settled.result);
				return;
			}

			let value: U;
			try {
				value = transform(settled.result);
			} catch (error) {
				derived.tryReject(error);
				return;
			}

			derived.trySet(value);
		},
	});
	return derived;
}

function iterableValue<E>(value: unknown, method: string): Iterable<E> {
	if (value === null || value === undefined || typeof (value as Partial<Iterable<E>>)[Symbol.iterator] !== 'function') {
		throw new TypeError(`Future.${method} needs a future of an iterable, got ${show(value)}`);
	}

	return value as Iterable<E>;
}

/** A value as JSON can hold it: itself if it serialises, else how it is shown. */
function jsonSafe(value: unknown): unknown {
	try {
		JSON.stringify(value);
		return value;
	} catch {
		return show(value);
	}
}

/** Whether a value has a `then` method, as Promises do. @internal */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
	return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as {then?: unknown}).then === 'function';
}

/**
 * Tells one listener. Listeners are the runtime's own and do not throw; if
 * one ever did (a bug), the others are still told, and the error surfaces on
 * its own rather than inside whoever settled the future.
 */
function tell(listener: FutureListener, future: Future<unknown>): void {
	try {
		listener.futureSettled(future);
	} catch (error) {
		queueMicrotask(() => {
			throw error;
		});
	}
}

/** The listener of `get({timeout})`: settles its Promise, or gives up at the timeout and lets go of the future. */
class TimedGet implements FutureListener {
	readonly #future: Future<unknown>;
	readonly #resolve: (value: unknown) => void;
	readonly #reject: (error: unknown) => void;
	readonly #timer: TimerHandle | undefined;
	readonly #signal: AbortSignal | undefined;
	readonly #abort: (() => void) | undefined;

	constructor(future: Future<unknown>, {timeout, signal}: {timeout: number | undefined; signal: AbortSignal | undefined}, resolve: (value: unknown) => void, reject: (error: unknown) => void) {
		this.#future = future;
		this.#resolve = resolve;
		this.#reject = reject;
		this.#timer = timeout === undefined
			? undefined
			: future.clock.setTimeout(() => {
				this.#giveUp(new TimeoutError(`Future was not settled within ${timeout} ms`));
			}, timeout);
		this.#signal = signal;
		if (signal !== undefined) {
			this.#abort = () => {
				this.#giveUp(signal.reason);
			};

			signal.addEventListener('abort', this.#abort, {once: true});
		}
	}

	futureSettled(future: Future<unknown>): void {
		this.#release();
		if (future.rejected) {
			this.#reject(future.result);
		} else {
			this.#resolve(future.result);
		}
	}

	#giveUp(reason: unknown): void {
		this.#release();
		this.#future.unlisten(this);
		this.#reject(reason);
	}

	/** Lets go of the timer and the signal, whichever way the wait ended. */
	#release(): void {
		if (this.#timer !== undefined) {
			this.#future.clock.clearTimeout(this.#timer);
		}

		if (this.#abort !== undefined) {
			this.#signal?.removeEventListener('abort', this.#abort);
		}
	}
}

/** Settles the Promise of `get`/`then` when the future settles. @internal */
export class PromiseSettler<T> implements FutureListener {
	readonly #resolve: (value: T) => void;
	readonly #reject: (error: unknown) => void;

	constructor(resolve: (value: T) => void, reject: (error: unknown) => void) {
		this.#resolve = resolve;
		this.#reject = reject;
	}

	futureSettled(future: Future<unknown>): void {
		if (future.rejected) {
			this.#reject(future.result);
		} else {
			this.#resolve(future.result as T);
		}
	}
}
