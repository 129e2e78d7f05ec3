/**
 * The messages a proxy sends: a method call, a field read, a field write,
 * each addressed by a path of traversable attributes from the actor. They
 * are applied inside the actor, in order with every other message.
 */
import {callAsync} from '../runtime/async-context.js';
import type {Cell} from '../runtime/cell.js';

/**
 * A method call (`callAsync` for an `async` method, known when the proxy
 * member was made, so that no call pays for finding out), a field read, a
 * field write.
 */
export type ProxyMessageKind = 'call' | 'callAsync' | 'get' | 'set';

export class ProxyMessage {
	readonly kind: ProxyMessageKind;
	readonly path: readonly string[];
	readonly name: string;
	/** The arguments of a call, or `[value]` of a write. */
	readonly args: readonly unknown[];

	constructor(kind: ProxyMessageKind, path: readonly string[], name: string, args: readonly unknown[]) {
		this.kind = kind;
		this.path = path;
		this.name = name;
		this.args = args;
	}

	/**
	 * Carries out the message on the actor; gives the method's result or the
	 * field's value. An `async` method runs inside the actor's async context
	 * (see `runtime/async-context.ts`), which gives a future of its result.
	 */
	applyTo(actor: object, cell: Cell): unknown {
		let target = actor as Record<string, unknown>;
		for (const step of this.path) {
			target = target[step] as Record<string, unknown>;
		}

		switch (this.kind) {
			case 'call': {
				return (target[this.name] as (...args: unknown[]) => unknown)(...this.args);
			}

			case 'callAsync': {
				return callAsync(cell, target[this.name] as (...args: unknown[]) => unknown, target, this.args);
			}

			case 'get': {
				return target[this.name];
			}

			case 'set': {
				target[this.name] = this.args[0];
				return undefined;
			}
		}
	}
}
