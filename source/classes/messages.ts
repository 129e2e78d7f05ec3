/**
 * The messages a proxy sends: a method call, a field read, a field write,
 * each addressed by a path of traversable attributes from the actor. They
 * are applied inside the actor, in order with every other message.
 *
 * @internal
 */
import {callAsync, isAsyncFunction} from '../runtime/async-context.js';
import type {Cell} from '../runtime/cell.js';

export type ProxyMessageKind = 'call' | 'get' | 'set';

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
				const method = target[this.name];
				if (isAsyncFunction(method)) {
					return callAsync(cell, method, target, this.args);
				}

				return (method as (...args: unknown[]) => unknown).apply(target, this.args as unknown[]);
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
