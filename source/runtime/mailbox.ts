import type {Future} from '../future.js';

/**
 * The message that asks an actor to stop. It is queued like any message, so
 * that everything sent before it is handled first; its "ask future" is the
 * `Future<boolean>` that `stop()` returned. No user value can be identical to it.
 *
 *
 */
export const STOP: unknown = Object.freeze({stop: true});

/** The mailbox array of an actor that has never been sent a message; never written to. */
const never: unknown[] = [];

/**
 * An actor's queue of messages, in arrival order, each with the future of its
 * ask (or `undefined` for a tell).
 *
 * One array holding message and future side by side, and a head index:
 * taking from the front is O(1), with no `Array.shift` and no envelope object
 * per message, which matters on the tell path (and an idle actor pays for one
 * empty array only). A selective receive may take from the middle; that
 * splices, and is the rare case.
 *
 *
 */
export class Mailbox {
	// [message0, reply0, message1, reply1, …]; entries before #head are taken.
	// An actor that was never sent anything shares one empty array: thousands
	// of idle actors then cost no array each.
	#entries: unknown[] = never;
	#head = 0;
	// Selective receive remembers how far it looked: the entries from #head up
	// to #scanned were all refused by #scanMatch. A receive that waits with one
	// predicate while messages arrive, or a loop of receives with the same
	// predicate, then looks at each message once: O(N + M), not O(N · M).
	// Valid while the array and its positions stay as they are. Made on the
	// first selective receive: most actors never do one, and pay one field.
	#scan: Scan | undefined = undefined;

	/** The ask future of the message last taken, or `undefined` if it was a tell. */
	takenReply: Future<unknown> | undefined = undefined;

	get size(): number {
		return (this.#entries.length - this.#head) >> 1;
	}

	push(message: unknown, reply: Future<unknown> | undefined): void {
		if (this.#entries === never) {
			this.#entries = [message, reply];
		} else {
			this.#entries.push(message, reply);
		}
	}

	/** The first message, without taking it. Call only when `size > 0`. */
	peek(): unknown {
		return this.#entries[this.#head];
	}

	/** Takes the first message; its ask future goes to `takenReply`. Call only when `size > 0`. */
	take(): unknown {
		return this.takeAt(this.#head);
	}

	/**
	 * The position of the first message accepted by `accept`, or of the first
	 * stop request if that comes earlier; -1 if none. `accept` may throw; the
	 * mailbox is then left as it was.
	 */
	find(accept: (message: unknown) => boolean): number {
		const entries = this.#entries;
		this.#scan ??= new Scan();
		const scan = this.#scan;
		let index = accept === scan.match && scan.end > this.#head ? scan.end : this.#head;
		for (; index < entries.length; index += 2) {
			const message = entries[index];
			if (message === STOP || accept(message)) {
				break;
			}

			// Recorded as it goes, so that a predicate that throws keeps what was learnt.
			scan.match = accept;
			scan.end = index + 2;
		}

		return index < entries.length ? index : -1;
	}

	/**
	 * Removes every queued message (and its ask future) that `matches`, in
	 * one pass; gives how many. Used rarely (an unwatch, a cancelled ask), so
	 * it may rebuild the queue.
	 */
	remove(matches: (message: unknown, reply: Future<unknown> | undefined) => boolean): number {
		const entries = this.#entries;
		const kept: unknown[] = [];
		let removed = 0;
		for (let index = this.#head; index < entries.length; index += 2) {
			if (matches(entries[index], entries[index + 1] as Future<unknown> | undefined)) {
				removed++;
			} else {
				kept.push(entries[index], entries[index + 1]);
			}
		}

		if (removed > 0) {
			this.#entries = kept.length === 0 ? never : kept;
			this.#head = 0;
			if (this.#scan !== undefined) {
				this.#scan.match = undefined;
			}
		}

		return removed;
	}

	/** Takes the message at a position given by `find`. */
	takeAt(index: number): unknown {
		const entries = this.#entries;
		const message = entries[index];
		this.takenReply = entries[index + 1] as Future<unknown> | undefined;
		if (index !== this.#head) {
			// The entries before `index` stay where they are, so what `find`
			// learnt of them holds.
			entries.splice(index, 2);
			return message;
		}

		// Clear the slots so that the queue does not keep taken messages alive.
		entries[index] = undefined;
		entries[index + 1] = undefined;
		this.#head = index + 2;
		if (this.#head === entries.length) {
			// Back to the shared empty array rather than `length = 0`, which is
			// a slow runtime call; the next message gets a small fresh array.
			this.#entries = never;
			this.#head = 0;
			if (this.#scan !== undefined) {
				this.#scan.match = undefined;
			}
		} else if (this.#head >= 2048 && this.#head * 2 >= entries.length) {
			// Drop the dead front in one go once it is over half of the array.
			entries.splice(0, this.#head);
			this.#head = 0;
			if (this.#scan !== undefined) {
				this.#scan.match = undefined;
			}
		}

		return message;
	}
}

/** How far a selective receive looked: entries before `end` were all refused by `match`. */
class Scan {
	match: ((message: unknown) => boolean) | undefined = undefined;
	end = 0;
}
