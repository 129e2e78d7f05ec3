/**
 * Effects: what a behaviour yields to the interpreter. Each is plain data,
 * discriminated on `type`, made by a tiny pure creator, so a test can step a
 * behaviour's generator by hand and compare what it yields. Each is also an
 * operation: `yield* receive<Msg>()` hands the effect to the interpreter and
 * gives back its typed result.
 */
import {EffectBase} from './effect-base.js';
import type {AwaitEffect, Future} from './future.js';
import type {CarriesActorType, MessageOf, ReplyOf} from './protocol.js';
import type {RefOf} from './registered.js';
import type {Reply} from './reply.js';
import {checkFunction, checkOptions, checkTimeout, show, signalOption, tagOf} from './validate.js';

export type {AwaitEffect} from './future.js';

/** Every effect a behaviour may yield. */
export type Effect =
	| ReceiveEffect<unknown>
	| CallEffect<unknown>
	| SleepEffect
	| SelfEffect<unknown>
	| AwaitEffect<unknown>
	| ReplyEffect
	| DeferReplyEffect<unknown>
	| WatchEffect
	| StartTimerEffect
	| CancelTimerEffect;

/** The names of the effects, for error messages. */
export const effectTypes: ReadonlyArray<Effect['type']> = ['receive', 'call', 'sleep', 'self', 'await', 'reply', 'deferReply', 'watch', 'unwatch', 'startTimer', 'cancelTimer'];

/**
 * A generator that yields effects and returns `T`: what `yield*` runs inside a behaviour.
 *
 * @example
 * function* double(ref: ActorRef<Receives<'get', number>>): Operation<number> { return 2 * (yield* call(ref, 'get')) }
 */
export type Operation<T> = Generator<Effect, T, unknown>;

/**
 * The return type of a behaviour (a generator that returns nothing), annotated with the actor type `A` it handles
 * (`Receives<M, R>`, or a `Protocol`), so that `spawn` types the ref from the
 * behaviour itself: `function * counter(start: number): Handles<Receives<number, number>>`.
 */
export type Handles<A> = Generator<Effect, void, unknown> & CarriesActorType<A>;

/** A behaviour: a generator function whose yields are effects. */
export type Behaviour<Args extends unknown[] = []> = (...args: Args) => Generator<Effect, unknown, unknown>;

/** Any behaviour, whatever its arguments. */
export type AnyBehaviour = (...args: never) => Generator<Effect, unknown, unknown>;

/** The actor type a behaviour declares with `Handles<A>`; `unknown` if it declares none. */
export type ActorTypeOf<B extends AnyBehaviour> = ReturnType<B> extends CarriesActorType<infer A> ? A : unknown;

/** A predicate of a selective receive. */
export type MessageMatcher = (message: unknown) => boolean;

/** The options of `receive`. */
export type ReceiveOptions = {
	/** Take the first message for which this returns true; the others stay queued, in order. */
	readonly match?: MessageMatcher | undefined;
	/** Milliseconds to wait for a message before `TimeoutError` is thrown into the behaviour. */
	readonly timeout?: number | undefined;
};

/** Take a message (see `receive`): `{type: 'receive', match, timeout}`. */
export class ReceiveEffect<M> extends EffectBase<M> {
	/** What kind of effect this is. */
	readonly type = 'receive';
	/** The predicate of a selective receive, or `undefined` for the next message. */
	readonly match: MessageMatcher | undefined;
	/** Milliseconds to wait, or `undefined` for no limit. */
	readonly timeout: number | undefined;

	constructor(match: MessageMatcher | undefined, timeout: number | undefined) {
		super();
		this.match = match;
		this.timeout = timeout;
	}
}

/** What the interpreter needs of a `call`'s ref: its `ask`. */
export type AskTarget = {
	ask(message: never, options?: {readonly timeout?: number | undefined; readonly signal?: AbortSignal | undefined}): Future<unknown>;
};

