/**
 * Deadlock detection. Every suspended actor knows the future it waits on, and
 * an ask's future knows the actor that owes the reply. Before an actor starts
 * to wait, follow that chain: if it comes back to the actor, the wait could
 * only end by itself, so it fails at once with `DeadlockError` instead.
 *
 * Only edges that are certain are followed (a pending ask whose reply is owed
 * by a live actor), so waiting on a slow actor, a timer, a promise or a
 * user-made future is never called a deadlock. An actor further along the
 * chain whose wait has a timeout will move on by itself, so it breaks the
 * chain too; the waiter's own timeout does not: if the reply can only come
 * through a cycle, failing now says why, where the timeout would only say
 * that it came too late.
 *
 * @internal
 */
import {DeadlockError} from '../errors.js';
import type {Future, Replier} from '../future.js';
import type {ActorRef} from '../ref.js';

/** The cycle that waiting on `future` would close for `waiter`, or `undefined`. */
export function findDeadlock(waiter: Replier, future: Future<unknown>): DeadlockError | undefined {
	// First walk the chain without allocating: this runs on every wait, and
	// almost always ends at an actor that is not waiting.
	let replier = future.replier;
	let length = 0;
	// A chain longer than this many actors is a cycle elsewhere, not through the waiter.
	const limit = 100_000;
	while (replier !== undefined && replier !== waiter) {
		const awaited = replier.awaiting;
		if (awaited === undefined || awaited.expires) {
			return undefined;
		}

		replier = awaited.replier;
		if (++length > limit) {
			return undefined;
		}
	}

	if (replier === undefined) {
		return undefined;
	}

	const cycle: ActorRef[] = [waiter.ref];
	for (let next = future.replier; next !== waiter && next !== undefined; next = next.awaiting?.replier) {
		cycle.push(next.ref);
	}

	cycle.push(waiter.ref);
	return new DeadlockError(cycle);
}
