/**
 * Knowing which actor runs, also after an `await`. The scheduler knows the
 * actor whose step runs now, but an `async` handler goes on in later
 * microtasks, when no step runs. Such a handler is started inside an
 * `AsyncLocalStorage` context naming its actor, which Node carries across
 * every `await`. That lets `stopAll` recognise its caller, and deadlock
 * detection see what an `async` handler awaits.
 *
 * The storage is made when the first `async` handler runs, and only `async`
 * handlers run inside it: plain and generator handlers, the hot paths, never
 * pay for it. It is also switched off whenever no `async` handler is running:
 * in Node 20, an enabled `AsyncLocalStorage` installs promise hooks that
 * slow every Promise of the process (measured: awaited asks from outside at
 * half their speed), so programs pay for it only while they use it.
 */
import {AsyncLocalStorage} from 'node:async_hooks';
import {Future, observeAwaits, type FutureListener} from '../future.js';
import type {Cell} from './cell.js';
import {findDeadlock} from './deadlock.js';
import type {Scheduler} from './scheduler.js';

/** One run of an `async` handler: its actor, and the future of its result that the actor waits on. */
class AsyncRun {
	readonly cell: Cell;
	future: Future<unknown> | undefined = undefined;

	constructor(cell: Cell) {
		this.cell = cell;
	}
}

let storage: AsyncLocalStorage<AsyncRun> | undefined;
/** How many `async` handlers are running; at 0 the storage is switched off. */
let running = 0;

/** Counts an `async` handler out once its result settles. */
const runEnded: FutureListener = {
	futureSettled() {
		running--;
		if (running === 0) {
			// Every continuation that needed the context is done; `callAsync` switches it on again.
			storage?.disable();
			observeAwaits(undefined);
		}
	},
};

const AsyncFunction = Object.getPrototypeOf(async () => undefined) as object;

/** Whether a value is an `async` function (whose continuations run outside the actor's steps). */
export function isAsyncFunction(value: unknown): value is (...args: unknown[]) => Promise<unknown> {
	return typeof value === 'function' && Object.getPrototypeOf(value) === AsyncFunction;
}

/**
 * Calls an `async` handler of `cell` inside a context naming it, and gives a
 * future of its result, for the actor to wait on.
 */
export function callAsync(cell: Cell, handler: (...args: unknown[]) => unknown, thisArg: unknown, args: readonly unknown[]): Future<unknown> {
	storage ??= new AsyncLocalStorage();
	if (running === 0) {
		observeAwaits(awaitInAsyncHandler);
	}

	const run = new AsyncRun(cell);
	running++;
	let future: Future<unknown>;
	try {
		future = Future.from(storage.run(run, () => handler.apply(thisArg, args as unknown[])));
	} catch (error) {
		// An async function does not throw, but a handler that is one only by its prototype might.
		runEnded.futureSettled(Future.from(undefined));
		throw error;
	}

	run.future = future;
	future.listen(runEnded);
	return future;
}

/** How many `async` handlers are running (their results not yet settled), in every system. */
export function asyncHandlersRunning(): number {
	return running;
}

/**
 * The actor whose code runs now in `scheduler`'s system: the one taking a
 * step, else the one whose `async` handler this continuation belongs to.
 */
export function currentCell(scheduler: Scheduler): Cell | undefined {
	const stepping = scheduler.current as Cell | undefined;
	if (stepping !== undefined) {
		return stepping;
	}

	const cell = storage?.getStore()?.cell;
	return cell?.host.scheduler === scheduler && cell.status !== 'dead' ? cell : undefined;
}

/**
 * An `async` handler is about to `await` a future (`then` is called with the
 * engine's own resolving functions, as `await` does). While its actor waits
 * on that handler, the handler's future now waits on this one; if that wait
 * closes a cycle, it fails at once with the `DeadlockError`.
 */
function awaitInAsyncHandler(future: Future<unknown>, onFulfilled: unknown): Error | undefined {
	const run = storage?.getStore();
	if (run === undefined) {
		return undefined;
	}

	const {cell} = run;
	const handlerFuture = run.future;
	// A future with a timeout of its own ends the wait by itself: never a
	// deadlock here, where a race with it cannot be told from an await.
	if (future.expires || handlerFuture === undefined || handlerFuture.settled || cell.awaiting !== handlerFuture || cell.host.scheduler.current !== undefined || !isNative(onFulfilled)) {
		return undefined;
	}

	handlerFuture.waitsOn = future;
	const deadlock = findDeadlock(cell, future);
	if (deadlock !== undefined) {
		handlerFuture.waitsOn = undefined;
	}

	return deadlock;
}

/**
 * Whether a function is built in: `await` (and a Promise's executor) hand
 * `then` the engine's resolving functions; a user's callback is never native.
 */
function isNative(value: unknown): boolean {
	return typeof value === 'function' && Function.prototype.toString.call(value).endsWith('{ [native code] }');
}
