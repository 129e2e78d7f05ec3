/**
 * Deadlock detection. Every suspended actor knows the future it waits on, and
 * an ask's future knows the actor that owes the reply. Before an actor starts
 * to wait, follow that chain: if it comes back to the actor, the wait could
 * only end by itself, so it fails at once with `DeadlockError` instead.
 *
 * Only edges that are certain are followed (a pending ask whose reply is owed
 * by a live actor), so waiting on a slow actor, a timer, a promise or a
 * user-made future is never called a deadlock.
 *
 * @internal
 */
import {DeadlockError} from '../errors.js';
import type {Future, Replier} from '../future.js';
import type {ActorRef} from '../ref.js';

/** The cycle that waiting on `future` would close for `waiter`, or `undefined`. */
export function findDeadlock(waiter: Replier, future: Future<unknown>): DeadlockError | undefined {
	let replier = future.replier;
	if (replier === undefined) {
		return undefined;
	}

	const chain: Replier[] = [waiter];
	// A chain longer than this many actors is already a cycle elsewhere; stop walking.
	const limit = 100_000;
	while (replier !== undefined && chain.length < limit) {
		if (replier === waiter) {
			chain.push(waiter);
			return new DeadlockError(chain.map(actor => actor.ref as ActorRef));
		}

		chain.push(replier);
		replier = replier.awaiting?.replier;
	}

	return undefined;
}
