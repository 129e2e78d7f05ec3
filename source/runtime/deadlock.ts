/**
 * Deadlock detection. Every suspended actor knows the future it waits on; an
 * ask's future knows the actor that owes the reply; a derived or combined
 * future (`map`, `join`, `getAll`, an `async` handler's result) knows the
 * futures it waits on. Before an actor starts to wait, follow those edges:
 * if they lead back to the actor, the wait could never end, so it fails at
 * once with `DeadlockError` instead.
 *
 * Only edges that are certain are followed (a pending ask whose reply is owed
 * by a live actor, a future that can settle only from the ones it waits on),
 * so waiting on a slow actor, a timer, a promise or a user-made future is
 * never called a deadlock. A future with a timeout of its own (an actor
 * further along whose wait has one, a `getAll` with a timeout) will settle by
 * itself, so it breaks the chain; the waiter's own timeout does not: if the
 * reply can only come through a cycle, failing now says why, where the
 * timeout would only say that it came too late.
 *
 * A `join` or `getAll` waits on all of its parts: if one of them can never
 * settle, the whole can never give its values, so a cycle through any one
 * part is a deadlock.
 */
import {DeadlockError} from '../errors.js';
import {Future, type Replier} from '../future.js';
import type {RefOf} from '../registered.js';

/** A chain longer than this many links is a cycle elsewhere, not through the waiter. */
const limit = 100_000;

/** The cycle that waiting on `future` would close for `waiter`, or `undefined`. */
export function findDeadlock(waiter: Replier, future: Future<unknown>): DeadlockError | undefined {
	// First walk the chain without allocating: this runs on every wait, and
	// almost always ends at once, at an actor that is not waiting.
	let node: Future<unknown> = future;
	for (let length = 0; ; length++) {
		const {replier} = node;
		if (replier === waiter) {
			break;
		}

		let next: Future<unknown> | undefined;
		if (replier === undefined) {
			const {waitsOn} = node;
			if (waitsOn === undefined || waitsOn instanceof Future) {
				next = waitsOn;
			} else {
				// Several parts: search them all.
				break;
			}
		} else {
			next = replier.awaiting;
		}

		// The usual end: an actor that waits on nothing, or on something that will settle by itself.
		if (next === undefined || next.expires || next.settled || length > limit) {
			return undefined;
		}

		node = next;
	}

	const path = search(waiter, future);
	return path === undefined ? undefined : new DeadlockError([waiter.ref, ...path, waiter.ref]);
}

/**
 * A depth-first search from `start` for a future owed by `waiter`; gives the
 * actors met on the way there, in order, or `undefined` if there is none.
 */
function search(waiter: Replier, start: Future<unknown>): Array<RefOf<unknown>> | undefined {
	const cameFrom = new Map<Future<unknown>, Future<unknown> | undefined>([[start, undefined]]);
	const stack: Array<Future<unknown>> = [start];
	while (stack.length > 0 && cameFrom.size <= limit) {
		const node = stack.pop()!;
		// The waiter's own timeout does not break the cycle (see above): only
		// the futures further along are asked whether they end by themselves.
		if (node.settled || (node !== start && node.expires)) {
			continue;
		}

		const {replier} = node;
		if (replier === waiter) {
			return actorsOnTheWay(cameFrom, node);
		}

		for (const next of edges(node)) {
			if (!cameFrom.has(next)) {
				cameFrom.set(next, node);
				stack.push(next);
			}
		}
	}

	return undefined;
}

/** The futures whose settling `node` waits for. */
function edges(node: Future<unknown>): ReadonlyArray<Future<unknown>> {
	if (node.replier !== undefined) {
		const awaited = node.replier.awaiting;
		return awaited === undefined ? [] : [awaited];
	}

	const {waitsOn} = node;
	if (waitsOn === undefined) {
		return [];
	}

	return waitsOn instanceof Future ? [waitsOn] : waitsOn;
}

/** The actors owing the futures on the way from the start to `end` (which the waiter owes). */
function actorsOnTheWay(cameFrom: Map<Future<unknown>, Future<unknown> | undefined>, end: Future<unknown>): Array<RefOf<unknown>> {
	const actors: Array<RefOf<unknown>> = [];
	for (let node = cameFrom.get(end); node !== undefined; node = cameFrom.get(node)) {
		if (node.replier !== undefined) {
			actors.push(node.replier.ref);
		}
	}

	return actors.toReversed();
}
