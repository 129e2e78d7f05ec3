/**
 * The cell of a class actor: a `BehaviourCell` (the class adapter's
 * generator is its behaviour) with the class adapter's own state: the
 * instance, its proxy, and whether a handler is running. See
 * `runtime/cell.ts` for why each owner's state is a class of one object.
 */
import {BehaviourCell} from '../runtime/interpreter.js';
import {makeProxy} from './proxy.js';

export class ClassActorCell extends BehaviourCell {
	#instance: object | undefined = undefined;
	#proxy: object | undefined = undefined;
	/**
	 * Whether a handler is running, where `receive` is refused: a class
	 * actor's messages are for its handlers, one at a time. Written by the
	 * class adapter (`behaviour.ts`), on every message: a plain field, not an
	 * accessor, on that hot path.
	 */
	handling = true;

	/** A class actor always finishes the message in hand: a stop never cuts it short. */
	override get interruptible(): boolean {
		return false;
	}

	override get instance(): object | undefined {
		return this.#instance;
	}

	/** The constructed instance; a restart gives a fresh one. */
	adopt(instance: object): void {
		this.#instance = instance;
	}

	/** The proxy, made on first use: the constructor may already take it, before the instance is adopted. */
	override proxy(): object {
		this.#proxy ??= makeProxy(this.ref, []);
		return this.#proxy;
	}

	override receiveRefusal(): Error | undefined {
		return this.handling
			? new TypeError(`${this.label} cannot \`receive\` inside a method: a class actor's messages go to onReceive and its methods, one at a time`)
			: undefined;
	}
}