/** Ask another actor and wait (see `call`): `{type: 'call', ref, message, timeout}`. */
export class CallEffect<R> extends EffectBase<R> {
	/** What kind of effect this is. */
	readonly type = 'call';
	/** The actor asked. */
	readonly ref: AskTarget;
	/** The message sent. */
	readonly message: unknown;
	/** Milliseconds to wait for the reply, or `undefined` for no limit. */
	readonly timeout: number | undefined;
	/** Calls the wait off when aborted (see `CallOptions`). */
	readonly signal: AbortSignal | undefined;

	constructor(ref: AskTarget, message: unknown, timeout: number | undefined, signal?: AbortSignal) {
		super();
		this.ref = ref;
		this.message = message;
		this.timeout = timeout;
		this.signal = signal;
	}
}

/** Suspend this actor (see `sleep`): `{type: 'sleep', ms}`. */
export class SleepEffect extends EffectBase<void> {
	/** What kind of effect this is. */
	readonly type = 'sleep';
	/** Milliseconds to sleep. */
	readonly ms: number;

	constructor(ms: number) {
		super();
		this.ms = ms;
	}
}

/** Get this actor's ref (see `self`): `{type: 'self'}`. */
export class SelfEffect<A> extends EffectBase<RefOf<A>> {
	/** What kind of effect this is. */
	readonly type = 'self';
}

/** Answer the ask in hand (see `reply`, `replyError`): `{type: 'reply', value, rejected}`. */
export class ReplyEffect extends EffectBase<boolean> {
	/** What kind of effect this is. */
	readonly type = 'reply';
	/** The answer, or the error if `rejected`. */
	readonly value: unknown;
	/** Whether the ask is answered with an error. */
	readonly rejected: boolean;

	constructor(value: unknown, rejected: boolean) {
		super();
		this.value = value;
		this.rejected = rejected;
	}
}

/** Take the answer owed, to give later (see `deferReply`): `{type: 'deferReply'}`. */
export class DeferReplyEffect<T> extends EffectBase<Reply<T>> {
	/** What kind of effect this is. */
	readonly type = 'deferReply';
}

const anyMessage = new ReceiveEffect<unknown>(undefined, undefined);

/**
 * Takes the next message from this actor's mailbox, suspending the actor until
 * one arrives. With `match`, takes the first message the predicate accepts and
 * leaves the others queued in order (selective receive). With `timeout`,
 * throws `TimeoutError` into the behaviour if nothing arrives in time.
 *
 * If the message was sent with `ask`, answer it with `reply(value)`, or take a
 * `Reply` with `deferReply()` to answer later. An ask not answered by the time
 * the behaviour receives again is answered with `undefined`.
 *
 * @example
 * const message = yield* receive<string>({timeout: 1000});
 */
export function receive<M>(options: ReceiveOptions & {readonly match: (message: unknown) => message is M}): ReceiveEffect<M>;
export function receive<M = unknown>(options?: ReceiveOptions): ReceiveEffect<M>;
export function receive<M = unknown>(options?: ReceiveOptions): ReceiveEffect<M> {
	const bag = checkOptions(options);
	if (bag === undefined) {
		// The plain receive is the commonest effect of all: share one.
		return anyMessage as ReceiveEffect<M>;
	}

	const {match} = bag;
	if (match !== undefined) {
		checkFunction(match, 'match');
	}

	return new ReceiveEffect<M>(match as MessageMatcher | undefined, checkTimeout(bag['timeout']));
}

/** The options of `call`. */
export type CallOptions = {
	/** Milliseconds to wait for the reply before `TimeoutError` is thrown into the behaviour. */
	readonly timeout?: number | undefined;
	/**
	 * Calls the wait off when aborted: the signal's reason is thrown into the
	 * behaviour at once, and a message not yet taken from the mailbox is
	 * removed, never handled.
	 */
	readonly signal?: AbortSignal | undefined;
};

