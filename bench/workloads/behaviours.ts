/**
 * The actors the workloads share, on pykka and on the floor.
 */
import {receive, reply, type Operation} from 'pykka';

/** What a counter takes: a number to add, or `'get'` to answer the count. */
export type CounterMessage = number | 'get';

/** A pykka counter: adds the numbers it is told, answers `'get'` with the sum. */
export function * counter(): Operation<never> {
	let count = 0;
	for (;;) {
		const message = yield * receive<CounterMessage>();
		if (message === 'get') {
			yield * reply(count);
		} else {
			count += message;
		}
	}
}

/** A pykka echo: answers each ask with its message. */
export function * echo(): Operation<never> {
	for (;;) {
		yield * reply(yield * receive());
	}
}

/** A pykka actor that only waits for messages. */
export function * idle(): Operation<never> {
	for (;;) {
		yield * receive();
	}
}

/** The floor's counter: `add(n)` and `get()`. */
export class FloorCounter {
	count = 0;

	add(n: number): void {
		this.count += n;
	}

	get(): number {
		return this.count;
	}
}

/** The floor's echo. */
export const floorEcho = {
	echo(message: unknown): unknown {
		return message;
	},
};
