/**
 * Clocks: where the runtime's time comes from. Every time-based thing of a
 * system (the timeouts of `receive`, `ask`, `get`, `getAll` and `stop`,
 * `sleep`) goes through its system's clock, so that a test can put a system on
 * a virtual clock (`pykka/testing`) and move time by hand. The scheduler's
 * handing the thread back to the event loop is no time and stays real.
 */

/** A timer set on a clock, as that clock identifies it. */
export type TimerHandle = unknown;

/**
 * A source of time: milliseconds, and timers on them.
 *
 * @example
 * const system = createSystem({clock: myClock});
 */
export type Clock = {
	/** The time now, in milliseconds (from any fixed origin). */
	now(): number;
	/** Calls `callback` once, `ms` milliseconds from now; gives a handle to clear it with. */
	setTimeout(callback: () => void, ms: number): TimerHandle;
	/** Cancels a timer that has not fired; a handle of a fired or cleared timer is ignored. */
	clearTimeout(handle: TimerHandle): void;
};

/**
 * Node's own time: `performance.now()` and Node's timers. A timer keeps the
 * process alive, as any Node timer does. The only place in the runtime that
 * calls the global timer functions.
 */
export const realClock: Clock = {
	now() {
		return performance.now();
	},
	setTimeout(callback, ms) {
		return setTimeout(callback, ms);
	},
	clearTimeout(handle) {
		clearTimeout(handle as NodeJS.Timeout | undefined);
	},
};
