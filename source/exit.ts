/**
 * How an actor ended, for death watch: `ref.whenStopped()` gives it, and a
 * watcher receives it in a `Down` message.
 */
import type {RefOf} from './registered.js';

/**
 * Why an actor is dead: it stopped (its behaviour returned, or a stop
 * request was taken), it failed (past any restarts its supervision allowed),
 * or it was killed.
 */
export type Exit =
	| {
		/** Its behaviour returned, or a stop request was taken. */
		readonly reason: 'stopped';
	}
	| {
		/** It failed, past any restart its supervision allowed. */
		readonly reason: 'failed';
		/** What it threw. */
		readonly error: unknown;
	}
	| {
		/** It was killed. */
		readonly reason: 'killed';
	};

/**
 * The message a watcher receives when an actor it watches is dead (see
 * `watch`), once, as an ordinary message.
 *
 * @example
 * const down = yield* receive({match: (message): message is Down => message instanceof Down});
 * console.log(`${down.ref} ended: ${down.exit.reason}`);
 */
export class Down {
	/** The actor that is dead. */
	readonly ref: RefOf<unknown>;
	/** How it ended. */
	readonly exit: Exit;

	constructor(ref: RefOf<unknown>, exit: Exit) {
		this.ref = ref;
		this.exit = exit;
	}

	/** `Down(Name (urn:uuid:…): reason)`. */
	toString(): string {
		return `Down(${String(this.ref)}: ${this.exit.reason})`;
	}
}
