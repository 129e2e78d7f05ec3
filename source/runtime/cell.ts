/**
 * A cell is one actor as the runtime sees it: its identity, its mailbox, the
 * asks it owes, and its lifecycle (running → stopping → dead), with one path
 * from a taken stop request to death. Refs deliver to it; the registry links it.
 *
 * The state of a cell is split by owner, each in its own class, one object
 * per actor (a separate object per owner would cost every idle actor a
 * header and a pointer):
 *
 * - `Mailbox` (`mailbox.ts`): the queue of messages;
 * - `Cell` (here): identity, asks owed, lifecycle;
 * - `BehaviourCell` (`interpreter.ts`): the continuation of the behaviour the
 *   interpreter runs (generator, resume mode and input, what it waits on, its timer);
 * - `ClassActorCell` (`classes/cell.ts`): the class adapter's state.
 *
 * Each keeps its fields `#private`; the others read what they need through
 * getters, and the few hooks a lower class needs from a higher one are its
 * abstract or overridable methods.
 *
 * The whole class is internal: users hold `ActorRef`s.
 */
import {v4 as uuidV4} from 'uuid';
import type {Clock} from '../clock.js';
import {ActorDeadError} from '../errors.js';
import {Future, type Replier} from '../future.js';
import {log, wantsDebug, type Logger} from '../logger.js';
import type {RefOf} from '../registered.js';
import {Down, type Exit} from '../exit.js';
import {handReply, Reply, replyFor} from '../reply.js';
import {isInstance, isPlainObject} from '../validate.js';
import {Mailbox, STOP} from './mailbox.js';
import {TimerEntry, TimerTick} from './timers.js';
import type {Scheduler, Task} from './scheduler.js';

export type CellStatus = 'running' | 'stopping' | 'dead';

/** What a cell needs from the system it lives in. */
export type CellHost = {
	readonly scheduler: Scheduler;
	/** Where the actor's time comes from: its timeouts and sleeps. */
	readonly clock: Clock;
	readonly logger: Logger;
	/** The actor stopped taking messages: it leaves the registry. */
	cellStopping(cell: Cell): void;
	/**
	 * How many deferred replies of this system are still owed: only while
	 * some are, messages are looked into for a `Reply` handed on.
	 */
	handedReplies: number;
	/** The cell of a ref (for `watch`); throws a `TypeError` for anything else. */
	cellOf(ref: unknown): Cell;
};

export abstract class Cell extends Mailbox implements Task, Replier {
	readonly host: CellHost;
	readonly name: string;
	/** Whether the cell is in the run queue: the scheduler's field (see `Task`). */
	scheduled = false;

	/** The registry the actor is listed in, and its neighbours there: the registry's fields (see `Registry`). */
	registry: object | undefined = undefined;
	registryPrevious: Cell | undefined = undefined;
	registryNext: Cell | undefined = undefined;

	#ref: RefOf<unknown> | undefined = undefined;
	#urn: string | undefined = undefined;
	#status: CellStatus = 'running';
	/** The stop request that stopped the actor; resolved `true` at death. */
	#stopFuture: Future<boolean> | undefined = undefined;
	/** The ask future of the message most recently received, until answered. */
	#currentReply: Future<unknown> | undefined = undefined;
	/** What few actors need (deferred replies, death watch, timers, a kill), in one field that most leave empty. */
	#extras: CellExtras | undefined = undefined;

	constructor(host: CellHost, name: string) {
		super();
		this.host = host;
		this.name = name;
	}

	/**
	 * The actor's mailbox: the cell itself. A cell extends `Mailbox` rather
	 * than holding one, so that the queue's state is one more owner's part of
	 * the one object per actor (see above), not an object of its own: every
	 * idle actor would pay a header and a pointer for it.
	 */
	get mailbox(): Mailbox {
		return this;
	}

	// Hooks of the classes above.

	/** Runs up to `budget` steps; gives `true` if it can go on at once (see `Task`). */
	abstract runSlice(budget: number): boolean;

	/** The future the behaviour is suspended on, if any (see `Replier`). */
	abstract get awaiting(): Future<unknown> | undefined;

	/** A message was queued: a behaviour waiting in `receive` must be woken. */
	protected abstract messageArrived(): void;

	/** A stop request was queued: a behaviour suspended where it may be cut short must be. */
	protected abstract stopRequested(future: Future<boolean>): void;

	/** The actor is dead: the behaviour's continuation (its generator, timer, awaited future) is let go of. */
	protected abstract release(): void;

