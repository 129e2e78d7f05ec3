/**
 * Argument checks shared by the public functions. Each throws a `TypeError`
 * naming the argument and showing the value given, at the call, before
 * anything is changed.
 */
import {inspect} from 'node:util';

/** Shows a value the way an error message should: short, and unambiguous about its type. */
export function show(value: unknown): string {
	if (typeof value === 'string') {
		return JSON.stringify(value);
	}

	if (typeof value === 'function') {
		const kind = Function.prototype.toString.call(value).startsWith('class') ? 'class' : 'function';
		return value.name === '' ? `an anonymous ${kind}` : `${kind} ${value.name}`;
	}

	// A hostile value (a Proxy whose traps throw, a getter that throws) must
	// not turn a report about it into a new failure.
	try {
		return inspect(value, {depth: 1, breakLength: Number.POSITIVE_INFINITY, maxArrayLength: 5, maxStringLength: 60});
	} catch {
		return '<a value that cannot be inspected>';
	}
}

/**
 * The longest timeout accepted, in milliseconds: the most a Node timer can
 * hold (2³¹−1, about 24.8 days). A longer one would fire at once.
 */
export const maxTimeout = 2_147_483_647;

/** A timeout in milliseconds: `undefined` (none) or a finite number >= 0. */
export function checkTimeout(value: unknown, name = 'timeout'): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new TypeError(`Expected \`${name}\` to be a finite number of milliseconds >= 0, got ${show(value)}`);
	}

	if (value > maxTimeout) {
		throw new TypeError(`Expected \`${name}\` to be at most ${maxTimeout} ms (2³¹−1, about 24.8 days, the longest a timer can wait), got ${show(value)}`);
	}

	return value;
}

/** An options bag: `undefined` or a plain object. */
export function checkOptions(value: unknown, name = 'options'): Record<string, unknown> | undefined {
	if (value === undefined) {
		return undefined;
	}

	if (!isPlainObject(value)) {
		throw new TypeError(`Expected \`${name}\` to be a plain object, got ${show(value)}`);
	}

	return value;
}

/** The `signal` of an options bag: `undefined` or an `AbortSignal`. */
export function signalOption(options: unknown): AbortSignal | undefined {
	const bag = checkOptions(options);
	const signal = bag?.['signal'];
	if (signal === undefined) {
		return undefined;
	}

	if (!isInstance(signal, AbortSignal)) {
		throw new TypeError(`Expected \`signal\` to be an AbortSignal, got ${show(signal)}`);
	}

	return signal;
}

/** The `timeout` of an options bag such as `{timeout: 100}`. */
export function timeoutOption(options: unknown): number | undefined {
	const bag = checkOptions(options);
	return bag === undefined ? undefined : checkTimeout(bag['timeout']);
}

export function checkFunction(value: unknown, name: string): void {
	if (typeof value !== 'function') {
		throw new TypeError(`Expected \`${name}\` to be a function, got ${show(value)}`);
	}
}

/**
 * Whether `value` is an instance of `kind`. A hostile value (a Proxy whose
 * `getPrototypeOf` trap throws) is not one: asking must not fail the actor
 * that was handed it.
 */
export function isInstance<T>(value: unknown, kind: {readonly prototype: T; [Symbol.hasInstance](value: unknown): boolean}): value is T {
	try {
		return value instanceof kind;
	} catch {
		return false;
	}
}

/** An object made by `{…}` or `Object.create(null)`: not an array, a class instance, a Proxy of one, or a primitive. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null) {
		return false;
	}

	try {
		const prototype = Object.getPrototypeOf(value) as unknown;
		return prototype === Object.prototype || prototype === null;
	} catch {
		return false;
	}
}

/** `Object.prototype.toString` of a value (`[object ActorRef]`), or '' if a hostile value throws. */
export function tagOf(value: unknown): string {
	try {
		return Object.prototype.toString.call(value);
	} catch {
		return '';
	}
}