/**
 * Asks another actor and suspends this one until the reply arrives; an error
 * reply is thrown inside the behaviour. Other actors go on running meanwhile.
 *
 * @example
 * const sum = yield* call(adder, {a: 1, b: 2}, {timeout: 1000}); // typed by adder's ref
 */
export function call<A, const M extends MessageOf<A>>(ref: RefOf<A>, message: M, options?: CallOptions): CallEffect<ReplyOf<A, M>> {
	checkRef(ref);

	const bag = checkOptions(options);
	return new CallEffect<ReplyOf<A, M>>(ref, message, bag === undefined ? undefined : checkTimeout(bag['timeout']), signalOption(options));
}

/** A ref, told apart from a proxy (whose `actorRef` is what to pass) and from anything else. */
function checkRef(ref: unknown): void {
	const tag = tagOf(ref);
	if (tag === '[object ActorProxy]') {
		throw new TypeError(`Expected \`ref\` to be an ActorRef, got ${show(ref)}; pass \`proxy.actorRef\` to call an actor through its ref, or call the proxy's method and \`yield*\` its future`);
	}

	if (tag !== '[object ActorRef]') {
		throw new TypeError(`Expected \`ref\` to be an ActorRef, got ${show(ref)}`);
	}
}

/**
 * Suspends this actor only, for `ms` milliseconds.
 *
 * @example
 * yield* sleep(100);
 */
export function sleep(ms: number): SleepEffect {
	// Unlike a timeout option, `ms` is required: `undefined` is no "forever".
	const checked = checkTimeout(ms, 'ms');
	if (checked === undefined) {
		throw new TypeError('Expected `ms` to be a finite number of milliseconds >= 0, got undefined');
	}

	return new SleepEffect(checked);
}

const selfEffect = new SelfEffect<unknown>();

/**
 * Gives this actor's own ref, typed with the actor type given.
 *
 * @example
 * const me = yield* self<Receives<number, number>>(); // ActorRef<Receives<number, number>>
 */
export function self<A = unknown>(): SelfEffect<A> {
	return selfEffect as SelfEffect<A>;
}

/**
 * Answers the ask that carried the message most recently received, at once.
 * Gives `true` if there was an ask to answer, `false` for a tell (or if it was
 * already answered or handed on with `deferReply`).
 *
 * @example
 * const n = yield* receive<number>();
 * yield* reply(n * 2);
 */
export function reply(value: unknown): ReplyEffect {
	return new ReplyEffect(value, false);
}

/**
 * Answers the ask that carried the message most recently received with an
 * error, at once: the asker's future rejects with it. Gives `true` if there
 * was an ask to answer, `false` for a tell.
 *
 * @example
 * const request = yield* receive<{path: string}>();
 * if (!request.path) yield* replyError(new TypeError('no path'));
 */
export function replyError(error: unknown): ReplyEffect {
	return new ReplyEffect(error, true);
}

/**
 * Takes responsibility for answering the message most recently received
 * later: gives a `Reply` to resolve or reject at any time, from this actor or
 * another. If this actor stops before it is answered, the ask rejects with
 * `ActorDeadError`.
 *
 * @example
 * const message = yield* receive();
 * const answer = yield* deferReply<number>();
 * pending.push(answer); // … later: answer.resolve(42)
 */
export function deferReply<T = unknown>(): DeferReplyEffect<T> {
	return new DeferReplyEffect<T>();
}

/** Watch or stop watching another actor (see `watch`, `unwatch`): `{type: 'watch' | 'unwatch', ref}`. */
export class WatchEffect extends EffectBase<void> {
	/** What kind of effect this is. */
	readonly type: 'watch' | 'unwatch';
	/** The actor watched. */
	readonly ref: RefOf<unknown>;

	constructor(type: 'watch' | 'unwatch', ref: RefOf<unknown>) {
		super();
		this.type = type;
		this.ref = ref;
	}
}

