/**
 * The ledger of asks (through a ref, a proxy method or a proxy field): each
 * settles exactly once, with the answer it must get, or with a rejection it
 * could get (a timeout only if it had one, a Boom only if it may fail, an
 * ActorDeadError only once its actor ended, never while it restarts).
 */
import {
	ActorDeadError,
	DeadlockError,
	TimeoutError,
	type ActorProxy,
	type Future,
} from 'pykka';
import {Boom, type Counter, type Message} from './actors.js';
import {
	SettleWatch,
	restarting,
	type Books,
	type Settlements,
} from './books.js';
import type {Act, Route} from './plan.js';

/** What each ask is expected to answer. */
const ANY = 0;
/** Its own index; or TimeoutError (with a timeout), or ActorDeadError (its actor ended). */
const ITS_ID = 1;
const ITS_ID_OR_UNDEFINED = 2;
const A_NUMBER = 3;
/** Rejected with Boom, or ActorDeadError (its actor ended). */
const BOOM = 4;

export class Asks implements Settlements {
	pending = 0;
	// By ask index: how often each settled, what it expects.
	readonly settledCount: number[] = [];
	readonly expect: number[] = [];
	/** The actor asked, negated if the ask had a timeout. */
	readonly to: number[] = [];
	/** The asks sent while their actor waited to restart. */
	readonly whileRestarting = new Set<number>();
	readonly #books: Books;
	#lowWater = 0;
	#drained: (() => void) | undefined = undefined;

	constructor(books: Books) {
		this.#books = books;
	}

	/** A tracked ask, from the driver (`from` 0) or an actor. */
	ask(from: number, to: number, act: Act, route: Route, timeout: number | undefined): Future<unknown> {
		const books = this.#books;
		const index = this.settledCount.length;
		const message: Message = {clock: ++books.clock, from, tell: -1, seq: -1, ask: index, act};
		books.sent++;
		const record = books.record(to);
		const {target} = record;
		let future: Future<unknown>;
		if (target.isClass && route !== 'ref') {
			books.stats.proxyCalls++;
			future = proxyCall(target.proxy, route, message);
		} else {
			books.stats.asks++;
			future = target.ref.ask(message, timeout === undefined ? undefined : {timeout});
		}

		if (restarting(record)) {
			books.stats.asksWhileRestarting++;
			this.whileRestarting.add(index);
		}

		const expect = act.type === 'echo' || act.type === 'forward' || act.type === 'startTimer' || act.type === 'cancelTimer'
			? ITS_ID
			: (act.type === 'sleep' ? ITS_ID_OR_UNDEFINED : (act.type === 'fail' || act.type === 'failReply' ? BOOM : ANY));
		this.#track(future, expect, to, timeout !== undefined);
		return future;
	}

	/** The driver reads a class actor's field through its proxy (a spawned actor has none). */
	read(to: number): void {
		const books = this.#books;
		const {target} = books.record(to);
		if (target.isClass) {
			books.clock++;
			books.sent++;
			books.stats.fieldReads++;
			this.#track(target.proxy.total, A_NUMBER, to, false);
		}
	}

	/** An untracked message for the `call` effect, which makes its own future. */
	callMessage(from: number, act: Act): Message {
		const books = this.#books;
		books.sent++;
		books.stats.callEffects++;
		return {clock: ++books.clock, from, tell: -1, seq: -1, ask: -1, act};
	}

	#track(future: Future<unknown>, expect: number, to: number, timed: boolean): void {
		const index = this.settledCount.length;
		this.settledCount.push(0);
		this.expect.push(expect);
		this.to.push(timed ? -to : to);
		this.pending++;
		// `listen`, not `then`: a Promise would swallow a second settlement,
		// a listener is told of every one.
		future.listen(new SettleWatch(this, index));
	}

	/** Ask number `index` settled. */
	settled(index: number, future: Future<unknown>): void {
		const books = this.#books;
		const {stats} = books;
		const count = (this.settledCount[index] ?? 0) + 1;
		this.settledCount[index] = count;
		if (count > 1) {
			books.problem('askDoubleSettled', () => `ask #${index} settled ${count} times`);
			return;
		}

		this.pending--;
		const {result} = future;
		const expect = this.expect[index];
		const askTo = this.to[index]!;
		const to = Math.abs(askTo);
		if (future.rejected) {
			if (result instanceof Boom) {
				stats.rejectedBoom++;
			} else if (result instanceof ActorDeadError) {
				stats.rejectedDead++;
			} else if (result instanceof TimeoutError) {
				stats.rejectedTimeout++;
			} else if (result instanceof DeadlockError) {
				stats.rejectedDeadlock++;
			} else {
				books.problem('unexpectedRejections', () => `ask #${index} rejected with ${String(result)}`);
				return;
			}

			if (expect === ANY) {
				return;
			}

			// Only an actor that ended may leave an ask unanswered: never one that restarts.
			if (result instanceof ActorDeadError) {
				if (!books.over(books.record(to))) {
					books.problem('deadTooSoon', () => `ask #${index} to actor ${to} (${books.record(to).kind}) rejected with ActorDeadError while it had not ended${this.whileRestarting.has(index) ? ' (sent while it waited to restart)' : ''}`);
				}
			} else if (!(result instanceof TimeoutError ? askTo < 0 : result instanceof Boom && expect === BOOM)) {
				books.problem('wrongRejections', () => `ask #${index} to actor ${to} (${books.record(to).kind}) rejected with ${String(result)}`);
			}
		} else {
			stats.fulfilled++;
			if (this.whileRestarting.has(index)) {
				stats.answeredAfterRestart++;
			}

			const right = expect === ITS_ID
				? result === index
				: expect === ITS_ID_OR_UNDEFINED
					? result === index || result === undefined
					: expect === A_NUMBER
						? typeof result === 'number'
						: expect !== BOOM;
			if (!right) {
				books.problem('wrongAnswers', () => `ask #${index} to actor ${to} answered ${String(result)}`);
			}
		}

		if (this.#drained !== undefined && this.pending <= this.#lowWater) {
			const drained = this.#drained;
			this.#drained = undefined;
			drained();
		}
	}

	/** Resolves once no more than `lowWater` tracked asks are pending. */
	async drained(lowWater: number): Promise<void> {
		if (this.pending <= lowWater) {
			return;
		}

		this.#lowWater = lowWater;
		await new Promise<void>(resolve => {
			this.#drained = resolve;
		});
	}
}

function proxyCall(proxy: ActorProxy<Counter>, route: Route, message: Message): Future<unknown> {
	switch (route) {
		case 'plain': {
			return proxy.handle(message);
		}

		case 'async': {
			return proxy.handleAsync(message);
		}

		default: {
			return proxy.handleGenerator(message);
		}
	}
}
