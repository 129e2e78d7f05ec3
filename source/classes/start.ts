/**
 * Starting a class actor: construct the instance (in the caller, as Pykka
 * does, so constructor errors reach the caller), give it a cell, and run the
 * generator that adapts the class into a behaviour.
 */
import {refFor, type ActorRef} from '../ref.js';
import {anchoredShapes, keepShapes} from '../runtime/shapes.js';
import {hostOf, launch, type ActorSystem} from '../system.js';
import {Supervision} from '../supervision.js';
import {isInstance, show} from '../validate.js';
import {ProxyMessage} from './messages.js';
import {classBehaviour, type ClassHandlers} from './behaviour.js';
import {expectBirth} from './birth.js';
import {ClassActorCell} from './cell.js';
import {makeProxy} from './proxy.js';

/** Whether the class adapter's shapes are anchored (see `runtime/shapes.ts`). */
let anchored = false;

/** A concrete subclass of `Actor`, constructed with `Args`. */
export type ActorConstructor<A extends object, Args extends unknown[]> = new (...args: Args) => A;

export function startActor<A extends ClassHandlers, Args extends unknown[]>(system: ActorSystem, actorClass: ActorConstructor<A, Args>, args: Args): ActorRef<A> {
	if (!anchored) {
		anchored = true;
		keepShapes('classes', () => classShapes(system));
	}

	const {supervision} = actorClass as {supervision?: unknown};
	if (supervision !== undefined && !isInstance(supervision, Supervision)) {
		throw new TypeError(`Expected \`${actorClass.name}.supervision\` to be a policy made by restart(), got ${show(supervision)}`);
	}

	const cell = new ClassActorCell(hostOf(system), actorClass.name || 'Actor');
	cell.attachRef(refFor(cell));
	expectBirth(cell);
	let instance: A;
	try {
		instance = new actorClass(...args);
	} catch (error) {
		// The constructor may have handed out its ref: that ref is of a dead actor.
		cell.stillborn();
		throw error;
	} finally {
		expectBirth(undefined);
	}

	cell.adopt(instance);
	cell.start(classBehaviour(cell, instance));
	if (supervision !== undefined) {
		// A restart makes a fresh instance with the same arguments, and runs its onStart.
		cell.supervise(supervision, () => {
			expectBirth(cell);
			let fresh: A;
			try {
				fresh = new actorClass(...args);
			} finally {
				expectBirth(undefined);
			}

			cell.adopt(fresh);
			return classBehaviour(cell, fresh);
		});
	}

	launch(system, cell);
	return cell.ref as ActorRef<A>;
}

/** The class adapter's anchors (see `runtime/shapes.ts`): a cell that never runs, a proxy, a proxy message. */
function classShapes(system: ActorSystem): readonly unknown[] {
	// On the host of the system the runtime keeps for its own shapes, so that
	// the anchor's fields hold what real cells' hold.
	const anchorSystem = (anchoredShapes('system')?.[0] as ActorSystem | undefined) ?? system;
	const cell = new ClassActorCell(hostOf(anchorSystem), 'ShapeAnchor');
	const ref = refFor(cell);
	cell.attachRef(ref);
	return [cell, ref, makeProxy(ref, []), new ProxyMessage('call', [], 'anchor', [])];
}
