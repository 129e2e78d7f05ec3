/**
 * ActorProxy: an actor made to look like the object it runs. Method calls and
 * field reads go to the actor as messages, in order with all others, and
 * give futures at once.
 */
import {inspect} from 'node:util';
import type {Future} from '../future.js';
import type {ActorRef} from '../ref.js';
import type {Unwrapped} from '../unwrapped.js';
import {Actor} from './actor.js';
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

/** The members of `Actor` itself, which a proxy does not expose. */
type ActorOwnKey = keyof Actor;

/** The names a proxy exposes: not `_private`, not `then` (a proxy is no thenable), not `Actor`'s own. */
type ExposedKey<A, K extends keyof A> = K extends string
	? K extends `_${string}` | 'then' ? never : A extends Actor ? (K extends ActorOwnKey ? never : K) : K
	: never;

/** One member seen through a proxy. */
type ProxyMember<V> = V extends (...args: infer P) => infer R
	? ProxyMethod<P, Unwrapped<R>>
	: V extends Traversable<infer T> ? NestedProxy<Omit<T, typeof traversableMark>> : Future<V>;

type Members<A> = {readonly [K in keyof A as ExposedKey<A, K>]: ProxyMember<A[K]>};

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
export type ActorProxy<A> = Members<A> & {
	/** The ref of the actor; readable even after the actor died. */
	readonly actorRef: ActorRef<A>;
};

/** Probes by runtimes and libraries that must get `undefined`, never an error. */
const probes = new Set<string>(['then', 'toJSON', 'constructor', 'asymmetricMatch', '$$typeof', 'nodeType', 'tagName', 'valueOf', '@@__IMMUTABLE_ITERABLE__@@', '@@__IMMUTABLE_RECORD__@@']);

type MemberKind = 'method' | 'field' | 'nested';

/**
 * The proxy of a ref, the same object each time.
 *
 * @internal
 */
export function proxyOf<A>(ref: ActorRef<A>): ActorProxy<A> {
	const cell = ref.cell;
	if (cell.instance === undefined) {
		throw new TypeError(`${String(ref)} was spawned from a generator function; only class actors have a proxy`);
	}

	cell.proxy ??= makeProxy(ref as ActorRef, []);
	return cell.proxy as ActorProxy<A>;
}

function makeProxy(ref: ActorRef, path: readonly string[]): object {
	const handler = new ProxyHandlerFor(ref, path);
	return new Proxy(handler.target, handler);
}

/**
 * The traps of one proxy. Members are looked up on the actor's object from
 * outside only by their property descriptors, so no getter ever runs to find
 * out what a member is; methods and nested proxies are made once each.
 */
class ProxyHandlerFor implements ProxyHandler<object> {
	readonly target: object;
	readonly #ref: ActorRef;
	readonly #path: readonly string[];
	readonly #cache = new Map<string, unknown>();

	constructor(ref: ActorRef, path: readonly string[]) {
		this.#ref = ref;
		this.#path = path;
		const description = (): string => this.#description();
		// util.inspect looks past a Proxy at its target, and calls the target's
		// inspect hook with `this` bound to the proxy: answer from a closure.
		this.target = {
			[inspect.custom]: description,
			[Symbol.toPrimitive]: description,
			toString: description,
		};
	}

	get(_target: object, key: string | symbol): unknown {
		if (typeof key === 'symbol') {
			if (key === Symbol.toPrimitive || key === inspect.custom) {
				return () => this.#description();
			}

			return key === Symbol.toStringTag ? 'ActorProxy' : undefined;
		}

		if (key === 'actorRef') {
			return this.#ref;
		}

		// Never a thenable, even for a class with a `then` method: `await proxy`
		// must give the proxy, not call into the actor.
		if (key === 'then') {
			return undefined;
		}

		if (key === 'toString') {
			return () => this.#description();
		}

		const cached = this.#cache.get(key);
		if (cached !== undefined) {
			return cached;
		}

		const member = this.#member(key);
		if (member === undefined) {
			if (probes.has(key)) {
				return undefined;
			}

			throw new TypeError(`${this.#description()} has no member \`${key}\`${key.startsWith('_') ? ' (members starting with _ are not exposed)' : ''}`);
		}

		switch (member) {
			case 'field': {
				return this.#ref.ask(new ProxyMessage('get', this.#path, key, []) as never);
			}

			case 'method': {
				const method = this.#method(key);
				this.#cache.set(key, method);
				return method;
			}

			case 'nested': {
				const nested = makeProxy(this.#ref, [...this.#path, key]);
				this.#cache.set(key, nested);
				return nested;
			}
		}
	}

	set(_target: object, key: string | symbol, value: unknown): boolean {
		if (typeof key === 'symbol' || key === 'actorRef' || this.#member(key) !== 'field') {
			throw new TypeError(`${this.#description()} has no field \`${String(key)}\` to set`);
		}

		this.#ref.tell(new ProxyMessage('set', this.#path, key, [value]) as never);
		return true;
	}

	has(_target: object, key: string | symbol): boolean {
		return key === 'actorRef' || (typeof key === 'string' && this.#member(key) !== undefined);
	}

	/** A proxy has no own keys to list: its members live in the actor. */
	ownKeys(): Array<string | symbol> {
		return [];
	}

	getOwnPropertyDescriptor(): undefined {
		return undefined;
	}

	deleteProperty(_target: object, key: string | symbol): boolean {
		throw new TypeError(`${this.#description()} cannot delete \`${String(key)}\``);
	}

	defineProperty(_target: object, key: string | symbol): boolean {
		throw new TypeError(`${this.#description()} cannot define \`${String(key)}\``);
	}

	#method(name: string): ProxyMethod<unknown[], unknown> {
		const ref = this.#ref;
		const path = this.#path;
		const method = (...args: unknown[]): Future<unknown> => ref.ask(new ProxyMessage('call', path, name, args) as never);
		method.defer = (...args: unknown[]): void => {
			ref.tell(new ProxyMessage('call', path, name, args) as never);
		};

		return method;
	}

	/** What a member of the actor's object is, from its descriptor; `undefined` if not exposed. */
	#member(key: string): MemberKind | undefined {
		// Actor's own members are hidden on the actor, not on its traversable attributes.
		if (key.startsWith('_') || (this.#path.length === 0 && key in Actor.prototype)) {
			return undefined;
		}

		const object = this.#object();
		if (object === undefined) {
			return undefined;
		}

		const descriptor = findDescriptor(object, key);
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

	/** The object this proxy stands for, reached through data properties only. */
	#object(): object | undefined {
		let object = this.#ref.cell.instance;
		for (const step of this.#path) {
			if (object === undefined) {
				return undefined;
			}

			const value = findDescriptor(object, step)?.value as unknown;
			object = typeof value === 'object' && value !== null ? value : undefined;
		}

		return object;
	}

	#description(): string {
		const path = this.#path.length === 0 ? '' : `, attribute path ${this.#path.join('.')}`;
		return `ActorProxy for ${String(this.#ref)}${path}`;
	}
}

/** The descriptor of `key` on `object` or its prototypes, stopping before `Actor` and `Object` themselves. */
function findDescriptor(object: object, key: string): PropertyDescriptor | undefined {
	for (let current: object | null = object; current !== null && current !== Object.prototype && current !== Actor.prototype; current = Object.getPrototypeOf(current) as object | null) {
		const descriptor = Object.getOwnPropertyDescriptor(current, key);
		if (descriptor !== undefined) {
			return descriptor;
		}
	}

	return undefined;
}
