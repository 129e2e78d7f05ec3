/**
 * The interpreter: steps one actor's generator and carries out the effects
 * it yields, until the actor must wait or has used its turn's budget.
 *
 * Every effect is handled here, in one exhaustive switch. A step never calls
 * into another actor: messages are queued and futures settle listeners that
 * only schedule, so the scheduler's loop stays a flat trampoline.
 *
 * @internal
 */
import {effectTypes, type Effect} from '../effects.js';
import {ActorDeadError, TimeoutError} from '../errors.js';
import type {Future} from '../future.js';
import {Reply} from '../reply.js';
import {show} from '../validate.js';
import type {Cell} from './cell.js';
import {findDeadlock} from './deadlock.js';
import {STOP} from './mailbox.js';

/** Runs up to `budget` steps of `cell`; gives `true` if it can go on at once. */
export function runSlice(cell: Cell, budget: number): boolean {
	if (cell.status === 'dead') {
		return false;
	}

	if (cell.waiting === 'receive' && !takeMessage(cell)) {
		return false;
	}

	for (let steps = 0; steps < budget; steps++) {
		if (!step(cell)) {
			return false;
		}
	}

	return true;
}

/** One resumption of the generator and the effect it yields. Gives whether the cell can step again at once. */
function step(cell: Cell): boolean {
	const generator = cell.generator;
	if (generator === undefined) {
		return false;
	}

	let result: IteratorResult<Effect, unknown>;
	const input = cell.input;
	cell.input = undefined;
	try {
		switch (cell.mode) {
			case 'next': {
				result = generator.next(input);
				break;
			}

			case 'throw': {
				cell.mode = 'next';
				result = generator.throw(input);
				break;
			}

			case 'return': {
				cell.mode = 'next';
				result = generator.return(undefined);
				break;
			}
		}
	} catch (error) {
		cell.die(true, error);
		return false;
	}

	if (result.done === true) {
		cell.die(false, undefined);
		return false;
	}

	try {
		return perform(cell, result.value);
	} catch (error) {
		// Effects are plain data: one made by hand can be malformed (a `call`
		// whose ref is no ref, an `await` of something that is no Future).
		// That is the behaviour's error, thrown into it, never the interpreter's.
		cell.waiting = 'ready';
		cell.awaiting = undefined;
		cell.match = undefined;
		return fail(cell, error);
	}
}

/** Carries out one effect. Gives whether the cell can step again at once. */
function perform(cell: Cell, effect: Effect): boolean {
	// A behaviour may yield anything at run time: only an object can be an effect.
	if (typeof effect !== 'object' || effect === null) {
		return notAnEffect(cell, effect);
	}

	switch (effect.type) {
		case 'receive': {
			if (cell.handling) {
				return fail(cell, new TypeError(
					`${cell.label} cannot \`receive\` inside a method: a class actor's messages go to onReceive and its methods, one at a time`,
				));
			}

			// The ask in hand, if the behaviour neither answered nor deferred it, gets `undefined`.
			cell.answer(undefined, false);
			if (cell.status !== 'running') {
				return fail(cell, new ActorDeadError(`${cell.label} is stopping and cannot receive`, {actorUrn: cell.urn}));
			}

			cell.match = effect.match;
			if (takeMessage(cell)) {
				return true;
			}

			cell.waiting = 'receive';
			if (effect.timeout !== undefined) {
				cell.timer = setTimeout(receiveTimedOut, effect.timeout, cell, effect.timeout);
			}

			return false;
		}

		case 'call': {
			const options = effect.timeout === undefined ? undefined : {timeout: effect.timeout};
			return wait(cell, effect.ref.ask(effect.message, options));
		}

		case 'await': {
			return wait(cell, effect.future);
		}

		case 'sleep': {
			if (cell.mayStopHere()) {
				cell.stopHere();
				return true;
			}

			cell.waiting = 'sleep';
			cell.timer = setTimeout(wakeUp, effect.ms, cell);
			return false;
		}

		case 'self': {
			cell.input = cell.ref;
			return true;
		}

		case 'reply': {
			cell.input = cell.answer(effect.value, effect.rejected);
			return true;
		}

		case 'deferReply': {
			const owed = cell.currentReply;
			cell.currentReply = undefined;
			if (owed !== undefined) {
				// Whoever holds the Reply may answer it, so the cell is no longer
				// the only one that can: deadlock detection must not assume it.
				owed.replier = undefined;
				rememberDeferred(cell, owed);
			}

			cell.input = new Reply(owed, cell.host);
			return true;
		}

		default: {
			// Exhaustive: a new kind of effect without a case here does not compile.
			effect satisfies never;
			return notAnEffect(cell, effect);
		}
	}
}

