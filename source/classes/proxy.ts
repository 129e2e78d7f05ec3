/**
 * ActorProxy: an actor made to look like the object it runs. Method calls and
 * field reads go to the actor as messages, in order with all others, and
 * give futures at once.
 */
import {inspect} from 'node:util';
import type {Future} from '../future.js';
import {cellOf, type ActorRef, type StopOptions} from '../ref.js';
import {isAsyncFunction} from '../runtime/async-context.js';
import type {Unwrapped} from '../unwrapped.js';
import {ProxyMessage} from './messages.js';
import {isTraversable, type Traversable, type traversableMark} from './traversable.js';

/**
 * A method seen through a proxy: calling it gives a future of its (awaited,
 * or generator-returned) result; `defer` sends the call fire-and-forget.
 */
export type ProxyMethod<P extends unknown[], R> = {
	(...args: P): Future<R>;
	/** Calls the method with tell semantics: returns nothing; an error fails the actor. */
	defer(...args: P): void;
};

declare module '../registered.js' {
	// Lower layers name `ActorProxy<A>` as `ProxyOf<A>`.
	interface Registered<A> {
		readonly proxy: ActorProxy<A>;
	}
}

declare module '../ref.js' {
	// `ActorRef#proxy()` is typed here, since `ref.ts` is below proxies.
	interface ActorRef<A> {
		/**
		 * The proxy of this actor, the same object each time: its methods and
		 * fields, run inside the actor, as futures. Only class actors have one.
		 *
		 * @throws {TypeError} for an actor spawned from a generator function.
		 * @throws {ActorDeadError} if the actor is not alive (as Pykka).
		 */
		proxy(): ActorProxy<A>;
	}
}

/**
 * The members of `Actor` itself, which a proxy does not expose: `keyof Actor`,
 * listed here since this module is below `Actor`'s (a type test checks that
 * the two agree).
 */
export type ActorOwnKey = 'actorUrn' | 'actorRef' | 'system' | 'stop' | 'watch' | 'unwatch' | 'timers' | 'onStart' | 'onStop' | 'onFailure' | 'onReceive' | 'react' | 'toString';

/** What tells a class actor's instance: `Actor`'s own members. */
type ActorLike = {readonly actorUrn: string; readonly actorRef: unknown; onStart(): unknown};

/** The names a proxy exposes: not `_private`, not `then` (a proxy is no thenable), not `Actor`'s own. */
type ExposedKey<A, K extends keyof A> = K extends string
	? K extends `_${string}` | 'then' ? never : A extends ActorLike ? (K extends ActorOwnKey ? never : K) : K
	: never;

/** One member seen through a proxy. */
type ProxyMember<V> = V extends (...args: infer P) => infer R
	? ProxyMethod<P, Unwrapped<R>>
	: V extends Traversable<infer T> ? NestedProxy<Omit<T, typeof traversableMark>> : Future<V>;

type Members<A> = {readonly [K in keyof A as ExposedKey<A, K>]: ProxyMember<A[K]>};

/**
 * `stop` on an actor's proxy, as Pykka's: the ref's `stop`, a future that
 * settles once the actor is dead. (A class that defines its own `stop` keeps
 * it: the proxy then calls that method, inside the actor.)
 */
type ProxyStop = {
	readonly stop: (options?: StopOptions) => Future<boolean>;
};

/** The proxy of a traversable attribute. */
export type NestedProxy<T> = Members<T> & {
	/** The ref of the actor that holds the attribute. */
	readonly actorRef: ActorRef;
};

/**
 * The proxy of an actor of class `A`: each method gives a `Future` of its
 * result, each field (and getter) reads as a `Future` of its value, and
 * traversable attributes give nested proxies. Members starting with `_` and
 * those of `Actor` itself are not exposed. Writing a field (`proxy.count = 0`)
 * is applied inside the actor, in order; TypeScript sees fields as read-only
 * futures (a mapped type cannot give a property different read and write
 * types), so typed code writes through a method, or `Reflect.set`.
 *
 * @example
 * const adder = Adder.startProxy();
 * const sum = await adder.add(1, 2);
 * const total = await adder.total; // a field
 */
export type ActorProxy<A> = Members<A> & ProxyStop & {
	/** The ref of the actor; readable even after the actor died. */
	readonly actorRef: ActorRef<A>;
};

/** Whether a name is a probe by runtimes and libraries, which must get `undefined`, never an error. */
function isProbe(key: string): boolean {
	switch (key) {
		case 'then':
		case 'toJSON':
		case 'constructor':
		case 'asymmetricMatch':
		case '$$typeof':
		case 'nodeType':
		case 'tagName':
		case 'valueOf':
		case '@@__IMMUTABLE_ITERABLE__@@':
		case '@@__IMMUTABLE_RECORD__@@': {
			return true;
		}

		default: {
			return false;
		}
	}
}

type MemberKind = 'method' | 'field' | 'nested';

