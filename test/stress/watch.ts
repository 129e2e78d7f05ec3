/**
 * The ledger of death watch: the watchers (spawned, or class actors with
 * `onDown`), each (watcher, watched actor) pair, and the Downs received. A
 * watcher receives one Down per actor it watched, unless it unwatched it
 * before the Down was queued, with the reason the ledger expects; and no
 * Down of an actor it never watched.
 */
import type {ActorRef, ActorSystem, Down, Exit, Future} from 'pykka';
import {Watcher, watcher, type WatchRequest} from './actors.js';
import {
	SettleWatch,
	expectedExit,
	never,
	type Books,
	type Settlements,
} from './books.js';

/** A pair (watcher, watched actor), from the watch request on. */
type WatchPair = {
	readonly watcher: number;
	readonly target: number;
	/** When the watcher carried out the watch. */
	watchClock: number;
	/** When the driver sent the unwatch request. */
	unwatchClock: number;
	downs: number;
	reason: Exit['reason'] | undefined;
};

/** A watcher: spawned, or a class actor with `onDown`. */
type WatcherRecord = {
	readonly tell: (request: WatchRequest) => void;
	deaths: number;
	exit: Exit | undefined;
};

export type DownAudit = {pairs: number; expected: number; unwatched: number; wrong: number};

export class Watches implements Settlements {
	readonly watchers = new Map<number, WatcherRecord>();
	readonly pairs = new Map<number, WatchPair>();
	readonly #books: Books;
	readonly #system: ActorSystem;
	/** The ids of watched actors, by ref (to read a `Down`). */
	readonly #watchedIds = new Map<unknown, number>();

	constructor(books: Books, system: ActorSystem) {
		this.#books = books;
		this.#system = system;
	}

	/** Starts watcher `id`: a spawned one if `id` is even, else a class one. */
	spawn(id: number): void {
		const system = this.#system;
		this.#books.stats.watchers++;
		let ref: ActorRef<unknown>;
		let tell: (request: WatchRequest) => void;
		if (id % 2 === 0) {
			const spawned = system.spawn<WatchRequest, unknown, [Watches, number]>(watcher, {name: 'watcher', args: [this, id]});
			ref = spawned;
			tell = request => {
				spawned.tell(request);
			};
		} else {
			const started = system.start(Watcher, this, id);
			ref = started;
			tell = request => {
				started.tell(request);
			};
		}

		this.watchers.set(id, {tell, deaths: 0, exit: undefined});
		ref.whenStopped().listen(new SettleWatch(this, id));
	}

	/** Watcher `id` died: its `whenStopped()` settled. */
	settled(id: number, future: Future<unknown>): void {
		const watcherRecord = this.watchers.get(id)!;
		watcherRecord.deaths++;
		watcherRecord.exit = future.result as Exit;
	}

	/** The driver tells a watcher to watch or unwatch actor `to`. */
	request(type: WatchRequest['type'], watcherId: number, to: number): void {
		const books = this.#books;
		const clock = ++books.clock;
		books.sent++;
		const key = pairKey(watcherId, to);
		if (type === 'watch') {
			books.stats.watches++;
			this.#watchedIds.set(books.record(to).target.ref, to);
			this.pairs.set(key, {watcher: watcherId, target: to, watchClock: never, unwatchClock: never, downs: 0, reason: undefined});
		} else {
			books.stats.unwatches++;
			this.pairs.get(key)!.unwatchClock = clock;
		}

		this.watchers.get(watcherId)!.tell({type, target: to});
	}

	/** A watcher carries out a watch or an unwatch request: gives the ref to (un)watch. */
	carryOut(watcherId: number, request: WatchRequest): ActorRef<unknown> {
		const pair = this.pairs.get(pairKey(watcherId, request.target))!;
		if (request.type === 'watch') {
			// The watch effect runs right after this: a Down of an actor already dead is queued then.
			pair.watchClock = ++this.#books.clock;
		}

		return this.#books.record(request.target).target.ref;
	}

	/** A watcher received a Down. */
	down(watcherId: number, down: Down): void {
		this.#books.stats.downs++;
		const target = this.#watchedIds.get(down.ref);
		const pair = target === undefined ? undefined : this.pairs.get(pairKey(watcherId, target));
		if (pair === undefined) {
			this.#books.problem('strayDowns', () => `watcher ${watcherId} received ${String(down)}, of an actor it never watched`);
			return;
		}

		pair.downs++;
		pair.reason = down.exit.reason;
	}

	/**
	 * Downs: a watched actor's Down is received once if it was queued
	 * (at the actor's death, or at the watch if it was dead already) before
	 * the unwatch request was sent; never otherwise (an unwatch takes back a
	 * queued Down), and always with the reason the ledger expects.
	 */
	audit(): DownAudit {
		const books = this.#books;
		let expectedDowns = 0;
		let unwatched = 0;
		let wrong = 0;
		for (const pair of this.pairs.values()) {
			const target = books.record(pair.target);
			const queued = Math.max(target.deathClock, pair.watchClock);
			const expected = queued < pair.unwatchClock ? 1 : 0;
			expectedDowns += expected;
			if (pair.unwatchClock !== never) {
				unwatched++;
			}

			if (pair.downs !== expected || (expected === 1 && pair.reason !== expectedExit(target))) {
				wrong++;
				books.problem('wrongDowns', () => `watcher ${pair.watcher} received ${pair.downs} Downs (${pair.reason ?? ''}) of actor ${pair.target} (${target.kind}), expected ${expected} (${expectedExit(target)}): `
					+ `watched at ${pair.watchClock}, died at ${target.deathClock}, unwatch sent at ${pair.unwatchClock}`);
			}
		}

		return {pairs: this.pairs.size, expected: expectedDowns, unwatched, wrong};
	}

	/** Every watcher was stopped, once (by stopAll); gives how many were not. */
	exitAudit(): number {
		let wrong = 0;
		for (const [id, watcherRecord] of this.watchers) {
			if (watcherRecord.exit?.reason !== 'stopped' || watcherRecord.deaths !== 1) {
				wrong++;
				this.#books.problem('wrongExits', () => `watcher ${id} ended ${watcherRecord.exit?.reason ?? 'never'} (${watcherRecord.deaths} deaths)`);
			}
		}

		return wrong;
	}
}

function pairKey(watcherId: number, target: number): number {
	return (watcherId * 0x4_00_00_00) + target;
}
