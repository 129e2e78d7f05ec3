/**
 * The ledger of keyed timers, as the actors start, cancel and receive them:
 * no message of a cancelled, replaced or ended timer may be handled, nor one
 * of another actor's timer, and a cancel finds a timer exactly when the
 * ledger has one running under that key.
 */
import {never, type ActorRecord, type Books} from './books.js';
import type {TickAct, TimerAct} from './plan.js';

/** States of a keyed timer in the ledger. */
const RUNNING = 0;
const CANCELLED = 1;
const REPLACED = 2;
/** Ended with its actor's incarnation (a failure) or its actor. */
const ENDED = 3;
/** A one-shot timer whose message was handled. */
const DONE = 4;
const timerStates = ['running', 'cancelled', 'replaced', 'ended', 'done'];

/** A repeating timer is cancelled by its actor after this many ticks. */
const TICKS_PER_REPEATING_TIMER = 3;

export class Timers {
	// By timer index; plain arrays of small values.
	readonly actor: number[] = [];
	readonly every: boolean[] = [];
	readonly state: number[] = [];
	readonly fired: number[] = [];
	readonly #books: Books;

	constructor(books: Books) {
		this.#books = books;
	}

	/**
	 * An actor starts the timer `act.key` (replacing the one under that key):
	 * gives the new timer's index, or `undefined` if the actor was killed or
	 * is dead (an async handler that goes on after a kill), where the runtime
	 * starts no timer.
	 */
	starting(id: number, act: TimerAct): number | undefined {
		const record = this.#books.record(id);
		if (record.killClock !== never || record.deathClock !== never) {
			return undefined;
		}

		const {stats} = this.#books;
		record.timers ??= new Map();
		const previous = record.timers.get(act.key);
		if (previous !== undefined) {
			stats.timersReplaced++;
			this.state[previous] = REPLACED;
		}

		const index = this.actor.length;
		this.actor.push(id);
		this.every.push(act.every);
		this.state.push(RUNNING);
		this.fired.push(0);
		record.timers.set(act.key, index);
		stats.timersStarted++;
		if (act.every) {
			stats.repeatingTimers++;
		}

		return index;
	}

	/** An actor cancelled the timer `key`; `had` is what the runtime said: whether there was one. */
	cancelled(id: number, key: number, had: boolean): void {
		const record = this.#books.record(id);
		if (record.killClock !== never || record.deathClock !== never) {
			return;
		}

		const index = record.timers?.get(key);
		if ((index !== undefined) !== had) {
			this.#books.problem('cancelMismatches', () => `actor ${id} cancelled timer key ${key}: the runtime said ${had}, the ledger has ${index === undefined ? 'none' : `timer #${index}`}`);
		}

		if (index !== undefined) {
			this.#books.stats.timersCancelled++;
			this.state[index] = CANCELLED;
			record.timers!.delete(key);
		}
	}

	/**
	 * An actor handled a timer's message: the timer must be its own and still
	 * running. Gives whether the actor is now to cancel it (a repeating timer
	 * that ticked enough).
	 */
	tick(id: number, act: TickAct): boolean {
		const books = this.#books;
		const record = books.record(id);
		const {timer} = act;
		books.stats.ticks++;
		if (this.actor[timer] !== id) {
			books.problem('foreignTicks', () => `actor ${id} handled the message of timer #${timer} of actor ${String(this.actor[timer])}`);
			return false;
		}

		if (record.killClock !== never) {
			books.problem('handledAfterKill', () => `actor ${id} (${record.kind}) handled the message of timer #${timer} after its kill`);
		}

		const state = this.state[timer]!;
		if (state !== RUNNING) {
			books.problem('staleTicks', () => `actor ${id} (${record.kind}) handled the message of timer #${timer}, which was ${timerStates[state]!}`);
			return false;
		}

		const fired = ++this.fired[timer]!;
		if (!this.every[timer]) {
			this.state[timer] = DONE;
			record.timers!.delete(act.key);
			return false;
		}

		return fired >= TICKS_PER_REPEATING_TIMER;
	}

	/** The actor's incarnation ended (a failure) or the actor did: its running timers end. */
	end(record: ActorRecord): void {
		const {timers} = record;
		if (timers === undefined) {
			return;
		}

		record.timers = undefined;
		for (const index of timers.values()) {
			this.state[index] = ENDED;
			this.#books.stats.timersEnded++;
		}
	}
}