	/**
	 * Whether a stop may cut the behaviour short where it is suspended (a
	 * spawned behaviour), or must wait until it next receives (a class actor,
	 * which always finishes the message in hand).
	 */
	get interruptible(): boolean {
		return true;
	}

	/** Why `receive` is refused now, as the error to throw; `undefined` if it is allowed. */
	receiveRefusal(): Error | undefined {
		return undefined;
	}

	/** The class instance of a class actor; `undefined` for a spawned behaviour. */
	get instance(): object | undefined {
		return undefined;
	}

	/** The actor's proxy; only class actors have one. */
	proxy(): object {
		throw new TypeError(`${this.label} was spawned from a generator function; only class actors have a proxy`);
	}

	// Identity.

	/** The actor's ref, given once by whoever made the cell. */
	get ref(): RefOf<unknown> {
		return this.#ref!;
	}

	attachRef(ref: RefOf<unknown>): void {
		this.#ref ??= ref;
	}

	/**
	 * `urn:uuid:<v4>`, made on first use: most actors are never asked for it,
	 * and a fresh UUID costs time and (as a concatenated string) memory.
	 */
	get urn(): string {
		// Flatten once, so the URN is one compact string rather than a chain of pieces.
		this.#urn ??= flat(`urn:uuid:${uuidV4()}`);
		return this.#urn;
	}

	/** `Name (urn:uuid:…)`, as errors and logs show an actor. */
	get label(): string {
		return `${this.name} (${this.urn})`;
	}

	get status(): CellStatus {
		return this.#status;
	}

	deadError(): ActorDeadError {
		return new ActorDeadError(`${this.label} is not alive`, {actorUrn: this.urn});
	}

	// Messages.

	/** Queues a message (with the future of its ask, if any), waking a receiving actor. */
	deliver(message: unknown, reply: Future<unknown> | undefined): void {
		// Zero unless some deferred reply is owed: then look for it being handed on.
		if (this.host.handedReplies !== 0) {
			adoptReplies(message, this);
		}

		this.mailbox.push(message, reply);
		this.messageArrived();
	}

	// The asks owed.

	/** The message just received came with this ask future (or none, for a tell). */
	protected received(reply: Future<unknown> | undefined): void {
		this.#currentReply = reply;
	}

	/** Whether the message in hand came with an ask that is still to be answered. */
	get owesAnswer(): boolean {
		return this.#currentReply !== undefined;
	}

	/**
	 * Answers the ask of the message most recently received (with an error if
	 * `rejected`). Gives whether there was an ask left to settle.
	 */
	answer(value: unknown, rejected: boolean): boolean {
		const reply = this.#currentReply;
		if (reply === undefined) {
			return false;
		}

		this.#currentReply = undefined;
		return rejected ? reply.tryReject(value) : reply.trySet(value);
	}

	/**
	 * Takes the answer owed for the message most recently received, to give
	 * later (`deferReply`). Whoever holds the `Reply` may answer it, so the
	 * cell is no longer the only one that can: deadlock detection must not
	 * assume it. If the actor dies first, the ask rejects with `ActorDeadError`.
	 */
	deferAnswer(): Reply<unknown> {
		const owed = this.#currentReply;
		this.#currentReply = undefined;
		if (owed !== undefined) {
			owed.replier = undefined;
			this.#rememberDeferred(owed);
		}

		return replyFor(owed, this.host);
	}