/** Start a keyed timer (see `startTimer`): `{type: 'startTimer', key, message, afterMs, everyMs}`. */
export class StartTimerEffect extends EffectBase<void> {
	/** What kind of effect this is. */
	readonly type = 'startTimer';
	/** The timer's key: starting another under it replaces it. */
	readonly key: unknown;
	/** What the timer sends this actor. */
	readonly message: unknown;
	/** Milliseconds to the first time it fires. */
	readonly afterMs: number;
	/** Milliseconds between the times it fires, for a repeating timer; `undefined` for a single one. */
	readonly everyMs: number | undefined;

	constructor(key: unknown, message: unknown, afterMs: number, everyMs: number | undefined) {
		super();
		this.key = key;
		this.message = message;
		this.afterMs = afterMs;
		this.everyMs = everyMs;
	}
}

/** Cancel a keyed timer (see `cancelTimer`): `{type: 'cancelTimer', key}`. */
export class CancelTimerEffect extends EffectBase<boolean> {
	/** What kind of effect this is. */
	readonly type = 'cancelTimer';
	/** The timer's key. */
	readonly key: unknown;

	constructor(key: unknown) {
		super();
		this.key = key;
	}
}

/**
 * Watches another actor: when it dies (or at once, if it is dead already)
 * this actor receives a `Down` message with its ref and how it ended, once,
 * as an ordinary message. A watcher that dies stops watching.
 *
 * @example
 * yield* watch(worker);
 * const down = yield* receive({match: isDown}); // Down { ref: worker, exit: {reason: 'failed', error} }
 */
export function watch(ref: RefOf<unknown>): WatchEffect {
	checkRef(ref);
	return new WatchEffect('watch', ref);
}

/**
 * Stops watching an actor: no `Down` of it is received after this, even one
 * already queued.
 */
export function unwatch(ref: RefOf<unknown>): WatchEffect {
	checkRef(ref);
	return new WatchEffect('unwatch', ref);
}

/** When a keyed timer fires: once after `afterMs` milliseconds, or every `everyMs`. */
export type TimerOptions = {
	/** Fire once, this many milliseconds from now. */
	readonly afterMs: number;
	/** Not with `afterMs`. */
	readonly everyMs?: undefined;
} | {
	/** Fire every this many milliseconds (> 0), the first time that long from now. */
	readonly everyMs: number;
	/** Not with `everyMs`. */
	readonly afterMs?: undefined;
};

/**
 * Starts a keyed timer: `message` to this actor once after `afterMs`, or
 * every `everyMs` milliseconds, on the system's clock. A timer started under
 * a key in use replaces it, and the message of a cancelled or replaced timer
 * is never received, even if already queued. An actor's timers end when it
 * stops or restarts.
 *
 * @example
 * yield* startTimer('tick', {type: 'tick'}, {everyMs: 1000});
 */
export function startTimer(key: unknown, message: unknown, options: TimerOptions): StartTimerEffect {
	const {afterMs, everyMs} = timerOptions(options);
	return new StartTimerEffect(key, message, afterMs, everyMs);
}

/** Cancels the keyed timer `key`; gives whether there was one. Its message is never received, even if already queued. */
export function cancelTimer(key: unknown): CancelTimerEffect {
	return new CancelTimerEffect(key);
}

/** Checks the options of a keyed timer: one of `afterMs` and `everyMs`. @internal */
export function timerOptions(options: unknown): {afterMs: number; everyMs: number | undefined} {
	const bag = checkOptions(options);
	const afterMs = checkTimeout(bag?.['afterMs'], 'afterMs');
	const everyMs = checkTimeout(bag?.['everyMs'], 'everyMs');
	if ((afterMs === undefined) === (everyMs === undefined) || (everyMs !== undefined && everyMs <= 0)) {
		throw new TypeError(`Expected \`options\` to be {afterMs} (once) or {everyMs} (repeatedly, every > 0 ms), got ${show(options)}`);
	}

	return {afterMs: afterMs ?? everyMs!, everyMs};
}
