import type {Future} from './future.js';

/**
 * The answer owed to one received message, taken with `deferReply()` to be
 * given later. It settles the asker's future at most once; for a message sent
 * with `tell` it does nothing. A reply that comes after the asker timed out is
 * dropped.
 *
 * @example
 * const answer = yield* deferReply<string>();
 * setTimeout(() => answer.resolve('done'), 10);
 */
export class Reply<T> {
	readonly #future: Future<T> | undefined;

	/** @internal */
	constructor(future: Future<T> | undefined) {
		this.#future = future;
	}

	/** Whether the message was sent with `ask`, so that someone waits for this answer. */
	get expected(): boolean {
		return this.#future !== undefined;
	}

	/** Whether the answer has been given (or the asker gave up waiting). */
	get settled(): boolean {
		return this.#future === undefined || this.#future.settled;
	}

	/** Answers with a value. Gives `true` if this settled the ask. */
	resolve(value: T): boolean {
		return this.#future === undefined ? false : this.#future.trySet(value);
	}

	/** Answers with an error: the asker's future rejects with it. Gives `true` if this settled the ask. */
	reject(error: unknown): boolean {
		return this.#future === undefined ? false : this.#future.tryReject(error);
	}
}