/** Throws into the behaviour a TypeError saying what it yielded and what it may yield. */
function notAnEffect(cell: Cell, yielded: unknown): true {
	return fail(cell, new TypeError(
		`${cell.label} yielded ${show(yielded)}; a behaviour may yield only effects (${effectTypes.join(', ')}), `
		+ 'with `yield*`: `yield* receive()`, `yield* future`',
	));
}

/** Throws an error into the behaviour at its next step. */
function fail(cell: Cell, error: unknown): true {
	cell.mode = 'throw';
	cell.input = error;
	return true;
}

/**
 * Takes the next message the pending receive accepts, as the behaviour's
 * input. A stop request taken instead starts the stop: the generator is
 * returned, so its `finally` blocks run. Gives `false` if there is nothing to take.
 */
function takeMessage(cell: Cell): boolean {
	const mailbox = cell.mailbox;
	if (mailbox.size === 0) {
		return false;
	}

	let message: unknown;
	const match = cell.match;
	if (match === undefined) {
		message = mailbox.take();
	} else {
		let index: number;
		try {
			index = mailbox.find(match);
		} catch (error) {
			endReceive(cell);
			fail(cell, error);
			return true;
		}

		if (index === -1) {
			return false;
		}

		message = mailbox.takeAt(index);
	}

	endReceive(cell);
	if (message === STOP) {
		cell.stopFuture = mailbox.takenReply as Future<boolean>;
		cell.beginStopping();
		cell.mode = 'return';
		cell.input = undefined;
		return true;
	}

	cell.currentReply = mailbox.takenReply;
	cell.mode = 'next';
	cell.input = message;
	return true;
}

function endReceive(cell: Cell): void {
	cell.waiting = 'ready';
	cell.match = undefined;
	if (cell.timer !== undefined) {
		clearTimeout(cell.timer);
		cell.timer = undefined;
	}
}

/** Waits on a future: at once if it has settled, else suspends (unless that closes a deadlock). */
function wait(cell: Cell, future: Future<unknown>): boolean {
	if (future.settled) {
		cell.mode = future.rejected ? 'throw' : 'next';
		cell.input = future.result;
		return true;
	}

	if (cell.mayStopHere()) {
		cell.stopHere();
		return true;
	}

	const deadlock = findDeadlock(cell, future);
	if (deadlock !== undefined) {
		return fail(cell, deadlock);
	}

	cell.waiting = 'await';
	cell.awaiting = future;
	future.listen(cell);
	return false;
}

function rememberDeferred(cell: Cell, owed: Future<unknown>): void {
	const deferred = (cell.deferred ??= new Set());
	deferred.add(owed);
	// Answered replies need not be remembered; prune now and then so a
	// long-lived actor's set stays the size of what it really owes.
	if (deferred.size >= 64 && (deferred.size & (deferred.size - 1)) === 0) {
		for (const future of deferred) {
			if (future.settled) {
				deferred.delete(future);
			}
		}
	}
}

function wakeUp(cell: Cell): void {
	cell.timer = undefined;
	if (cell.waiting === 'sleep') {
		cell.resume('next', undefined);
	}
}

function receiveTimedOut(cell: Cell, timeout: number): void {
	cell.timer = undefined;
	if (cell.waiting === 'receive') {
		cell.match = undefined;
		cell.resume('throw', new TimeoutError(`${cell.label} received no message within ${timeout} ms`));
	}
}
