/**
 * Traversable attributes: an object held by an actor, marked so that the
 * actor's proxy gives a nested proxy for it (`proxy.engine.start()`), whose
 * calls also run inside the actor.
 */
import {show} from '../validate.js';

/** The mark on a traversable object (a symbol-keyed property). */
export const traversableMark: unique symbol = Symbol('pykka.traversable');

/** An object marked with `traversable`. Its type tells `ActorProxy` to nest. */
export type Traversable<T extends object> = T & {
	/** The mark itself (a symbol-keyed property; it exists only on marked objects). */
	readonly [traversableMark]: true;
};

/**
 * Marks an object so that a proxy of the actor holding it gives a nested
 * proxy for it. Gives the same object back. Given a class, marks the class:
 * every instance of it is traversable (Pykka's class-level marker).
 *
 * @example
 * class Car extends Actor {
 *   engine = traversable({start: () => 'vroom'});
 * }
 * await Car.startProxy().engine.start(); // 'vroom'
 *
 * @throws {TypeError} if `object` is a primitive, or frozen, sealed or not extensible (it cannot take the mark).
 */
export function traversable<C extends new (...args: never) => object>(actorClass: C): C & (new (...args: ConstructorParameters<C>) => Traversable<InstanceType<C>>);
export function traversable<T extends object>(object: T): Traversable<T>;
export function traversable(object: object): object {
	if ((typeof object !== 'object' && typeof object !== 'function') || object === null) {
		throw new TypeError(`Expected \`object\` to be an object or a class, got ${show(object)}`);
	}

	// A class is marked on its prototype, which all its instances inherit.
	const target = isClass(object) ? object.prototype as object : object;
	if (!Object.isExtensible(target)) {
		throw new TypeError(`Expected \`object\` to be extensible, to take the traversable mark, got a frozen, sealed or non-extensible ${show(object)}; mark it before freezing it`);
	}

	if (!Object.hasOwn(target, traversableMark)) {
		Object.defineProperty(target, traversableMark, {value: true});
	}

	return object;
}

/** Whether a value was marked with `traversable`, itself or through its class. @internal */
export function isTraversable(value: unknown): value is object {
	if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
		return false;
	}

	try {
		return Object.hasOwn(value, traversableMark) || (value as {[traversableMark]?: unknown})[traversableMark] === true;
	} catch {
		return false;
	}
}

/** A class (not a plain or arrow function): its source starts with `class`. */
function isClass(value: object): value is abstract new () => object {
	return typeof value === 'function' && Function.prototype.toString.call(value).startsWith('class');
}
