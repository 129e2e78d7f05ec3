/**
 * The actors of a stress run: the spawned kinds (one behaviour), the class
 * kind (Counter, and its supervised subclasses) and the watchers. They
 * report what they do to the ledger (ledger.ts and its parts) as they do it.
 */
import {
	Actor,
	Down,
	TimeoutError,
	cancelTimer,
	deferReply,
	receive,
	reply,
	replyError,
	self,
	unwatch,
	watch,
	type Operation,
	type Supervision,
} from 'pykka';
import type {Harness} from './ledger.js';
import type {Watches} from './watch.js';
import type {Act, Kind, TimerAct} from './plan.js';

/** The message every actor of the run receives. */
export type Message = {
	/** The global send order. */
	readonly clock: number;
	/** The sending actor's id, 0 for the driver. */
	readonly from: number;
	/** The index of a tell in the ledger, or -1 for an ask. */
	readonly tell: number;
	/** A tell's sequence number per (sender, receiver), or -1. */
	readonly seq: number;
	/** The index of a tracked ask, or -1. */
	readonly ask: number;
	readonly act: Act;
};

/** What a watcher is told: to watch an actor, or to stop watching it. */
export type WatchRequest = {readonly type: 'watch' | 'unwatch'; readonly target: number};

/** The error of a message that is meant to fail. */
export class Boom extends Error {
	override name = 'Boom';
}

/** The message of timer `timer` (its index in the ledger), under `key`. */
export function tickMessage(key: number, timer: number): Message {
	return {clock: -1, from: -1, tell: -1, seq: -1, ask: -1, act: {type: 'tick', key, timer}};
}

export function timerOptions(act: TimerAct): {afterMs: number} | {everyMs: number} {
	return act.every ? {everyMs: act.ms} : {afterMs: act.ms};
}

/** The spawned kinds: one behaviour, with what differs by kind inline. */
export function * worker(harness: Harness, id: number, kind: Kind): Operation<void> {
	if (harness.restarts.began(id)) {
		// Restarted in place: the same ref and URN.
		const me = yield * self();
		harness.restarts.checkIdentity(id, me, me.actorUrn, undefined);
	}

	// A patient actor's first receives time out (a few, so no timer outlives the run by much).
	let timeouts = kind === 'patient' ? 3 : 0;
	try {
		for (;;) {
			let message: Message;
			if (timeouts > 0) {
				try {
					message = yield * receive<Message>({timeout: 1 + (id % 3)});
				} catch (error) {
					if (!(error instanceof TimeoutError)) {
						throw error;
					}

					timeouts--;
					harness.acts.receiveTimedOut();
					continue;
				}
			} else {
				message = yield * receive<Message>();
			}

			const {act} = message;
			if (act.type === 'tick') {
				if (harness.timers.tick(id, act)) {
					harness.timers.cancelled(id, act.key, yield * cancelTimer(act.key));
				}

				continue;
			}

			harness.tells.enter(id, message);
			if (act.type === 'quit') {
				harness.lifecycle.quit(id);
				return;
			}

			if (act.type === 'failReply') {
				yield * replyError(new Boom(`actor ${id} answers clock ${message.clock} with an error`));
				continue;
			}

			if (act.type === 'relay' && kind === 'relay') {
				harness.books.stats.relays++;
				const answer = yield * deferReply();
				harness.asks.ask(id, act.to, act.next, act.route, act.timeout).then(
					value => answer.resolve(value),
					(error: unknown) => answer.reject(error),
				);
				continue;
			}

			let answer: unknown;
			try {
				answer = yield * harness.acts.perform(id, message, undefined);
			} catch (error) {
				if (error instanceof Boom) {
					throw error;
				}

				// A call that failed: its error is the answer.
				yield * replyError(error);
				continue;
			}

			yield * reply(answer);
		}
	} catch (error) {
		harness.restarts.failed(id);
		throw error;
	}
}

