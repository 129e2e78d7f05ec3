/**
 * The interpreter: steps one actor's generator and carries out the effects
 * it yields, until the actor must wait or has used its turn's budget.
 *
 * Every effect is handled here, in one exhaustive switch. A step never calls
 * into another actor: messages are queued and futures settle listeners that
 * only schedule, so the scheduler's loop stays a flat trampoline.
 *
 * The interpreter's code is the methods of `BehaviourCell`, and its state for
 * each actor, the continuation of a suspended behaviour, is that class's
 * `#private` fields: nothing else writes them (see `cell.ts` for why the
 * owners of a cell's state are classes of one object).
 */
import {effectTypes, type Effect} from '../effects.js';
import {ActorDeadError, TimeoutError} from '../errors.js';
import type {TimerHandle} from '../clock.js';
import type {Future} from '../future.js';
import {isInstance, show} from '../validate.js';
import {log} from '../logger.js';
import type {Supervision} from '../supervision.js';
import {Cell} from './cell.js';
import {findDeadlock} from './deadlock.js';
import {STOP} from './mailbox.js';
import {TimerTick} from './timers.js';
import {anchorHost, keepShapes, runtimeShapes} from './shapes.js';

/**
 * What a suspended behaviour waits for; `ready` means it has input and can
 * step; `backoff`, that a failed behaviour waits to restart.
 */
export type Waiting = 'ready' | 'receive' | 'await' | 'sleep' | 'backoff';

/** How the next step resumes the generator. */
export type ResumeMode = 'next' | 'throw' | 'return';

/** Whether the runtime's shapes are anchored (see `shapes.ts`): asked on every start, so a flag rather than a lookup. */
let anchored = false;

/** A cell whose behaviour, a generator, the interpreter runs. */
export class BehaviourCell extends Cell {
	#generator: Generator<Effect, unknown, unknown> | undefined = undefined;
	#waiting: Waiting = 'ready';
	#mode: ResumeMode = 'next';
	#input: unknown = undefined;
	/** The predicate of the receive the cell is suspended in, if selective. */
	#match: ((message: unknown) => boolean) | undefined = undefined;
	/** The timer of a sleep or of a receive with a timeout, on the system's clock. */
	#timer: TimerHandle | undefined = undefined;
	/** The future the cell is suspended on. */
	#awaiting: Future<unknown> | undefined = undefined;

	/** Starts the behaviour: its first step is taken once the cell is scheduled. */
	start(generator: Generator<Effect, unknown, unknown>): void {
		if (!anchored) {
			anchored = true;
			keepShapes('runtime', () => runtimeShapes(new BehaviourCell(anchorHost(), 'ShapeAnchor')));
		}

		this.#generator = generator;
	}

	get awaiting(): Future<unknown> | undefined {
		return this.#awaiting;
	}

	/** Runs up to `budget` steps; gives `true` if it can go on at once. */
	runSlice(budget: number): boolean {
		if (this.status === 'dead') {
			return false;
		}

		if (this.#waiting === 'receive' && !this.#takeMessage()) {
			return false;
		}

		for (let steps = 0; steps < budget; steps++) {
			if (!this.#step()) {
				return false;
			}
		}

		return true;
	}

	/** Makes the cell step next with this input. */
	resume(mode: ResumeMode, input: unknown): void {
		this.#waiting = 'ready';
		this.#mode = mode;
		this.#input = input;
		this.host.scheduler.schedule(this);
	}

	/** The future the cell waits on settled. */
	futureSettled(future: Future<unknown>): void {
		if (this.#awaiting !== future || this.status === 'dead') {
			return;
		}

		this.#awaiting = undefined;
		this.resume(future.rejected ? 'throw' : 'next', future.result);
	}

	protected messageArrived(): void {
		if (this.#waiting === 'receive') {
			this.host.scheduler.schedule(this);
		}
	}

