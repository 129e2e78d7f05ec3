/**
 * Type tests of proxies and refs of class actors: checked by `tsc` (in
 * `npm test`), never run. Each `// @ts-expect-error` must meet an error, and
 * each `Equal` check must come out `true`, or the build fails.
 */
import {
	Actor, createSystem, Future, traversable, type ActorProxy, type ActorRef, type Effect, type NestedProxy, type ProxyMethod, type StopOptions,
} from 'pykka';
import type {ActorOwnKey} from '../../source/classes/proxy.js';

/** Whether two types are the same (not merely assignable either way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

/** Whether `K` is a member of `T`. */
type Has<T, K extends PropertyKey> = K extends keyof T ? true : false;

type Message = {kind: 'ping'} | {kind: 'add'; n: number};

class Sample extends Actor {
	count = 0;
	readonly label: string = 'sample';
	tags: string[] = [];
	_hidden = 1;
	readonly #secret = 2;
	readonly engine = traversable({
		rpm: 0,
		rev(by: number): number {
			this.rpm += by;
			return this.rpm;
		},
		inner: traversable({
			deep(): string {
				return 'deep';
			},
		}),
	});

	get doubled(): number {
		return this.count * 2;
	}

	add(a: number, b: number): number {
		return a + b + this.#secret;
	}

	async fetch(id: string): Promise<{id: string}> {
		return {id};
	}

	* generate(n: number): Generator<Effect, string, unknown> {
		const value = yield * Future.from(n);
		return String(value);
	}

	future(): Future<boolean> {
		return Future.from(true);
	}

	promise(): Promise<number> {
		return Promise.resolve(1);
	}

	nothing(): void {
		this.count += 0;
	}

	optional(a: number, b?: string): string {
		return `${a}${b ?? ''}`;
	}

	rest(...values: number[]): number {
		return values.length;
	}

	_helper(): number {
		return this._hidden;
	}

	override onReceive(message: Message): number {
		return message.kind === 'add' ? message.n : 0;
	}
}

declare const proxy: ActorProxy<Sample>;
declare const ref: ActorRef<Sample>;

// Methods give a Future of their result: plain, awaited, generator-returned, or a Future's value.
export const addIsFuture: Equal<ReturnType<typeof proxy.add>, Future<number>> = true;
export const asyncIsAwaited: Equal<ReturnType<typeof proxy.fetch>, Future<{id: string}>> = true;
export const generatorIsReturned: Equal<ReturnType<typeof proxy.generate>, Future<string>> = true;
export const futureIsUnwrapped: Equal<ReturnType<typeof proxy.future>, Future<boolean>> = true;
export const promiseIsUnwrapped: Equal<ReturnType<typeof proxy.promise>, Future<number>> = true;
export const voidIsFutureOfVoid: Equal<ReturnType<typeof proxy.nothing>, Future<void>> = true;
export const methodType: Equal<typeof proxy.add, ProxyMethod<[a: number, b: number], number>> = true;
export const deferIsVoid: Equal<ReturnType<typeof proxy.add.defer>, void> = true;

// Parameters are the method's own.
export const optionalParameters: Equal<Parameters<typeof proxy.optional>, Parameters<Sample['optional']>> = true;
proxy.optional(1);
proxy.optional(1, 'x');
proxy.rest();
proxy.rest(1, 2, 3);
proxy.add.defer(1, 2);

// @ts-expect-error: a string where a number is expected.
proxy.add('1', 2);
// @ts-expect-error: too few arguments.
proxy.add(1);
// @ts-expect-error: too many arguments.
proxy.add(1, 2, 3);
// @ts-expect-error: defer takes the same arguments.
proxy.add.defer(1, '2');
// @ts-expect-error: a number where a string is expected.
proxy.fetch(1);
// @ts-expect-error: rest parameters keep their type.
proxy.rest(1, 'two');

// Fields and getters are Futures of their type, and read-only to TypeScript.
export const fieldIsFuture: Equal<typeof proxy.count, Future<number>> = true;
export const readonlyFieldIsFuture: Equal<typeof proxy.label, Future<string>> = true;
export const arrayFieldIsFuture: Equal<typeof proxy.tags, Future<string[]>> = true;
export const getterIsFuture: Equal<typeof proxy.doubled, Future<number>> = true;
// @ts-expect-error: fields are read-only futures to TypeScript.
proxy.count = 1;

// A traversable attribute gives a nested proxy, which nests again.
export const nestedMethod: Equal<ReturnType<typeof proxy.engine.rev>, Future<number>> = true;
export const nestedField: Equal<typeof proxy.engine.rpm, Future<number>> = true;
export const nestedNested: Equal<ReturnType<typeof proxy.engine.inner.deep>, Future<string>> = true;
export const nestedRef: Equal<typeof proxy.engine.actorRef, ActorRef> = true;
export const nestedIsNestedProxy: typeof proxy.engine extends NestedProxy<{rpm: number}> ? true : false = true;
// @ts-expect-error: nested methods check their arguments too.
proxy.engine.rev('fast');
// @ts-expect-error: and nested members must exist.
void proxy.engine.turbo;

