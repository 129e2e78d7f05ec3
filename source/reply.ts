import type {Future, Replier} from './future.js';

/**
 * Counts the deferred replies still owed in a system, so that the runtime
 * looks into messages for a handed-on `Reply` only while there are some.
 *
 * @internal
 */
export type ReplyCounter = {
	handedReplies: number;
};

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
	readonly #counter: ReplyCounter | undefined;

	/** @internal */
	constructor(future: Future<T> | undefined, counter?: ReplyCounter) {
		this.#future = future;
		if (future !== undefined && counter !== undefined && !future.settled) {
			this.#counter = counter;
			counter.handedReplies++;
			future.listen(this);
		}
	}

	/** @internal */
	futureSettled(): void {
		if (this.#counter !== undefined) {
			this.#counter.handedReplies--;
		}
	}

	/**
	 * The reply was sent to another actor in a message: that actor now owes
	 * the answer, as deadlock detection sees it.
	 *
	 * @internal
	 */
	handTo(replier: Replier): void {
		if (this.#future !== undefined && !this.#future.settled) {
			this.#future.replier = replier;
		}
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
