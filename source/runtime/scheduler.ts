/**
 * The scheduler: one run queue for every task of a system, served
 * round-robin on Node's thread.
 *
 * A task runs one slice (bounded by its budget), and goes to the back of the
 * queue if it still has work. The loop is a trampoline: work that becomes
 * runnable during a slice is queued, never run re-entrantly, so the stack does
 * not grow however long two actors talk. After `sliceTime` ms of work the loop
 * hands the thread back to Node (via `setImmediate`) so timers and I/O run.
 * With nothing runnable it holds no handle, so an idle process can exit.
 *
 * It knows nothing of actors: a task is anything with `runSlice`.
 *
 * @internal
 */
export type Task = {
	/** Whether the task is in the run queue; kept by the scheduler. */
	scheduled: boolean;
	/** Does up to `budget` steps of work; gives `true` if it has more to do right away. */
	runSlice(budget: number): boolean;
};

export type SchedulerOptions = {
	/** Steps a task may take in one turn before the next task goes. */
	readonly budget?: number;
	/** Milliseconds of work before the thread is handed back to the event loop. */
	readonly sliceTime?: number;
	/** Told of an error that escaped a task, which would be a bug in the task. */
	readonly onTaskError?: (error: unknown) => void;
};

/** @internal */
export class Scheduler {
	readonly #budget: number;
	readonly #sliceTime: number;
	readonly #onTaskError: (error: unknown) => void;
	/** The task running its slice right now, if any. */
	current: Task | undefined = undefined;
	#queue: Task[] = [];
	#head = 0;
	#running = false;
	#wakeUpPending = false;
	readonly #drain = (): void => {
		this.#run();
	};

	constructor(options: SchedulerOptions = {}) {
		this.#budget = options.budget ?? 64;
		this.#sliceTime = options.sliceTime ?? 6;
		this.#onTaskError = options.onTaskError ?? rethrowLater;
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
			queueMicrotask(this.#drain);
		}
	}

	#run(): void {
		this.#wakeUpPending = false;
		if (this.#running) {
			return;
		}

		this.#running = true;
		// Reading the clock costs as much as a short slice, so it is read only
		// after some work: a slice that used its whole budget counts as that
		// many steps, one that ended in a wait (usually after a step or two)
		// as a few. Most wake-ups (an ask from outside, a timer) never read
		// it; a long run reads it often enough to keep its promise.
		const budget = this.#budget;
		let deadline = 0;
		let work = 0;
		try {
			while (this.#head < this.#queue.length) {
				const task = this.#queue[this.#head] as Task;
				this.#queue[this.#head] = undefined as unknown as Task;
				this.#head++;
				task.scheduled = false;
				let more = false;
				this.current = task;
				try {
					more = task.runSlice(budget);
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

				work += more ? budget : 8;
				if (work >= 1024) {
					work = 0;
					const now = performance.now();
					if (deadline === 0) {
						deadline = now + this.#sliceTime;
					} else if (now >= deadline) {
						break;
					}
				}
			}
		} finally {
			this.#running = false;
		}

		if (this.#head < this.#queue.length) {
			this.#wakeUpPending = true;
			setImmediate(this.#drain);
		} else {
			// A fresh array rather than `length = 0`, which is a slow runtime call.
			this.#queue = [];
			this.#head = 0;
		}
	}
}

function rethrowLater(error: unknown): void {
	queueMicrotask(() => {
		throw error;
	});
}