/**
 * The class kind. Its handlers are reached through its ref (onReceive, a
 * generator method) or its proxy (a plain, an async and a generator method).
 * A supervised one is of a subclass with `static supervision` (see
 * `supervisedCounter`); a restart constructs a fresh instance.
 */
export class Counter extends Actor {
	total = 0;
	readonly #harness: Harness;
	readonly #id: number;
	readonly #failStart: boolean;
	readonly #failStop: boolean;
	readonly #restarted: boolean;

	constructor(harness: Harness, id: number, failStart: boolean, failStop: boolean) {
		super();
		this.#harness = harness;
		this.#id = id;
		this.#failStart = failStart;
		this.#failStop = failStop;
		this.#restarted = harness.restarts.constructed(id);
	}

	override onStart(): void {
		if (this.#restarted) {
			// Restarted in place: the same ref, URN and proxy.
			this.#harness.restarts.checkIdentity(this.#id, this.actorRef, this.actorUrn, this.actorRef.proxy());
		}

		if (this.#failStart) {
			this.#harness.restarts.failed(this.#id, true);
			throw new Boom(`actor ${this.#id} fails to start`);
		}
	}

	override onStop(): void {
		if (this.#failStop) {
			this.#harness.lifecycle.stopHookFailed();
			throw new Boom(`actor ${this.#id} fails to stop`);
		}
	}

	override onFailure(): void {
		this.#harness.restarts.failed(this.#id);
	}

	override * onReceive(message: Message): Operation<unknown> {
		const {act} = message;
		if (act.type === 'tick') {
			if (this.#harness.timers.tick(this.#id, act)) {
				this.#harness.timers.cancelled(this.#id, act.key, this.timers.cancel(act.key));
			}

			return undefined;
		}

		return yield * this.handleGenerator(message);
	}

	handle(message: Message): unknown {
		this.#harness.tells.enter(this.#id, message);
		this.total++;
		return this.#harness.acts.performNow(this.#id, message, this);
	}

	async handleAsync(message: Message): Promise<unknown> {
		this.#harness.tells.enter(this.#id, message);
		await Promise.resolve();
		this.total++;
		return this.#harness.acts.performNow(this.#id, message, this);
	}

	* handleGenerator(message: Message): Operation<unknown> {
		const harness = this.#harness;
		harness.tells.enter(this.#id, message);
		this.total++;
		try {
			return yield * harness.acts.perform(this.#id, message, this);
		} catch (error) {
			// A call that failed fails an ask; a tell's handler shrugs it off
			// (it would otherwise kill the actor, which `fail` already covers).
			if (message.tell < 0 || error instanceof Boom) {
				throw error;
			}

			return undefined;
		}
	}
}

/** A subclass of Counter under a restart policy. */
export function supervisedCounter(supervision: Supervision): typeof Counter {
	return class SupervisedCounter extends Counter {
		static override supervision: Supervision | undefined = supervision;
	};
}

/** A spawned watcher: watches and unwatches as told, and reports the Downs it receives. */
export function * watcher(watches: Watches, id: number): Operation<void> {
	for (;;) {
		const message = yield * receive<WatchRequest | Down>();
		if (message instanceof Down) {
			watches.down(id, message);
			continue;
		}

		const ref = watches.carryOut(id, message);
		yield * (message.type === 'watch' ? watch(ref) : unwatch(ref));
	}
}

/** A class watcher: `this.watch` and `this.unwatch`, and `onDown`. */
export class Watcher extends Actor {
	readonly #watches: Watches;
	readonly #id: number;

	constructor(watches: Watches, id: number) {
		super();
		this.#watches = watches;
		this.#id = id;
	}

	override onReceive(request: WatchRequest): void {
		const ref = this.#watches.carryOut(this.#id, request);
		if (request.type === 'watch') {
			this.watch(ref);
		} else {
			this.unwatch(ref);
		}
	}

	onDown(down: Down): void {
		this.#watches.down(this.#id, down);
	}
}
