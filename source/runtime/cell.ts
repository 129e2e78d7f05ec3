/**
 * A cell is one actor as the runtime sees it: its mailbox, its behaviour's
 * generator, what it is suspended on, and its lifecycle (running → stopping →
 * dead). The interpreter (`interpreter.ts`) drives it; refs deliver to it.
 *
 * The whole class is internal: users hold `ActorRef`s.
 *
 * @internal
 */
import {v4 as uuidV4} from 'uuid';
import type {Effect} from '../effects.js';
import {ActorDeadError} from '../errors.js';
import type {Future, FutureListener, Replier} from '../future.js';
import {log, wantsDebug, type Logger} from '../logger.js';
import type {ActorRef} from '../ref.js';
import {Reply} from '../reply.js';
import {isPlainObject} from '../validate.js';
import {Mailbox, STOP} from './mailbox.js';
import {runSlice} from './interpreter.js';
import type {Scheduler, Task} from './scheduler.js';

export type CellStatus = 'running' | 'stopping' | 'dead';

/** What a suspended cell waits for; `ready` means it has input and can step. */
export type Waiting = 'ready' | 'receive' | 'await' | 'sleep';

/** How the next step resumes the generator. */
export type ResumeMode = 'next' | 'throw' | 'return';

/** What a cell needs from the system it lives in. */
export type CellHost = {
	readonly scheduler: Scheduler;
	readonly logger: Logger;
	/** The actor stopped taking messages: it leaves the registry. */
	cellStopping(cell: Cell): void;
	/**
	 * How many deferred replies of this system are still owed: only while
	 * some are, messages are looked into for a \`Reply\` handed on.
	 */
	handedReplies: number;
};

export class Cell implements Task, FutureListener, Replier {
	readonly host: CellHost;
	readonly name: string;
	/**
	 * Whether a stop may cut the behaviour short where it is suspended (a
	 * spawned behaviour), or must wait until it next receives (a class actor,
	 * which always finishes the message in hand).
	 */
	readonly interruptible: boolean;
	/** The class instance of a class actor; `undefined` for a spawned behaviour. */
	instance: object | undefined = undefined;
	/** The proxy of a class actor, made on first use. */
	proxy: object | undefined = undefined;
	/**
	 * Whether a class actor's handler is running, where `receive` is refused:
	 * a class actor's messages are for its handlers, one at a time.
	 */
	handling = false;
	readonly mailbox = new Mailbox();
	ref!: ActorRef;
	status: CellStatus = 'running';
	scheduled = false;

	generator: Generator<Effect, unknown, unknown> | undefined = undefined;
	waiting: Waiting = 'ready';
	mode: ResumeMode = 'next';
	input: unknown = undefined;

	/** The predicate of the receive the cell is suspended in, if selective. */
	match: ((message: unknown) => boolean) | undefined = undefined;
	/** The timer of a sleep or of a receive with a timeout. */
	timer: NodeJS.Timeout | undefined = undefined;
	/** The future the cell is suspended on. */
	awaiting: Future<unknown> | undefined = undefined;
	/** The ask future of the message most recently received, until answered. */
	currentReply: Future<unknown> | undefined = undefined;
	/** Asks whose answer the behaviour took with `deferReply` and may still owe. */
	deferred: Set<Future<unknown>> | undefined = undefined;
	/** The stop request that stopped the actor; resolved `true` at death. */
	stopFuture: Future<boolean> | undefined = undefined;

	/** The registry the actor is listed in, and its neighbours there (see `Registry`). */
	registry: object | undefined = undefined;
	registryPrevious: Cell | undefined = undefined;
	registryNext: Cell | undefined = undefined;

	#urn: string | undefined = undefined;

	constructor(host: CellHost, name: string, interruptible: boolean) {
		this.host = host;
		this.name = name;
		this.interruptible = interruptible;
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

	deadError(): ActorDeadError {
		return new ActorDeadError(`${this.label} is not alive`, {actorUrn: this.urn});
	}

	/** Queues a message (with the future of its ask, if any), waking a receiving actor. */
	deliver(message: unknown, reply: Future<unknown> | undefined): void {
		// Zero unless some deferred reply is owed: then look for it being handed on.
		if (this.host.handedReplies !== 0) {
			adoptReplies(message, this);
		}

		this.mailbox.push(message, reply);
		if (this.waiting === 'receive') {
			this.host.scheduler.schedule(this);
		}
	}

	/**
	 * Queues a stop request behind the messages already sent. If nothing is
	 * before it and the behaviour is suspended where it may be cut short, the
	 * stop happens at once.
	 */
	requestStop(future: Future<boolean>): void {
		future.replier = this;
		this.deliver(STOP, future);
		if ((this.waiting === 'sleep' || this.waiting === 'await') && this.mayStopHere()) {
			this.stopHere();
			this.waiting = 'ready';
			this.host.scheduler.schedule(this);
		}
	}

	/**
	 * Whether the behaviour may be cut short where it is: it is a spawned
	 * behaviour, and a stop request is next in its mailbox. Asked where the
	 * behaviour is about to suspend, and on a stop request when it already is;
	 * kept apart from `stopHere` so that this check, on every wait, stays small.
	 */
	mayStopHere(): boolean {
		return this.interruptible && this.status === 'running' && this.mailbox.size > 0 && this.mailbox.peek() === STOP;
	}

	/**
	 * Starts the stop `mayStopHere` allowed: the wait is abandoned and the
	 * next step returns the generator, so `finally` blocks run.
	 */
	stopHere(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		this.#stopAwaiting();
		this.#takeStopRequest();
		this.mode = 'return';
		this.input = undefined;
	}

	/**
	 * Takes the stop request at the head of the mailbox and starts stopping.
	 * The request leaves the mailbox first, so that the clean-up does not
	 * answer it `false` as a request that came too late.
	 */
	#takeStopRequest(): void {
		this.mailbox.take();
		this.stopFuture = this.mailbox.takenReply as Future<boolean>;
		this.beginStopping();
	}