	protected stopRequested(future: Future<boolean>): void {
		if (this.#waiting === 'backoff') {
			// Waiting to restart: the stop takes effect now, whatever is queued before it.
			this.#clearTimer();
			this.mailbox.remove((_message, reply) => reply === future);
			this.stopTaken(future);
			this.die(false, undefined);
			return;
		}

		if ((this.#waiting === 'sleep' || this.#waiting === 'await') && this.mayStopHere()) {
			this.#stopHere();
			this.#waiting = 'ready';
			this.host.scheduler.schedule(this);
		}
	}

	protected killRequested(): void {
		if (this.#waiting === 'backoff') {
			this.#clearTimer();
			this.die(false, undefined);
			return;
		}

		if (this.#waiting !== 'ready' && this.takeKillCut()) {
			// Suspended: cut short now, wherever it waits.
			this.#clearTimer();
			this.#stopAwaiting();
			this.#match = undefined;
			this.resume('return', undefined);
		}

		// Otherwise it is ready to step (or stepping): the next step cuts it short.
	}

	protected release(): void {
		this.#generator = undefined;
		this.#waiting = 'ready';
		this.#stopAwaiting();
		this.#match = undefined;
		this.#input = undefined;
		this.#clearTimer();
	}

	#clearTimer(): void {
		if (this.#timer !== undefined) {
			this.host.clock.clearTimeout(this.#timer);
			this.#timer = undefined;
		}
	}

	/**
	 * Puts the behaviour under a restart policy: after a failure the policy
	 * accepts, `make` gives a fresh behaviour, which starts after the
	 * policy's backoff delay (on the system's clock), in place: same ref, URN,
	 * registry entry and mailbox.
	 */
	supervise(supervision: Supervision, make: () => Generator<Effect, unknown, unknown>): void {
		this.restartPlan = new RestartPlan(supervision, make);
	}

	/**
	 * The behaviour threw `error`: it restarts, if a restart policy accepts
	 * the failure and its limit allows; else the actor fails for good.
	 */
	#failed(error: unknown): void {
		const plan = this.restartPlan as RestartPlan | undefined;
		const now = this.host.clock.now();
		if (plan === undefined || this.status !== 'running' || !plan.supervision.accepts(error) || !plan.allows(now)) {
			this.die(true, error);
			return;
		}

		const delay = plan.restarted(now);
		log(this.host.logger, 'error', `${this.label} failed; restarting in ${Math.round(delay)} ms (restart ${plan.recent} of ${plan.supervision.restarts} within ${plan.supervision.withinMs} ms):`, error);
		// What the failed incarnation owed is settled with its error; its timers end with it.
		this.answer(error, true);
		this.rejectDeferred(error);
		this.cancelTimers();
		this.#generator = undefined;
		this.#stopAwaiting();
		this.#clearTimer();
		this.#match = undefined;
		this.#input = undefined;
		this.#mode = 'next';
		this.#waiting = 'backoff';
		// A stop already queued ends the actor now, rather than after a restart
		// made only to take it; it is the stop that stopped it.
		// One predicate for every such look, so that the mailbox's scan position
		// carries over: restarts in a row look at each queued message once.
		const queuedStop = this.mailbox.find(acceptNothing);
		if (queuedStop !== -1) {
			this.mailbox.takeAt(queuedStop);
			this.stopTaken(this.mailbox.takenReply as Future<boolean>);
			this.die(false, undefined);
			return;
		}

		if (delay === 0) {
			this.#restart(plan);
		} else {
			this.#timer = this.host.clock.setTimeout(() => {
				this.#timer = undefined;
				this.#restart(plan);
			}, delay);
		}
	}

	/** The backoff is over: a fresh behaviour starts, and takes the messages that waited. */
	#restart(plan: RestartPlan): void {
		if (this.status !== 'running' || this.#waiting !== 'backoff') {
			return;
		}

		let generator: Generator<Effect, unknown, unknown>;
		try {
			generator = plan.make();
		} catch (error) {
			// A class actor's constructor may throw: a failure like any other.
			this.#waiting = 'ready';
			this.#failed(error);
			return;
		}

		this.#generator = generator;
		this.resume('next', undefined);
	}

	/**
	 * Starts the stop `mayStopHere` allowed: the wait is abandoned and the
	 * next step returns the generator, so `finally` blocks run.
	 */
	#stopHere(): void {
		this.#clearTimer();
		this.#stopAwaiting();
		this.takeStopRequest();
		this.#mode = 'return';
		this.#input = undefined;
	}

	/** Leaves the future the cell waits on, so that it no longer holds the cell. */
	#stopAwaiting(): void {
		const awaiting = this.#awaiting;
		if (awaiting !== undefined) {
			this.#awaiting = undefined;
			awaiting.unlisten(this);
		}
	}

	/** One resumption of the generator and the effect it yields. Gives whether the cell can step again at once. */
	#step(): boolean {
		const generator = this.#generator;
		if (generator === undefined) {
			return false;
		}

		if (this.status !== 'running' && this.takeKillCut()) {
			this.#mode = 'return';
			this.#input = undefined;
		}

		let result: IteratorResult<Effect, unknown>;
		const input = this.#input;
		this.#input = undefined;
		try {
			switch (this.#mode) {
				case 'next': {
					result = generator.next(input);
					break;
				}

				case 'throw': {
					this.#mode = 'next';
					result = generator.throw(input);
					break;
				}

				case 'return': {
					this.#mode = 'next';
					result = generator.return(undefined);
					break;
				}
			}
		} catch (error) {
			this.#failed(error);
			return false;
		}

		if (result.done === true) {
			this.die(false, undefined);
			return false;
		}

		try {
			return this.#perform(result.value);
		} catch (error) {
			// Effects are plain data: one made by hand can be malformed (a `call`
			// whose ref is no ref, an `await` of something that is no Future).
			// That is the behaviour's error, thrown into it, never the interpreter's.
			this.#waiting = 'ready';
			this.#awaiting = undefined;
			this.#match = undefined;
			return this.#fail(error);
		}
	}

	/** Carries out one effect. Gives whether the cell can step again at once. */
	#perform(effect: Effect): boolean {
		// A behaviour may yield anything at run time: only an object can be an effect.
		if (typeof effect !== 'object' || effect === null) {
			return this.#notAnEffect(effect);
		}

		switch (effect.type) {
			case 'receive': {
				const refusal = this.receiveRefusal();
				if (refusal !== undefined) {
					return this.#fail(refusal);
				}

				// The ask in hand, if the behaviour neither answered nor deferred it, gets `undefined`.
				this.answer(undefined, false);
				if (this.status !== 'running') {
					return this.#fail(new ActorDeadError(`${this.label} is stopping and cannot receive`, {actorUrn: this.urn}));
				}

				this.#match = effect.match;
				if (this.#takeMessage()) {
					return true;
				}

				this.#waiting = 'receive';
				if (effect.timeout !== undefined) {
					const {timeout} = effect;
					this.#timer = this.host.clock.setTimeout(() => {
						this.receiveTimedOut(timeout);
					}, timeout);
				}

				return false;
			}

			case 'call': {
				const options = effect.timeout === undefined && effect.signal === undefined ? undefined : {timeout: effect.timeout, signal: effect.signal};
				return this.#wait(effect.ref.ask(effect.message as never, options));
			}

			case 'watch': {
				this.watch(this.host.cellOf(effect.ref));
				return true;
			}

			case 'unwatch': {
				this.unwatch(this.host.cellOf(effect.ref));
				return true;
			}

			case 'startTimer': {
				this.startTimer(effect.key, effect.message, effect.everyMs, effect.afterMs);
				return true;
			}

			case 'cancelTimer': {
				this.#input = this.cancelTimer(effect.key);
				return true;
			}

			case 'await': {
				return this.#wait(effect.future);
			}

			case 'sleep': {
				if (this.mayStopHere()) {
					this.#stopHere();
					return true;
				}

				this.#waiting = 'sleep';
				this.#timer = this.host.clock.setTimeout(() => {
					this.wokeUp();
				}, effect.ms);
				return false;
			}

			case 'self': {
				this.#input = this.ref;
				return true;
			}

			case 'reply': {
				this.#input = this.answer(effect.value, effect.rejected);
				return true;
			}

			case 'deferReply': {
				this.#input = this.deferAnswer();
				return true;
			}

			default: {
				// Exhaustive: a new kind of effect without a case here does not compile.
				effect satisfies never;
				return this.#notAnEffect(effect);
			}
		}
	}

	/** Throws into the behaviour a TypeError saying what it yielded and what it may yield. */
	#notAnEffect(yielded: unknown): true {
		const message = `${this.label} yielded ${show(yielded)}; a behaviour may yield only effects (${effectTypes.join(', ')}), `
			+ 'with `yield*`: `yield* receive()`, `yield* future`';
		return this.#fail(new TypeError(message));
	}

	/** Throws an error into the behaviour at its next step. */
	#fail(error: unknown): true {
		this.#mode = 'throw';
		this.#input = error;
		return true;
	}

	/**
	 * Takes the next message the pending receive accepts, as the behaviour's
	 * input. A stop request taken instead starts the stop: the generator is
	 * returned, so its `finally` blocks run. Gives `false` if there is nothing to take.
	 */
	#takeMessage(): boolean {
		const {mailbox} = this;
		let message: unknown;
		// A loop, not a recursion: the ticks of cancelled timers are dropped, however many.
		for (;;) {
			if (mailbox.size === 0) {
				return false;
			}

			const match = this.#match;
			if (match === undefined) {
				message = mailbox.take();
			} else {
				let index: number;
				try {
					// With timers, the predicate sees what a valid tick carries, never a tick.
					index = mailbox.find(this.hasTimers ? candidate => isInstance(candidate, TimerTick) ? this.tickValid(candidate) && match(candidate.entry.message) : match(candidate) : match);
				} catch (error) {
					this.#endReceive();
					this.#fail(error);
					return true;
				}

				if (index === -1) {
					return false;
				}

				message = mailbox.takeAt(index);
			}

			// Only an actor that has had timers can have ticks queued.
			if (!this.hasTimers || !isInstance(message, TimerTick)) {
				break;
			}

			const accepted = this.acceptTick(message);
			if (accepted !== undefined) {
				message = accepted.message;
				break;
			}

			// The tick of a cancelled or replaced timer: dropped, never received.
		}

		this.#endReceive();
		if (message === STOP) {
			this.stopTaken(mailbox.takenReply as Future<boolean>);
			this.#mode = 'return';
			this.#input = undefined;
			return true;
		}

		this.received(mailbox.takenReply);
		this.#mode = 'next';
		this.#input = message;
		return true;
	}

	#endReceive(): void {
		this.#waiting = 'ready';
		this.#match = undefined;
		this.#clearTimer();
	}

	/** Waits on a future: at once if it has settled, else suspends (unless that closes a deadlock). */
	#wait(future: Future<unknown>): boolean {
		if (future.settled) {
			this.#mode = future.rejected ? 'throw' : 'next';
			this.#input = future.result;
			return true;
		}

		if (this.mayStopHere()) {
			this.#stopHere();
			return true;
		}

		const deadlock = findDeadlock(this, future);
		if (deadlock !== undefined) {
			return this.#fail(deadlock);
		}

		this.#waiting = 'await';
		this.#awaiting = future;
		future.listen(this);
		return false;
	}

	/** A sleep's timer fired. */
	wokeUp(): void {
		this.#timer = undefined;
		if (this.#waiting === 'sleep') {
			this.resume('next', undefined);
		}
	}

	/** A receive's timer fired before a message came. */
	receiveTimedOut(timeout: number): void {
		this.#timer = undefined;
		if (this.#waiting === 'receive') {
			this.#match = undefined;
			this.resume('throw', new TimeoutError(`${this.label} received no message within ${timeout} ms`));
		}
	}
}

/** How a supervised behaviour restarts: its policy, how to make a fresh behaviour, and when it restarted lately. */
class RestartPlan {
	readonly supervision: Supervision;
	readonly make: () => Generator<Effect, unknown, unknown>;
	/** The times of the restarts within the policy's window, oldest first. */
	readonly #times: number[] = [];

	constructor(supervision: Supervision, make: () => Generator<Effect, unknown, unknown>) {
		this.supervision = supervision;
		this.make = make;
	}

	/** How many restarts happened within the window, this one included once `restarted` was called. */
	get recent(): number {
		return this.#times.length;
	}

	/** Whether one more restart at `now` stays within the limit. */
	allows(now: number): boolean {
		const since = now - this.supervision.withinMs;
		while (this.#times.length > 0 && this.#times[0]! <= since) {
			this.#times.shift();
		}

		return this.#times.length < this.supervision.restarts;
	}

	/** Records a restart at `now`; gives its backoff delay (longer for each restart in a row within the window). */
	restarted(now: number): number {
		this.#times.push(now);
		return this.supervision.delay(this.#times.length);
	}
}

/** A predicate that accepts no message: `find` with it gives the first stop request. */
function acceptNothing(): boolean {
	return false;
}
