import type {Future, FutureListener, Replier} from './future.js';

/**
 * Counts the deferred replies still owed in a system, so that the runtime
 * looks into messages for a handed-on `Reply` only while there are some.
 *
 * @internal
 */
export type ReplyCounter = {
	handedReplies: number;
};

// Set by `Reply`'s static block: the module's own ways past its private constructor and field.
let makeReply: (future: Future<unknown> | undefined, counter: ReplyCounter | undefined) => Reply<unknown>;
let readFuture: (reply: Reply<unknown>) => Future<unknown> | undefined;

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
	static {
		makeReply = (future, counter) => new Reply(future, counter);
		readFuture = reply => reply.#future;
	}

	readonly #future: Future<T> | undefined;

	private constructor(future: Future<T> | undefined, counter: ReplyCounter | undefined) {
		this.#future = future;
		if (future !== undefined && counter !== undefined && !future.settled) {
			counter.handedReplies++;
			future.listen(new OwedReply(counter));
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

/**
 * The `Reply` of an ask future (or of none, for a tell), counted in `counter`
 * while it is owed. The constructor is private: users get replies from
 * `deferReply()`.
 *
 * @internal
 */
export function replyFor(future: Future<unknown> | undefined, counter?: ReplyCounter): Reply<unknown> {
	return makeReply(future, counter);
}

/**
 * The reply was sent to another actor in a message: that actor now owes the
 * answer, as deadlock detection sees it.
 *
 * @internal
 */
export function handReply(reply: Reply<unknown>, replier: Replier): void {
	const future = readFuture(reply);
	if (future !== undefined && !future.settled) {
		future.replier = replier;
	}
}

/** Counts a deferred reply out of its system's count once it is settled. */
class OwedReply implements FutureListener {
	readonly #counter: ReplyCounter;

	constructor(counter: ReplyCounter) {
		this.#counter = counter;
	}

	futureSettled(): void {
		this.#counter.handedReplies--;
	}
}