	/** Leaves the future the cell waits on, so that it no longer holds the cell. */
	#stopAwaiting(): void {
		const awaiting = this.awaiting;
		if (awaiting !== undefined) {
			this.awaiting = undefined;
			awaiting.unlisten(this);
		}
	}

	/**
	 * Answers a stop request made while the actor is stopping or dead:
	 * `false`, once the actor is dead.
	 */
	stopLate(future: Future<boolean>): void {
		if (this.status === 'dead') {
			future.trySet(false);
		} else {
			// A stopping actor takes no more messages: its mailbox keeps these
			// requests until death.
			this.mailbox.push(STOP, future);
		}
	}

	runSlice(budget: number): boolean {
		return runSlice(this, budget);
	}

	/** Makes the cell step next with this input. */
	resume(mode: ResumeMode, input: unknown): void {
		this.waiting = 'ready';
		this.mode = mode;
		this.input = input;
		this.host.scheduler.schedule(this);
	}

	futureSettled(future: Future<unknown>): void {
		if (this.awaiting !== future || this.status === 'dead') {
			return;
		}

		this.awaiting = undefined;
		this.resume(future.rejected ? 'throw' : 'next', future.result);
	}

	/**
	 * Answers the ask of the message most recently received (with an error if
	 * `rejected`). Gives whether there was an ask left to settle.
	 */
	answer(value: unknown, rejected: boolean): boolean {
		const reply = this.currentReply;
		if (reply === undefined) {
			return false;
		}

		this.currentReply = undefined;
		return rejected ? reply.tryReject(value) : reply.trySet(value);
	}

	/**
	 * Stops taking messages: leaves the registry and answers everything queued
	 * (asks reject with `ActorDeadError`, other stop requests get `false`,
	 * tells are dropped). The behaviour may still run its `finally` blocks.
	 */
	beginStopping(): void {
		if (this.status !== 'running') {
			return;
		}

		this.status = 'stopping';
		this.host.cellStopping(this);
		const mailbox = this.mailbox;
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
	 * The end: `error` is what the behaviour threw, or `undefined` if it
	 * returned (or was stopped). Settles everything the actor still owed.
	 */
	die(failed: boolean, error: unknown): void {
		if (this.status === 'dead') {
			return;
		}

		this.beginStopping();
		this.status = 'dead';
		this.generator = undefined;
		this.waiting = 'ready';
		this.#stopAwaiting();
		this.match = undefined;
		this.input = undefined;
		clearTimeout(this.timer);
		this.timer = undefined;

		if (failed) {
			log(this.host.logger, 'error', `${this.label} failed:`, error);
		}

		// The ask in hand: a failure answers it with the error; a stop that cut
		// the behaviour short leaves it unanswered, so the actor is dead to it;
		// a behaviour that simply returned answered it with nothing.
		const reply = this.currentReply;
		this.currentReply = undefined;
		if (reply !== undefined) {
			if (failed) {
				reply.tryReject(error);
			} else if (this.stopFuture === undefined) {
				reply.trySet(undefined);
			} else {
				reply.tryReject(this.deadError());
			}
		}

		if (this.deferred !== undefined) {
			for (const owed of this.deferred) {
				owed.tryReject(this.deadError());
			}

			this.deferred = undefined;
		}

		if (wantsDebug(this.host.logger)) {
			log(this.host.logger, 'debug', `${this.label} stopped`);
		}

		// Last of all, the stops: a stop is done when the actor is dead. The
		// one that stopped it gives true; those that came later, false.
		const stopFuture = this.stopFuture;
		this.stopFuture = undefined;
		stopFuture?.trySet(true);
		const mailbox = this.mailbox;
		while (mailbox.size > 0) {
			mailbox.take();
			(mailbox.takenReply as Future<boolean> | undefined)?.trySet(false);
		}

		mailbox.takenReply = undefined;
	}

	/**
	 * The actor never came to life (its class's constructor threw): it is
	 * dead at once, quietly (the error goes to whoever started it), and
	 * anything sent to it meanwhile is answered as to any dead actor.
	 */
	stillborn(): void {
		this.generator = undefined;
		this.die(false, undefined);
	}
}

/**
 * A \`Reply\` sent in a message (as the message, or one of its direct values)
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
			message.handTo(cell);
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
		if (isReply(value)) {
			value.handTo(cell);
		}
	}
}

function isReply(value: unknown): value is Reply<unknown> {
	try {
		return value instanceof Reply;
	} catch {
		return false;
	}
}

/**
 * Copies a string into one flat sequence of characters: a concatenation is
 * kept by V8 as a tree of pieces, several times the size of the characters.
 */
function flat(text: string): string {
	return String.fromCharCode(...Array.from(text, character => character.charCodeAt(0)));
}