	#rememberDeferred(owed: Future<unknown>): void {
		const extras = this.#more();
		extras.deferred ??= new Set();
		const {deferred} = extras;
		deferred.add(owed);
		// Answered replies need not be remembered; prune now and then so a
		// long-lived actor's set stays the size of what it really owes.
		if (deferred.size >= 64 && (deferred.size & (deferred.size - 1)) === 0) {
			for (const future of deferred) {
				if (future.settled) {
					deferred.delete(future);
				}
			}
		}
	}

	// The lifecycle: running → stopping → dead.

	/**
	 * Queues a stop request behind the messages already sent. If nothing is
	 * before it and the behaviour is suspended where it may be cut short, the
	 * stop happens at once.
	 */
	requestStop(future: Future<boolean>): void {
		future.replier = this;
		this.deliver(STOP, future);
		this.stopRequested(future);
	}

	/**
	 * Answers a stop request made while the actor is stopping or dead:
	 * `false`, once the actor is dead.
	 */
	stopLate(future: Future<boolean>): void {
		if (this.#status === 'dead') {
			future.trySet(false);
		} else {
			// A stopping actor takes no more messages: its mailbox keeps these
			// requests until death.
			this.mailbox.push(STOP, future);
		}
	}

	/**
	 * Whether the behaviour may be cut short where it is: it is a spawned
	 * behaviour, and a stop request is next in its mailbox. Asked where the
	 * behaviour is about to suspend, and on a stop request when it already is;
	 * kept small, since it runs on every wait.
	 */
	mayStopHere(): boolean {
		// The cheap checks first: a stop request is rarely next, and then the
		// kind of actor decides (a call the hot path mostly skips).
		return this.mailbox.size > 0 && this.mailbox.peek() === STOP && this.#status === 'running' && this.interruptible;
	}

	/**
	 * The stop request at the head of the mailbox is taken: the one path from
	 * there to death begins. The request leaves the mailbox first, so that the
	 * clean-up does not answer it `false` as a request that came too late.
	 */
	takeStopRequest(): void {
		this.mailbox.take();
		this.stopTaken(this.mailbox.takenReply as Future<boolean>);
	}

	/** A stop request (the message `STOP`, with its future) was taken from the mailbox. */
	protected stopTaken(future: Future<boolean>): void {
		this.#stopFuture = future;
		this.beginStopping();
	}

	/**
	 * Stops taking messages: leaves the registry and answers everything queued
	 * (asks reject with `ActorDeadError`, other stop requests wait for death to
	 * get `false`, tells are dropped). The behaviour may still run its
	 * `finally` blocks, or a class actor its `onStop`.
	 */
	beginStopping(): void {
		if (this.#status !== 'running') {
			return;
		}

		this.#status = 'stopping';
		this.cancelTimers();
		this.host.cellStopping(this);
		const {mailbox} = this;
		let stops: Array<Future<boolean>> | undefined;
		while (mailbox.size > 0) {
			const message = mailbox.take();
			const reply = mailbox.takenReply;
			if (reply === undefined) {
				continue;
			}

			if (message === STOP) {
				(stops ??= []).push(reply as Future<boolean>);
			} else {
				reply.tryReject(this.deadError());
			}
		}

		mailbox.takenReply = undefined;
		if (stops !== undefined) {
			for (const stop of stops) {
				this.stopLate(stop);
			}
		}
	}

	/**
	 * The end: `error` is what the behaviour threw (if `failed`), or it
	 * returned or was stopped. Settles everything the actor still owed, the
	 * stop requests last: a stop is done when the actor is dead.
	 */
	die(failed: boolean, error: unknown): void {
		if (this.#status === 'dead') {
			return;
		}

		this.beginStopping();
		this.#status = 'dead';
		this.release();
		if (failed) {
			log(this.host.logger, 'error', `${this.label} failed:`, error);
		}

		// A plain stop, the common end, needs no record: `exit` knows it from the status.
		const exit: Exit = failed ? {reason: 'failed', error} : (this.killed ? killedExit : stoppedExit);
		if (exit !== stoppedExit) {
			this.#more().exit = exit;
		}

		// The ask in hand: a failure answers it with the error; a stop that cut
		// the behaviour short leaves it unanswered, so the actor is dead to it;
		// a behaviour that simply returned answered it with nothing.
		const reply = this.#currentReply;
		this.#currentReply = undefined;
		if (reply !== undefined) {
			if (failed) {
				reply.tryReject(error);
			} else if (this.#stopFuture === undefined) {
				reply.trySet(undefined);
			} else {
				reply.tryReject(this.deadError());
			}
		}

		if (this.#extras?.deferred !== undefined) {
			// Made only when needed: an error costs a stack trace, and the URN.
			this.#rejectDeferred(this.deadError());
		}

		if (wantsDebug(this.host.logger)) {
			log(this.host.logger, 'debug', `${this.label} stopped`);
		}

		// Death watch: the watchers hear of it, once; what this actor watched forgets it.
		const extras = this.#extras;
		if (extras !== undefined) {
			this.#tellWatchers(extras, exit);
		}

		// The stop that stopped it gives true; those that came later, false.
		const stopFuture = this.#stopFuture;
		this.#stopFuture = undefined;
		stopFuture?.trySet(true);
		const {mailbox} = this;
		while (mailbox.size > 0) {
			mailbox.take();
			(mailbox.takenReply as Future<boolean> | undefined)?.trySet(false);
		}

		mailbox.takenReply = undefined;
	}

	/** The extras, made on first need. */
	#more(): CellExtras {
		this.#extras ??= new CellExtras();
		return this.#extras;
	}

	/** Rejects every deferred reply still owed (the actor died, or its failed incarnation is gone). */
	protected rejectDeferred(error: unknown): void {
		this.#rejectDeferred(error);
	}

	#rejectDeferred(error: unknown): void {
		const deferred = this.#extras?.deferred;
		if (deferred !== undefined) {
			this.#extras!.deferred = undefined;
			for (const owed of deferred) {
				owed.tryReject(error);
			}
		}
	}

	// Death watch.

	/** How the actor ended, once it is dead. */
	get exit(): Exit | undefined {
		return this.#extras?.exit ?? (this.#status === 'dead' ? stoppedExit : undefined);
	}

	/** A future of how the actor ends; it settles at death and never rejects. */
	whenStopped(): Future<Exit> {
		const extras = this.#more();
		if (extras.death === undefined) {
			extras.death = new Future<Exit>();
			const {exit} = this;
			if (exit !== undefined) {
				extras.death.trySet(exit);
			}
		}

		return extras.death;
	}

	/**
	 * Makes this actor receive a `Down` message when `target` dies, once; at
	 * once if it is dead already. Watching twice is watching once.
	 */
	watch(target: Cell): void {
		if (this.#status === 'dead') {
			return;
		}

		const {exit} = target;
		if (exit !== undefined) {
			this.deliver(new Down(target.ref, exit), undefined);
			return;
		}

		(target.#more().watchers ??= new Set()).add(this);
		(this.#more().watching ??= new Set()).add(target);
	}

	/** Undoes `watch`: no `Down` of `target` is received after this, even one already queued. */
	unwatch(target: Cell): void {
		target.#extras?.watchers?.delete(this);
		this.#extras?.watching?.delete(target);
		this.mailbox.remove(message => isInstance(message, Down) && message.ref === target.ref);
	}

	// Keyed timers.

	/**
	 * Starts the timer `key`: `message` to this actor after `afterMs`, or
	 * every `everyMs`, on the system's clock. A timer under the same key is
	 * replaced: its message is never received, even if already queued.
	 */
	startTimer(key: unknown, message: unknown, everyMs: number | undefined, afterMs: number): void {
		if (this.#status !== 'running') {
			return;
		}

		this.cancelTimer(key);
		const entry = new TimerEntry(message, everyMs);
		(this.#more().timers ??= new Map()).set(key, entry);
		this.#arm(key, entry, afterMs);
	}

	/** Cancels the timer `key`: its message is never received, even if already queued. Gives whether there was one. */
	cancelTimer(key: unknown): boolean {
		const timers = this.#extras?.timers;
		const entry = timers?.get(key);
		if (entry === undefined) {
			return false;
		}

		timers!.delete(key);
		if (entry.handle !== undefined) {
			this.host.clock.clearTimeout(entry.handle);
		}

		return true;
	}

	/** Cancels every timer (at a stop, a kill, a restart). */
	protected cancelTimers(): void {
		const timers = this.#extras?.timers;
		if (timers !== undefined) {
			for (const key of timers.keys()) {
				this.cancelTimer(key);
			}
		}
	}

	/** Whether the actor has keyed timers, so that taken messages must be checked for their ticks. */
	protected get hasTimers(): boolean {
		return this.#extras?.timers !== undefined;
	}

	/**
	 * A tick taken from the mailbox: its message if its timer is still the
	 * current one of its key (a one-shot timer is then done), else `undefined`.
	 */
	protected acceptTick(tick: TimerTick): {message: unknown} | undefined {
		const timers = this.#extras?.timers;
		if (timers?.get(tick.key) !== tick.entry) {
			return undefined;
		}

		if (tick.entry.everyMs === undefined) {
			timers.delete(tick.key);
		}

		return {message: tick.entry.message};
	}

	/** Whether a queued tick is still valid (for a selective receive's look at the mailbox). */
	protected tickValid(tick: TimerTick): boolean {
		return this.#extras?.timers?.get(tick.key) === tick.entry;
	}

	#arm(key: unknown, entry: TimerEntry, ms: number): void {
		entry.handle = this.host.clock.setTimeout(() => {
			entry.handle = undefined;
			if (this.#extras?.timers?.get(key) !== entry || this.#status !== 'running') {
				return;
			}

			this.deliver(new TimerTick(key, entry), undefined);
			if (entry.everyMs !== undefined) {
				this.#arm(key, entry, entry.everyMs);
			}
		}, ms);
	}

	// Kill.

	/**
	 * Stops the actor as soon as the runtime gets to it: queued messages are
	 * not handled (their asks reject with `ActorDeadError`), a behaviour is cut
	 * short where it is suspended, a class actor finishes the synchronous step
	 * in hand only. `future` gives `true` at death (`false` if it was dead
	 * already, or another stop or kill had already taken it).
	 */
	kill(future: Future<boolean>): void {
		if (this.#status === 'dead') {
			future.trySet(false);
			return;
		}

		this.#more().killed = true;
		if (this.#status === 'running' && this.#stopFuture === undefined) {
			this.#stopFuture = future;
			future.replier = this;
			this.beginStopping();
		} else {
			this.stopLate(future);
		}

		this.killRequested();
	}

	/** The restart plan of a supervised behaviour (the interpreter's), kept with the rarely needed state. */
	protected get restartPlan(): unknown {
		return this.#extras?.restartPlan;
	}

	protected set restartPlan(plan: unknown) {
		this.#more().restartPlan = plan;
	}

	/** Whether the actor was killed. */
	get killed(): boolean {
		return this.#extras?.killed === true;
	}

	/** Whether the behaviour must now be cut short for a kill: true once, then false. */
	protected takeKillCut(): boolean {
		const extras = this.#extras;
		if (extras === undefined || !extras.killed || extras.killCut) {
			return false;
		}

		extras.killCut = true;
		return true;
	}

	/** The actor was killed: a behaviour suspended anywhere is cut short now. */
	protected abstract killRequested(): void;

	#tellWatchers(extras: CellExtras, exit: Exit): void {
		const {watchers, watching} = extras;
		extras.watchers = undefined;
		extras.watching = undefined;
		if (watchers !== undefined) {
			for (const watcher of watchers) {
				watcher.#extras?.watching?.delete(this);
				if (watcher.#status === 'running') {
					watcher.deliver(new Down(this.ref, exit), undefined);
				}
			}
		}

		if (watching !== undefined) {
			for (const target of watching) {
				target.#extras?.watchers?.delete(this);
			}
		}

		extras.death?.trySet(exit);
	}

	/**
	 * The actor never came to life (its class's constructor threw): it is
	 * dead at once, quietly (the error goes to whoever started it), and
	 * anything sent to it meanwhile is answered as to any dead actor.
	 */
	stillborn(): void {
		this.die(false, undefined);
	}
}