// Members starting with _, #private members and Actor's own members are absent.
export const hiddenField: Has<ActorProxy<Sample>, '_hidden'> = false;
export const hiddenMethod: Has<ActorProxy<Sample>, '_helper'> = false;
// Except stop, as Pykka's proxy has it: the ref's stop.
export const proxyStop: Equal<typeof proxy.stop, (options?: StopOptions) => Future<boolean>> = true;
export const noOnReceive: Has<ActorProxy<Sample>, 'onReceive'> = false;
export const noOnStart: Has<ActorProxy<Sample>, 'onStart'> = false;
export const noActorUrn: Has<ActorProxy<Sample>, 'actorUrn'> = false;
export const noSystem: Has<ActorProxy<Sample>, 'system'> = false;
// @ts-expect-error: _ members are not exposed.
void proxy._hidden;
// @ts-expect-error: _ methods are not exposed.
void proxy._helper();
// @ts-expect-error: Actor's own methods are not exposed.
void proxy.onStart();
// @ts-expect-error: stop takes stop's options.
void proxy.stop({timeout: 'soon'});
// @ts-expect-error: an unknown member does not compile.
void proxy.nonexistent;

// The proxy's ref, and the ref's proxy.
export const proxyRef: Equal<typeof proxy.actorRef, ActorRef<Sample>> = true;
export const refProxy: Equal<ReturnType<typeof ref.proxy>, ActorProxy<Sample>> = true;

// ask and tell are typed by onReceive.
export const askReply: Equal<ReturnType<typeof ref.ask>, Future<number>> = true;
ref.tell({kind: 'ping'});
ref.tell({kind: 'add', n: 1});
void ref.ask({kind: 'add', n: 1}, {timeout: 100});
// @ts-expect-error: not a message onReceive takes.
ref.tell({kind: 'pong'});
// @ts-expect-error: a message missing a field.
void ref.ask({kind: 'add'});
// @ts-expect-error: not a message at all.
ref.tell('ping');

class AsyncReceiver extends Actor {
	override async onReceive(message: string): Promise<number> {
		return message.length;
	}
}

class GeneratorReceiver extends Actor {
	override * onReceive(message: number): Generator<Effect, string, unknown> {
		return String(yield * Future.from(message));
	}
}

class Reacting extends Actor {
	override react(message: boolean): string {
		return String(message);
	}
}

class Silent extends Actor {}

declare const asyncRef: ActorRef<AsyncReceiver>;
declare const generatorRef: ActorRef<GeneratorReceiver>;
declare const reactingRef: ActorRef<Reacting>;
declare const silentRef: ActorRef<Silent>;
export const asyncReply: Equal<ReturnType<typeof asyncRef.ask>, Future<number>> = true;
export const generatorReply: Equal<ReturnType<typeof generatorRef.ask>, Future<string>> = true;
export const reactReply: Equal<ReturnType<typeof reactingRef.ask>, Future<string>> = true;
export const silentReply: Equal<ReturnType<typeof silentRef.ask>, Future<unknown>> = true;
// @ts-expect-error: async onReceive takes strings.
asyncRef.tell(1);
// @ts-expect-error: generator onReceive takes numbers.
generatorRef.tell('1');
// @ts-expect-error: react takes booleans.
reactingRef.tell('yes');
silentRef.tell({anything: 'goes'});

// Starting: constructor arguments are checked, and the result is typed by the class.
class Configured extends Actor {
	readonly #size: number;

	constructor(size: number, name?: string) {
		super();
		this.#size = size + (name?.length ?? 0);
	}

	size(): number {
		return this.#size;
	}
}

const system = createSystem();
export const startedRef: Equal<ReturnType<typeof Configured.start<Configured, [number]>>, ActorRef<Configured>> = true;
export const started: ActorRef<Configured> = system.start(Configured, 1);
export const startedProxy: ActorProxy<Configured> = system.startProxy(Configured, 1, 'name');
export const sizeResult: Equal<ReturnType<typeof startedProxy.size>, Future<number>> = true;
// @ts-expect-error: the constructor takes a number first.
system.start(Configured, 'one');
// @ts-expect-error: the constructor needs its argument.
Configured.startProxy();
// @ts-expect-error: too many constructor arguments.
Configured.start(1, 'name', true);
// @ts-expect-error: only subclasses of Actor start.
system.start(Map);

// Inside a generator method, yield* on a proxy call gives the method's result type.
export class User extends Actor {
	readonly #other: ActorProxy<Sample>;

	constructor(other: ActorProxy<Sample>) {
		super();
		this.#other = other;
	}

	* use() {
		const sum = yield * this.#other.add(1, 2);
		const fetched = yield * this.#other.fetch('id');
		const count = yield * this.#other.count;
		const checks: [Equal<typeof sum, number>, Equal<typeof fetched, {id: string}>, Equal<typeof count, number>] = [true, true, true];
		return checks;
	}

	async useAsync(): Promise<number> {
		const sum: number = await this.#other.add(1, 2);
		// @ts-expect-error: the awaited result is a number.
		const wrong: string = await this.#other.add(1, 2);
		return sum + wrong.length;
	}
}

// The proxy module lists Actor's own members itself (it is below Actor's module): the list must be exactly keyof Actor.
export const ownKeysAgree: Equal<ActorOwnKey, keyof Actor> = true;
