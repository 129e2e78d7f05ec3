/**
 * The ledger of the driver's stop and kill requests: each one's future
 * settles exactly once (a kill with true if it ended a running actor, false
 * for a dead one), and a stop or kill ends an actor within the call only
 * while it waits to restart.
 */
import {TimeoutError, type Future} from 'pykka';
import {
	SettleWatch,
	never,
	restarting,
	type ActorRecord,
	type Books,
	type Settlements,
} from './books.js';

/** What a kill must give. */
const EITHER = 0;
/** It ends a running actor. */
const TRUE = 1;
/** Its actor was dead. */
const FALSE = 2;

export class Stops {
	pendingStops = 0;
	pendingKills = 0;
	// By stop or kill index: how often each settled.
	readonly stopSettled: number[] = [];
	readonly killSettled: number[] = [];
	/** What each kill must give: TRUE, FALSE or EITHER. */
	readonly killExpect: number[] = [];
	readonly #books: Books;
	readonly #stops: Settlements = {
		settled: (index, future) => {
			this.#stopSettledWith(index, future);
		},
	};

	readonly #kills: Settlements = {
		settled: (index, future) => {
			this.#killSettledWith(index, future);
		},
	};

	constructor(books: Books) {
		this.#books = books;
	}

	/** The driver stops actor `to`. */
	stop(to: number, timeout: number | undefined): void {
		const books = this.#books;
		const record = books.record(to);
		const clock = ++books.clock;
		if (record.stopClock === never) {
			record.stopClock = clock;
		}

		books.sent++;
		books.stats.stops++;
		const index = this.stopSettled.length;
		this.stopSettled.push(0);
		this.pendingStops++;
		const wasDead = record.deathClock !== never;
		const wasRestarting = restarting(record);
		const future = record.target.ref.stop(timeout === undefined ? undefined : {timeout});
		this.#endedAtOnce(record, wasDead, wasRestarting, 'stop');
		future.listen(new SettleWatch(this.#stops, index));
	}

	/** The driver kills actor `to`. */
	kill(to: number): void {
		const books = this.#books;
		const record = books.record(to);
		const clock = ++books.clock;
		books.sent++;
		books.stats.kills++;
		const dead = record.deathClock !== never;
		// A running actor that was neither asked to stop nor ended: this kill is the one that ends it.
		const mustEndIt = !dead && record.stopClock === never && record.end === undefined;
		if (!dead && record.killClock === never) {
			record.killClock = clock;
		}

		const index = this.killSettled.length;
		this.killSettled.push(0);
		this.killExpect.push(mustEndIt ? TRUE : (dead ? FALSE : EITHER));
		this.pendingKills++;
		const wasRestarting = restarting(record);
		const future = record.target.ref.kill();
		this.#endedAtOnce(record, dead, wasRestarting, 'kill');
		future.listen(new SettleWatch(this.#kills, index));
	}

	/**
	 * Whether a stop or kill ended the actor at once, within the call: that
	 * may happen only to one waiting to restart (it dies there and then, its
	 * queue dropped), never to one that runs.
	 */
	#endedAtOnce(record: ActorRecord, wasDead: boolean, wasRestarting: boolean, what: string): void {
		if (wasDead || record.deathClock === never) {
			return;
		}

		this.#books.stats.endedAtOnce++;
		if (!wasRestarting) {
			this.#books.problem('endedAtOnceUnexpectedly', () => `actor ${record.id} (${record.kind}) died within a ${what} call while not waiting to restart`);
		}
	}

	#stopSettledWith(index: number, future: Future<unknown>): void {
		const books = this.#books;
		const count = (this.stopSettled[index] ?? 0) + 1;
		this.stopSettled[index] = count;
		if (count > 1) {
			books.problem('stopDoubleSettled', () => `stop #${index} settled ${count} times`);
			return;
		}

		this.pendingStops--;
		if (future.rejected) {
			if (future.result instanceof TimeoutError) {
				books.stats.stopTimeouts++;
			} else {
				books.problem('unexpectedRejections', () => `stop #${index} rejected with ${String(future.result)}`);
			}
		} else if (future.result === true) {
			books.stats.stoppedTrue++;
		} else {
			books.stats.stoppedFalse++;
		}
	}

	#killSettledWith(index: number, future: Future<unknown>): void {
		const books = this.#books;
		const count = (this.killSettled[index] ?? 0) + 1;
		this.killSettled[index] = count;
		if (count > 1) {
			books.problem('killDoubleSettled', () => `kill #${index} settled ${count} times`);
			return;
		}

		this.pendingKills--;
		if (future.rejected) {
			books.problem('unexpectedRejections', () => `kill #${index} rejected with ${String(future.result)}`);
			return;
		}

		const killed = future.result === true;
		if (killed) {
			books.stats.killedTrue++;
		} else {
			books.stats.killedFalse++;
		}

		const expect = this.killExpect[index];
		if ((expect === TRUE && !killed) || (expect === FALSE && killed)) {
			books.problem('wrongKillResults', () => `kill #${index} gave ${String(future.result)}, expected ${expect === TRUE ? 'true (the actor ran)' : 'false (the actor was dead)'}`);
		}
	}
}