/**
 * A proxy of a ref at a path of traversable attributes.
 *
 * It is a plain object, not a JavaScript Proxy: the members found when it is
 * made are its own (non-enumerable) properties, so a call such as
 * `proxy.add(1)` is an ordinary property read, which V8 optimises, rather
 * than a Proxy trap, which it cannot. Its prototype is a Proxy that handles
 * the rest: members that appear later (a field set in `onStart`), probes
 * that must answer `undefined`, and unknown names, which throw.
 *
 * @internal
 */
export function makeProxy(ref: ActorRef, path: readonly string[]): object {
	const members = new ProxyMembers(ref, path);
	const proxy = Object.create(new Proxy(Object.create(null) as object, members)) as object;
	const description = (): string => members.description();
	// util.inspect and String() read these on the object itself; they answer
	// from a closure, never from `this`, which inspect may bind elsewhere.
	Object.defineProperties(proxy, {
		actorRef: {
			get: () => ref,
			set() {
				throw new TypeError(`${members.description()} has no field \`actorRef\` to set`);
			},
		},
		toString: {value: description},
		[Symbol.toPrimitive]: {value: description},
		[inspect.custom]: {value: description},
		[Symbol.toStringTag]: {value: 'ActorProxy'},
	});
	const object = members.object();
	if (object !== undefined) {
		for (const key of memberNames(object, path.length === 0)) {
			const property = members.property(key);
			if (property !== undefined) {
				Object.defineProperty(proxy, key, property);
			}
		}
	}

	if (path.length === 0 && !Object.hasOwn(proxy, 'stop')) {
		// Pykka's proxy has `stop()`: here it is the ref's, a future that
		// settles once the actor is dead.
		const stop = (options?: StopOptions): Future<boolean> => ref.stop(options);
		Object.defineProperty(proxy, 'stop', {
			get: () => stop,
			set() {
				throw new TypeError(`${members.description()} has no field \`stop\` to set`);
			},
		});
	}

	// Members are fixed now: deleting or redefining one throws. Members that
	// appear later are served by the Proxy behind, on each access.
	Object.preventExtensions(proxy);
	return proxy;
}

/**
 * The members of one proxy, found on the actor's object from outside only by
 * their property descriptors, so that no getter ever runs to find out what a
 * member is. Also the traps of the Proxy behind the proxy object.
 */
class ProxyMembers implements ProxyHandler<object> {
	readonly #ref: ActorRef;
	readonly #path: readonly string[];

	constructor(ref: ActorRef, path: readonly string[]) {
		this.#ref = ref;
		this.#path = path;
	}

