/**
 * A virtual clock: time starts at 0 and moves only when told. Timers wait in
 * due order (ties in the order they were set) until `fireNext` fires them.
 */
import type {Clock, TimerHandle} from '../clock.js';

/** One timer of a virtual clock. */
class VirtualTimer {
	readonly due: number;
	readonly order: number;
	callback: (() => void) | undefined;

	constructor(due: number, order: number, callback: () => void) {
		this.due = due;
		this.order = order;
		this.callback = callback;
	}
}

/**
 * A clock whose time moves only by `advanceTo`/`fireNext`; its timers never
 * keep a process alive, since they are no Node timers.
 *
 * @example
 * const clock = new VirtualClock();
 * clock.setTimeout(() => console.log('later'), 1000);
 * clock.fireNext(); // logs 'later'; clock.now() is 1000
 */
export class VirtualClock implements Clock {
	#now = 0;
	#order = 0;
	/** A binary min-heap by (due, order). */
	#timers: VirtualTimer[] = [];
	#pending = 0;

	/** The virtual time now, in milliseconds since the clock was made. */
	now(): number {
		return this.#now;
	}

	/** Sets a timer `ms` virtual milliseconds from now. */
	setTimeout(callback: () => void, ms: number): TimerHandle {
		const timer = new VirtualTimer(this.#now + Math.max(0, ms), this.#order++, callback);
		this.#push(timer);
		this.#pending++;
		return timer;
	}

	/** Cancels a timer; the handle of a fired or cleared timer is ignored. */
	clearTimeout(handle: TimerHandle): void {
		if (handle instanceof VirtualTimer && handle.callback !== undefined) {
			handle.callback = undefined;
			this.#pending--;
		}
	}

	/** How many timers wait to fire. */
	get pending(): number {
		return this.#pending;
	}

	/** The time the next timer is due, or `undefined` if none waits. */
	nextDue(): number | undefined {
		this.#dropCleared();
		return this.#timers[0]?.due;
	}

	/**
	 * Fires the next timer if it is due at or before `limit`, moving time to
	 * its due time first. Gives whether one fired.
	 */
	fireNext(limit = Number.POSITIVE_INFINITY): boolean {
		this.#dropCleared();
		const timer = this.#timers[0];
		if (timer === undefined || timer.due > limit) {
			return false;
		}

		this.#pop();
		this.#pending--;
		this.#now = Math.max(this.#now, timer.due);
		const callback = timer.callback as () => void;
		timer.callback = undefined;
		callback();
		return true;
	}

	/** Moves time to `time` (never backwards) without firing anything. */
	advanceTo(time: number): void {
		this.#now = Math.max(this.#now, time);
	}

	/** Cancels every timer. */
	clearAll(): void {
		for (const timer of this.#timers) {
			timer.callback = undefined;
		}

		this.#timers = [];
		this.#pending = 0;
	}

	#dropCleared(): void {
		while (this.#timers.length > 0 && this.#timers[0]!.callback === undefined) {
			this.#pop();
		}
	}

	#push(timer: VirtualTimer): void {
		const heap = this.#timers;
		heap.push(timer);
		let index = heap.length - 1;
		while (index > 0) {
			const parent = (index - 1) >> 1;
			if (!earlier(timer, heap[parent]!)) {
				break;
			}

			heap[index] = heap[parent]!;
			index = parent;
		}

		heap[index] = timer;
	}

	#pop(): void {
		const heap = this.#timers;
		const last = heap.pop()!;
		if (heap.length === 0) {
			return;
		}

		let index = 0;
		for (;;) {
			const left = (2 * index) + 1;
			if (left >= heap.length) {
				break;
			}

			const right = left + 1;
			const child = right < heap.length && earlier(heap[right]!, heap[left]!) ? right : left;
			if (!earlier(heap[child]!, last)) {
				break;
			}

			heap[index] = heap[child]!;
			index = child;
		}

		heap[index] = last;
	}
}

function earlier(a: VirtualTimer, b: VirtualTimer): boolean {
	return a.due < b.due || (a.due === b.due && a.order < b.order);
}
