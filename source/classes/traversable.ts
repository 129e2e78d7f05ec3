/**
 * Traversable attributes: an object held by an actor, marked so that the
 * actor's proxy gives a nested proxy for it (`proxy.engine.start()`), whose
 * calls also run inside the actor.
 */
import {show} from '../validate.js';

/** The mark on a traversable object. @internal */
export const traversableMark: unique symbol = Symbol('pykka.traversable');

/** An object marked with `traversable`. Its type tells `ActorProxy` to nest. */
export type Traversable<T extends object> = T & {readonly [traversableMark]: true};

/**
 * Marks an object so that a proxy of the actor holding it gives a nested
 * proxy for it. Gives the same object back.
 *
 * @example
 * class Car extends Actor {
 *   engine = traversable({start: () => 'vroom'});
 * }
 * await Car.startProxy().engine.start(); // 'vroom'
 *
 * @throws {TypeError} if `object` is a primitive.
 */
export function traversable<T extends object>(object: T): Traversable<T> {
	if ((typeof object !== 'object' && typeof object !== 'function') || object === null) {
		throw new TypeError(`Expected \`object\` to be an object, got ${show(object)}`);
	}

	if (!Object.hasOwn(object, traversableMark)) {
		Object.defineProperty(object, traversableMark, {value: true});
	}

	return object as Traversable<T>;
}

/** Whether a value was marked with `traversable`. @internal */
export function isTraversable(value: unknown): value is object {
	return (typeof value === 'object' || typeof value === 'function') && value !== null && Object.hasOwn(value, traversableMark);
}
