/**
 * Supervision: what an actor does when its behaviour fails. By default it
 * fails for good (as in Pykka). With a `restart(...)` policy it restarts in
 * place: same ref, URN, registry entry and mailbox, a fresh behaviour after a
 * backoff delay on its system's clock, until a limit of restarts is passed.
 */
import {checkOptions, show} from './validate.js';

/** A limit of restarts: at most `restarts` within `withinMs` milliseconds. */
export type RestartLimit = {
	/** How many restarts are allowed within the window. */
	readonly restarts: number;
	/** The window, in milliseconds. */
	readonly withinMs: number;
};

/** The delays before restarts (see `RestartOptions.backoff`). */
export type Backoff = {
	/** The delay after the first failure, in milliseconds. */
	readonly minMs: number;
	/** The longest delay, in milliseconds (default the larger of `minMs` and 30,000). */
	readonly maxMs?: number | undefined;
	/** How much (0 to 1) each delay is stretched at random (default 0). */
	readonly jitter?: number | undefined;
};

/** The options of `restart`. */
export type RestartOptions = {
	/** At most `restarts` restarts within `withinMs` milliseconds; past that, the actor fails for good. Default: 3 within 60,000 ms. */
	readonly limit?: RestartLimit | undefined;
	/**
	 * The delay before a restart: `minMs` after the first failure, doubling
	 * with each further one within the limit's window, up to `maxMs`, each
	 * stretched by up to `jitter` (0 to 1) of itself at random. Default: no delay.
	 */
	readonly backoff?: Backoff | undefined;
	/** Which failures to restart on; the others fail the actor for good. Default: every one. */
	readonly when?: ((error: unknown) => boolean) | undefined;
};

/**
 * A restart policy, made by `restart`, for `spawn(behaviour, {supervise})`
 * and a class actor's `static supervision`.
 */
export class Supervision {
	/** Restarts allowed within `withinMs`. */
	readonly restarts: number;
	/** The window of the limit, in milliseconds. */
	readonly withinMs: number;
	/** The first backoff delay, in milliseconds. */
	readonly minMs: number;
	/** The longest backoff delay, in milliseconds. */
	readonly maxMs: number;
	/** How much (0 to 1) each delay is stretched at random. */
	readonly jitter: number;
	readonly #when: (error: unknown) => unknown;

	/** Made by `restart()`. */
	constructor(options: RestartOptions | undefined) {
		const bag = checkOptions(options);
		const limit = checkOptions(bag?.['limit'], 'limit');
		const backoff = checkOptions(bag?.['backoff'], 'backoff');
		this.restarts = count(limit?.['restarts'] ?? 3, 'limit.restarts');
		this.withinMs = duration(limit?.['withinMs'] ?? 60_000, 'limit.withinMs');
		this.minMs = duration(backoff?.['minMs'] ?? 0, 'backoff.minMs');
		this.maxMs = duration(backoff?.['maxMs'] ?? Math.max(this.minMs, 30_000), 'backoff.maxMs');
		if (this.maxMs < this.minMs) {
			throw new TypeError(`Expected \`backoff.maxMs\` to be at least \`backoff.minMs\` (${this.minMs}), got ${show(this.maxMs)}`);
		}

		const jitter = backoff?.['jitter'] ?? 0;
		if (typeof jitter !== 'number' || !(jitter >= 0 && jitter <= 1)) {
			throw new TypeError(`Expected \`backoff.jitter\` to be a number from 0 to 1, got ${show(jitter)}`);
		}

		this.jitter = jitter;
		const when = bag?.['when'] ?? (() => true);
		if (typeof when !== 'function') {
			throw new TypeError(`Expected \`when\` to be a function, got ${show(when)}`);
		}

		this.#when = when as (error: unknown) => unknown;
	}

	/** Whether a failure with `error` is to be restarted on (the limit aside); an error in `when` itself counts as no. */
	accepts(error: unknown): boolean {
		try {
			return this.#when(error) === true;
		} catch {
			return false;
		}
	}

	/** The delay before the restart after `inARow` failures in a row (1 for the first). */
	delay(inARow: number): number {
		const base = Math.min(this.maxMs, this.minMs * (2 ** Math.min(inARow - 1, 52)));
		return this.jitter === 0 ? base : base * (1 + (this.jitter * Math.random()));
	}
}

/**
 * A policy that restarts a failed actor in place (see `Supervision`).
 *
 * @example
 * const worker = spawn(flaky, {supervise: restart({limit: {restarts: 5, withinMs: 10_000}, backoff: {minMs: 100, maxMs: 5000, jitter: 0.2}})});
 */
export function restart(options?: RestartOptions): Supervision {
	return new Supervision(options);
}

function count(value: unknown, name: string): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
		throw new TypeError(`Expected \`${name}\` to be a whole number >= 0, got ${show(value)}`);
	}

	return value;
}

function duration(value: unknown, name: string): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 2_147_483_647) {
		throw new TypeError(`Expected \`${name}\` to be a number of milliseconds from 0 to 2147483647, got ${show(value)}`);
	}

	return value;
}
