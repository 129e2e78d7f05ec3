/**
 * Argument checks shared by the public functions. Each throws a `TypeError`
 * naming the argument and showing the value given, at the call, before
 * anything is changed.
 *
 * @internal
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

	return inspect(value, {depth: 1, breakLength: Number.POSITIVE_INFINITY, maxArrayLength: 5, maxStringLength: 60});
}

/** A timeout in milliseconds: `undefined` (none) or a finite number >= 0. */
export function checkTimeout(value: unknown, name = 'timeout'): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new TypeError(`Expected \`${name}\` to be a finite number of milliseconds >= 0, got ${show(value)}`);
	}

	return value;
}

/** An options bag: `undefined` or a plain object. */
export function checkOptions(value: unknown, name = 'options'): Record<string, unknown> | undefined {
	if (value === undefined) {
		return undefined;
	}

	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new TypeError(`Expected \`${name}\` to be an object, got ${show(value)}`);
	}

	return value as Record<string, unknown>;
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