	/**
	 * The property that stands for member `key` on the proxy object, or
	 * `undefined` if the actor has no such member. Every member is an
	 * accessor, so that writing anything but a field throws a TypeError that
	 * says so.
	 */
	property(key: string): PropertyDescriptor | undefined {
		const ref = this.#ref;
		const path = this.#path;
		const refuseWrite = (): never => {
			throw new TypeError(`${this.description()} has no field \`${key}\` to set`);
		};

		switch (this.kind(key)) {
			case 'method': {
				// An async method runs inside its actor's async context; known now, so that no call pays for finding out.
				const object = this.object();
				const value = object === undefined ? undefined : findDescriptor(object, key, this.#base(object))?.value as unknown;
				const call = method(ref, path, key, isAsyncFunction(value) ? 'callAsync' : 'call');
				return {get: () => call, set: refuseWrite};
			}

			case 'field': {
				const write = (value: unknown): void => {
					// Checked at the call, on the member as it is now: a write the
					// actor could not carry out must not reach (and fail) it.
					const refusal = this.writeRefusal(key);
					if (refusal !== undefined) {
						throw new TypeError(`${this.description()} cannot set \`${key}\`: ${refusal}`);
					}

					ref.tell(new ProxyMessage('set', path, key, [value]));
				};

				return {get: () => ref.ask(new ProxyMessage('get', path, key, []) as never), set: write};
			}

			case 'nested': {
				// Made on first use: traversable objects may refer to each other.
				let nested: object | undefined;
				return {
					get() {
						nested ??= makeProxy(ref, [...path, key]);
						return nested;
					},
					set: refuseWrite,
				};
			}

			case undefined: {
				return undefined;
			}
		}
	}

	// The traps below see only what is not an own property of the proxy object.

	get(_target: object, key: string | symbol, proxy: object): unknown {
		if (typeof key === 'symbol' || key === 'then') {
			// Never a thenable, even for a class with a `then` method: `await proxy`
			// must give the proxy, not call into the actor.
			return undefined;
		}

		const property = this.property(key);
		if (property !== undefined) {
			return (property.get as () => unknown).call(proxy);
		}

		if (isProbe(key)) {
			return undefined;
		}

		throw new TypeError(`${this.description()} has no member \`${key}\`${key.startsWith('_') ? ' (members starting with _ are not exposed)' : ''}`);
	}

	set(_target: object, key: string | symbol, value: unknown, proxy: object): boolean {
		const property = typeof key === 'string' ? this.property(key) : undefined;
		if (property === undefined) {
			throw new TypeError(`${this.description()} has no field \`${String(key)}\` to set`);
		}

		(property.set as (value: unknown) => void).call(proxy, value);
		return true;
	}

	has(_target: object, key: string | symbol): boolean {
		return typeof key === 'string' && this.kind(key) !== undefined;
	}

	/** Why a field cannot be written now (a getter without setter, a read-only value), or `undefined` if it can. */
	writeRefusal(key: string): string | undefined {
		const object = this.object();
		const descriptor = object === undefined ? undefined : findDescriptor(object, key, this.#base(object));
		if (descriptor === undefined) {
			return 'the actor has no such field';
		}

		if (descriptor.get !== undefined && descriptor.set === undefined) {
			return 'it is a getter without a setter';
		}

		if ('value' in descriptor && descriptor.writable === false) {
			return 'it is read-only';
		}

		if (object !== undefined && !('value' in descriptor) && descriptor.set === undefined) {
			return 'it has no setter';
		}

		return undefined;
	}

	/** What a member of the actor's object is, from its descriptor; `undefined` if not exposed. */
	kind(key: string): MemberKind | undefined {
		// Actor's own members are hidden on the actor, not on its traversable
		// attributes; a class's own `stop` is its own, and shown.
		if (key.startsWith('_') || key === 'then') {
			return undefined;
		}

		const object = this.object();
		if (object === undefined) {
			return undefined;
		}

		const base = this.#base(object);
		if (base !== Object.prototype && key in base && !(key === 'stop' && this.ownStop())) {
			return undefined;
		}

		const descriptor = findDescriptor(object, key, base);
		if (descriptor === undefined) {
			return undefined;
		}

		if (descriptor.get !== undefined || descriptor.set !== undefined) {
			return 'field';
		}

		if (typeof descriptor.value === 'function') {
			return 'method';
		}

		return isTraversable(descriptor.value) ? 'nested' : 'field';
	}

	/** Whether the actor's class defines a `stop` of its own (else the proxy's `stop` stops the actor). */
	ownStop(): boolean {
		const object = this.object();
		return object !== undefined && findDescriptor(object, 'stop', this.#base(object)) !== undefined;
	}

	/** Where the search for members stops: at `Actor.prototype` for the actor itself, else at `Object.prototype`. */
	#base(object: object): object {
		return this.#path.length === 0 ? actorBase(object) : Object.prototype;
	}

	/** The object this proxy stands for, reached through data properties only. */
	object(): object | undefined {
		let object = cellOf(this.#ref).instance;
		for (const step of this.#path) {
			if (object === undefined) {
				return undefined;
			}

			const value = findDescriptor(object, step, Object.prototype)?.value as unknown;
			object = typeof value === 'object' && value !== null ? value : undefined;
		}

		return object;
	}

	description(): string {
		const path = this.#path.length === 0 ? '' : `, attribute path ${this.#path.join('.')}`;
		return `ActorProxy for ${String(this.#ref)}${path}`;
	}
}

/** A method of the actor as the proxy gives it: a call per ask, and `defer` per tell. */
function method(ref: ActorRef, path: readonly string[], name: string, kind: 'call' | 'callAsync'): ProxyMethod<unknown[], unknown> {
	const call = (...args: unknown[]): Future<unknown> => ref.ask(new ProxyMessage(kind, path, name, args) as never);
	call.defer = (...args: unknown[]): void => {
		ref.tell(new ProxyMessage(kind, path, name, args));
	};

	return call;
}

/**
 * The base class's prototype of a class actor's instance (`Actor.prototype`):
 * the last prototype before `Object.prototype`. Found from the instance, so
 * that this module needs no import of `Actor`, which is above it.
 */
function actorBase(instance: object): object {
	let current = instance;
	for (;;) {
		const parent = Object.getPrototypeOf(current) as object | null;
		if (parent === null || parent === Object.prototype) {
			return current;
		}

		current = parent;
	}
}

/** The names of the members of an object and its prototypes, below `base` (`Actor` or `Object`). */
function memberNames(object: object, isActor: boolean): Set<string> {
	const names = new Set<string>();
	const base = isActor ? actorBase(object) : Object.prototype;
	for (let current: object | null = object; current !== null && current !== Object.prototype && current !== base; current = Object.getPrototypeOf(current) as object | null) {
		for (const name of Object.getOwnPropertyNames(current)) {
			if (name !== 'constructor' && !(isActor && name in base && name !== 'stop')) {
				names.add(name);
			}
		}
	}

	return names;
}

/** The descriptor of `key` on `object` or its prototypes, stopping before `base` (`Actor` or `Object`). */
function findDescriptor(object: object, key: string, base: object): PropertyDescriptor | undefined {
	for (let current: object | null = object; current !== null && current !== Object.prototype && current !== base; current = Object.getPrototypeOf(current) as object | null) {
		const descriptor = Object.getOwnPropertyDescriptor(current, key);
		if (descriptor !== undefined) {
			return descriptor;
		}
	}

	return undefined;
}