/**
 * A `Reply` sent in a message (as the message, or one of its direct values)
 * is handed on: the actor it is sent to now owes that answer, as deadlock
 * detection sees it.
 */
function adoptReplies(message: unknown, cell: Cell): void {
	if (typeof message !== 'object' || message === null) {
		return;
	}

	let values: unknown[];
	try {
		if (message instanceof Reply) {
			handReply(message, cell);
			return;
		}

		if (Array.isArray(message)) {
			values = message;
		} else if (isPlainObject(message)) {
			values = Object.values(message);
		} else {
			return;
		}
	} catch {
		return;
	}

	for (const value of values) {
		if (isInstance(value, Reply)) {
			handReply(value, cell);
		}
	}
}

/**
 * Copies a string into one flat sequence of characters: a concatenation is
 * kept by V8 as a tree of pieces, several times the size of the characters.
 */
function flat(text: string): string {
	return String.fromCodePoint(...Array.from(text, character => character.codePointAt(0)!));
}

/** The ends shared by every actor that ended so. */
const stoppedExit: Exit = Object.freeze({reason: 'stopped'});
const killedExit: Exit = Object.freeze({reason: 'killed'});

/** What few cells need, kept apart so that most cells pay one empty field for all of it. */
class CellExtras {
	/** Asks whose answer the behaviour took with `deferReply` and may still owe. */
	deferred: Set<Future<unknown>> | undefined = undefined;
	/** The future of `whenStopped`, made on first request. */
	death: Future<Exit> | undefined = undefined;
	/** How the actor ended, once dead. */
	exit: Exit | undefined = undefined;
	/** The actors watching this one. */
	watchers: Set<Cell> | undefined = undefined;
	/** The actors this one watches. */
	watching: Set<Cell> | undefined = undefined;
	/** Whether the actor was killed. */
	killed = false;
	/** Whether the behaviour was cut short for the kill. */
	killCut = false;
	/** The keyed timers, by key. */
	timers: Map<unknown, TimerEntry> | undefined = undefined;
	/** How the behaviour restarts after a failure, under a supervision policy (see `interpreter.ts`). */
	restartPlan: unknown = undefined;
}
