import type {Future} from '../future.js';

/**
 * The message that asks an actor to stop. It is queued like any message, so
 * that everything sent before it is handled first; its "ask future" is the
 * `Future<boolean>` that `stop()` returned. No user value can be identical to it.
 *
 * @internal
 */
export const STOP: unknown = Object.freeze({stop: true});

/**
 * An actor's queue of messages, in arrival order, each with the future of its
 * ask (or `undefined` for a tell).
 *
 * Two parallel arrays and a head index: taking from the front is O(1) with no
 * `Array.shift` and no envelope object per message, which matters on the tell
 * path. A selective receive may take from the middle; that splices, and is
 * the rare case.
 *
 * @internal
 */
export class Mailbox {
	#messages: unknown[] = [];
	#replies: Array<Future<unknown> | undefined> = [];
	#head = 0;

	/** The ask future of the message last taken, or `undefined` if it was a tell. */
	takenReply: Future<unknown> | undefined = undefined;

	get size(): number {
		return this.#messages.length - this.#head;
	}

	push(message: unknown, reply: Future<unknown> | undefined): void {
		this.#messages.push(message);
		this.#replies.push(reply);
	}

	/** The first message, without taking it. Call only when `size > 0`. */
	peek(): unknown {
		return this.#messages[this.#head];
	}

	/** Takes the first message; its ask future goes to `takenReply`. Call only when `size > 0`. */
	take(): unknown {
		return this.takeAt(this.#head);
	}

	/**
	 * The index of the first message accepted by `accept`, or of the first stop
	 * request if that comes earlier; -1 if none. `accept` may throw; the mailbox
	 * is then left as it was.
	 */
	find(accept: (message: unknown) => boolean): number {
		const messages = this.#messages;
		for (let index = this.#head; index < messages.length; index++) {
			const message = messages[index];
			if (message === STOP || accept(message)) {
				return index;
			}
		}

		return -1;
	}

	/** Takes the message at an index given by `find`. */
	takeAt(index: number): unknown {
		const messages = this.#messages;
		const message = messages[index];
		this.takenReply = this.#replies[index];
		if (index === this.#head) {
			// Clear the slots so the queue does not keep taken messages alive.
			messages[index] = undefined;
			this.#replies[index] = undefined;
			this.#head++;
			if (this.#head === messages.length) {
				messages.length = 0;
				this.#replies.length = 0;
				this.#head = 0;
			} else if (this.#head >= 1024 && this.#head * 2 >= messages.length) {
				// Drop the dead front in one go once it is over half of the array.
				messages.splice(0, this.#head);
				this.#replies.splice(0, this.#head);
				this.#head = 0;
			}
		} else {
			messages.splice(index, 1);
			this.#replies.splice(index, 1);
		}

		return message;
	}

	/** Empties the mailbox, calling `visit` for each message and its ask future, in order. */
	drain(visit: (message: unknown, reply: Future<unknown> | undefined) => void): void {
		const messages = this.#messages;
		const replies = this.#replies;
		const head = this.#head;
		this.#messages = [];
		this.#replies = [];
		this.#head = 0;
		for (let index = head; index < messages.length; index++) {
			visit(messages[index], replies[index]);
		}
	}
}
