import type {RefOf} from './registered.js';

/**
 * Base class of every error this library raises on its own account, so one
 * `instanceof PykkaError` check catches them all.
 *
 * @example
 * try { await ref.ask('hi') } catch (error) { if (error instanceof PykkaError) … }
 */
export class PykkaError extends Error {
	/** `'PykkaError'`. */
	override name = 'PykkaError';
}

/**
 * The actor addressed is not alive: it was never started, has stopped, or
 * failed. `tell` to such an actor throws it; `ask` and proxy calls reject with it.
 *
 * @example
 * ref.tell('late') // throws ActorDeadError: Adder (urn:uuid:…) is not alive
 */
export class ActorDeadError extends PykkaError {
	/** `'ActorDeadError'`. */
	override name = 'ActorDeadError';
	/** The URN of the actor, when the error is about one. */
	readonly actorUrn: string | undefined;

	constructor(message: string, options?: ErrorOptions & {actorUrn?: string}) {
		super(message, options);
		this.actorUrn = options?.actorUrn;
	}
}

/**
 * Something did not happen within the milliseconds it was given: a `receive`,
 * an `ask`, a `get`, a `stop` or a `getAll`.
 *
 * @example
 * await ref.ask('slow', {timeout: 100}) // rejects with TimeoutError after 100 ms
 */
export class TimeoutError extends PykkaError {
	/** `'TimeoutError'`. */
	override name = 'TimeoutError';
}

/**
 * An actor started to wait for a reply that can only come from an actor that
 * is, directly or through others, waiting on it. The wait fails at once inside
 * the actor that closed the cycle, instead of hanging for ever.
 *
 * @example
 * // Ping (urn:uuid:…) → Pong (urn:uuid:…) → Ping (urn:uuid:…)
 * error.cycle.map(String)
 */
export class DeadlockError extends PykkaError {
	/** `'DeadlockError'`. */
	override name = 'DeadlockError';
	/** The actors of the cycle in waiting order, starting and ending with the one that closed it. */
	readonly cycle: ReadonlyArray<RefOf<unknown>>;

	constructor(cycle: ReadonlyArray<RefOf<unknown>>) {
		super(`Deadlock: ${cycle.map(String).join(' → ')}`);
		this.cycle = cycle;
	}
}
