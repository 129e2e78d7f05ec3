/**
 * The scheduler: one run queue for every task of a system, served
 * round-robin on Node's thread.
 *
 * A task runs one slice (bounded by its budget), and goes to the back of the
 * queue if it still has work. The loop is a trampoline: work that becomes
 * runnable during a slice is queued, never run re-entrantly, so the stack does
 * not grow however long two actors talk. After `sliceTime` ms of work the loop
 * hands the thread back to Node (via `setImmediate`) so timers and I/O run,
 * whatever a step costs (see `#run`). With nothing runnable it holds no
 * handle, so an idle process can exit.
 *
 * It knows nothing of actors: a task is anything with `runSlice`.
 */
export type Task = {
	/** Whether the task is in the run queue; kept by the scheduler. */
	scheduled: boolean;
	/** Does up to `budget` steps of work; gives `true` if it has more to do right away. */
	runSlice(budget: number): boolean;
};

/** Work units before the first clock read of a wake-up: a few steps, however costly. */
const FIRST_READ = 8;

/** The most work units between two clock reads; on the cheapest work, reading costs ~0.2%. */
const MOST_BETWEEN_READS = 1024;

/** What a slice that ended in a wait counts, in work units: it usually ran a step or two. */
const WAIT_COST = 8;

export type SchedulerOptions = {
	/** Steps a task may take in one turn before the next task goes. */
	readonly budget?: number;
	/** Milliseconds of work before the thread is handed back to the event loop. */
	readonly sliceTime?: number;
	/** Told of an error that escaped a task, which would be a bug in the task. */
	readonly onTaskError?: (error: unknown) => void;
};

/** The run queue and its loop (see the module's comment). */
export class Scheduler {
	readonly #budget: number;
	readonly #sliceTime: number;
	/** The time (ms) aimed at between two clock reads, and so the most a turn overruns `sliceTime`. */
	readonly #readEvery: number;
	readonly #onTaskError: (error: unknown) => void;
	/** The task running its slice right now, if any. */
	current: Task | undefined = undefined;
	#queue: Task[] = [];
	#head = 0;
	#running = false;
	#wakeUpPending = false;
	/**
	 * Work units between two clock reads, fitted to what a unit has lately
	 * cost. Kept a small integer (`| 0`), and `#lastRead` a float from the
	 * start: a field whose representation V8 has to change (from small
	 * integer to float) slowed the bench's ping-pong by ~30%.
	 */
	#interval = FIRST_READ;
	/** When the clock was last read (`performance.now()`); construction counts as a read. */
	#lastRead = performance.now();
	/** Runs what was scheduled from outside a run (a microtask). */
	readonly #wake = (): void => {
		this.#run(false);
	};

	/** Goes on after the event loop had its turn (a `setImmediate`). */
	readonly #resume = (): void => {
		this.#run(true);
	};

	constructor(options: SchedulerOptions = {}) {
		this.#budget = options.budget ?? 64;
		this.#sliceTime = options.sliceTime ?? 6;
		this.#readEvery = this.#sliceTime / 8;
		this.#onTaskError = options.onTaskError ?? rethrowLater;
	}

	/** Whether nothing is runnable: no task queued, no run under way or about to start. */
	get idle(): boolean {
		return !this.#running && !this.#wakeUpPending && this.#head >= this.#queue.length;
	}

	/** Puts a task at the back of the run queue, unless it is there already. */
	schedule(task: Task): void {
		if (task.scheduled) {
			return;
		}

		task.scheduled = true;
		this.#queue.push(task);
		if (!this.#running && !this.#wakeUpPending) {
			this.#wakeUpPending = true;
			// A microtask, not a timer: a request from outside is served as soon
			// as the caller's synchronous code is done, and holds no handle.
			queueMicrotask(this.#wake);
		}
	}

	#run(resumed: boolean): void {
		this.#wakeUpPending = false;
		if (this.#running) {
			return;
		}

		this.#running = true;
		// The turn is bounded by time, not by a count of steps: the event loop
		// must get the thread back within ~`sliceTime` ms even when each step
		// is a millisecond of the behaviour's own work. Reading the clock costs
		// as much as a short slice, so a count of work units decides when to
		// read it: a slice that used its whole budget counts as that many
		// steps, one that ended in a wait (usually after a step or two) as a
		// few. No slice may run more steps than the units left before the next
		// read, so one task cannot run 64 costly steps in one go. Each read
		// fits the interval to the cost just measured (as many units as fit in
		// `#readEvery` ms): down at once when units turned costly, up at most
		// twofold a read, so that a cheap stretch among costly steps does not
		// send it to the cap. On cheap work it sits at the cap, where reads are
		// as rare as they were with a fixed count.
		//
		// A wake-up (a microtask) first reads after a few units: most wake-ups
		// (an ask from outside, a timer) are done before and never read it,
		// and a burst of costly work is caught after a few of its steps (the
		// first fit measures them, and the pause before them only makes it
		// more careful). A run that goes on after the event loop's turn reads
		// at once: once a turn. What no count catches is work that turns costly
		// in the middle of a run after a stretch of cheap work: that overruns
		// by one interval, at most MOST_BETWEEN_READS steps.
		const budget = this.#budget;
		let deadline = 0;
		let granted: number;
		if (resumed) {
			const now = performance.now();
			this.#lastRead = now;
			deadline = now + this.#sliceTime;
			granted = this.#interval;
		} else {
			granted = Math.min(this.#interval, FIRST_READ);
		}

		let credit = granted;
		try {
			while (this.#head < this.#queue.length) {
				if (credit <= 0) {
					const now = performance.now();
					this.#fit(granted - credit, now - this.#lastRead);
					this.#lastRead = now;
					if (deadline === 0) {
						deadline = now + this.#sliceTime;
					} else if (now >= deadline) {
						break;
					}

					granted = this.#interval;
					credit = granted;
				}

				const task = this.#queue[this.#head]!;
				this.#queue[this.#head] = undefined as unknown as Task;
				this.#head++;
				task.scheduled = false;
				const slice = Math.min(credit, budget);
				let more = false;
				this.current = task;
				try {
					more = task.runSlice(slice);
				} catch (error) {
					this.#onTaskError(error);
				}

				this.current = undefined;

				if (more) {
					task.scheduled = true;
					this.#queue.push(task);
				}

				if (this.#head >= 4096 && this.#head * 2 >= this.#queue.length) {
					this.#queue.splice(0, this.#head);
					this.#head = 0;
				}

				credit -= more ? slice : WAIT_COST;
			}
		} finally {
			this.#running = false;
		}

		if (this.#head < this.#queue.length) {
			this.#wakeUpPending = true;
			setImmediate(this.#resume);
		} else {
			// A fresh array rather than `length = 0`, which is a slow runtime call.
			this.#queue = [];
			this.#head = 0;
		}
	}

	/** Sets the read interval from `used` work units that took `elapsed` ms. */
	#fit(used: number, elapsed: number): void {
		const fits = elapsed > 0 ? used * this.#readEvery / elapsed : MOST_BETWEEN_READS;
		const interval = Math.min(fits, this.#interval * 2, MOST_BETWEEN_READS);
		this.#interval = interval >= 1 ? Math.trunc(interval) : 1;
	}
}

function rethrowLater(error: unknown): void {
	queueMicrotask(() => {
		throw error;
	});
}
