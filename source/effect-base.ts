/**
 * What every effect shares: iterating it yields the effect once and returns
 * what the interpreter sent back. The one unchecked cast of a result lives
 * here, so user code never needs one.
 *
 * An effect is its own iterator rather than a generator: `yield*` on an
 * effect is the hottest path of every behaviour, and this spares a generator
 * object each time. The phase is reset by each `[Symbol.iterator]()`, so an
 * effect may be yielded again and again, and by several actors: between one
 * actor's first `next` and its second, the phase only matters as "not first".
 */
export abstract class EffectBase<T> implements Iterator<unknown, T, unknown> {
	#yielded = false;

	/** Makes the effect iterable, so that `yield* effect` hands it to the interpreter and gives its result. */
	[Symbol.iterator](): Iterator<this, T, unknown> {
		this.#yielded = false;
		return this;
	}

	/** First yields the effect itself, then returns what the interpreter sent back (the effect's result). */
	next(input?: unknown): IteratorResult<this, T> {
		if (this.#yielded) {
			return {value: input as T, done: true};
		}

		this.#yielded = true;
		return {value: this, done: false};
	}

	/** An error thrown into the behaviour while it waits here comes out of the `yield*`. */
	throw(error: unknown): IteratorResult<this, T> {
		throw error;
	}
}
