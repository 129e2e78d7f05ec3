/**
 * Starting a class actor: construct the instance (in the caller, as Pykka
 * does, so constructor errors reach the caller), give it a cell, and run the
 * generator that adapts the class into a behaviour.
 *
 * @internal
 */
import type {ActorRef} from '../ref.js';
import type {Cell} from '../runtime/cell.js';
import type {ActorSystem} from '../system.js';
import {show} from '../validate.js';
import {Actor} from './actor.js';
import {classBehaviour} from './behaviour.js';

/** A concrete subclass of `Actor`, constructed with `Args`. */
export type ActorConstructor<A extends Actor, Args extends unknown[]> = new (...args: Args) => A;

/** The cell of the actor being constructed, for `Actor`'s constructor to take. */
let birth: Cell | undefined;

/** Takes the cell of the actor under construction; only `Actor`'s constructor calls this. */
export function takeBirth(): Cell | undefined {
	const current = birth;
	birth = undefined;
	return current;
}

export function startActor<A extends Actor, Args extends unknown[]>(system: ActorSystem, actorClass: ActorConstructor<A, Args>, args: Args): ActorRef<A> {
	if (typeof actorClass !== 'function' || !(actorClass.prototype instanceof Actor)) {
		throw new TypeError(`Expected \`actorClass\` to be a class that extends Actor, got ${show(actorClass)}`);
	}

	const cell = system.createCell(actorClass.name || 'Actor', false);
	birth = cell;
	let instance: A;
	try {
		instance = new actorClass(...args);
	} catch (error) {
		// The constructor may have handed out its ref: that ref is of a dead actor.
		cell.stillborn();
		throw error;
	} finally {
		birth = undefined;
	}

	cell.instance = instance;
	cell.generator = classBehaviour(cell, instance);
	system.launch(cell);
	return cell.ref as ActorRef<A>;
}
