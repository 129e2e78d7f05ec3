/**
 * Keyed timers: an actor's scheduled messages to itself, each under a key.
 * Starting a timer under a key in use replaces it; the message of a cancelled
 * or replaced timer is never received, even if it is already in the mailbox
 * (Akka's guarantee): what a timer queues is a `TimerTick`, checked against
 * the actor's current timers when it is taken, and unwrapped then.
 */
import type {TimerHandle} from '../clock.js';

/** One timer of an actor: its message, its period if it repeats, and its clock handle. */
export class TimerEntry {
	readonly message: unknown;
	readonly everyMs: number | undefined;
	handle: TimerHandle | undefined = undefined;

	constructor(message: unknown, everyMs: number | undefined) {
		this.message = message;
		this.everyMs = everyMs;
	}
}

/** What a timer queues: valid only while its entry is the current one of its key. */
export class TimerTick {
	readonly key: unknown;
	readonly entry: TimerEntry;

	constructor(key: unknown, entry: TimerEntry) {
		this.key = key;
		this.entry = entry;
	}
}

/** When a timer fires: once after `afterMs`, or every `everyMs`. */
export type TimerOptions = {readonly afterMs: number} | {readonly everyMs: number};
