/**
 * How each actor ends, as the ledger sees it: it stops itself, fails for
 * good, or dies (its `whenStopped()` settles) once, with the reason the
 * ledger expects (killed if it was killed, failed with a Boom if it failed
 * for good, else stopped).
 */
import type {Exit, Future} from 'pykka';
import {Boom} from './actors.js';
import {
	SettleWatch,
	expectedExit,
	never,
	restarting,
	type ActorRecord,
	type Books,
	type Settlements,
} from './books.js';
import type {Timers} from './timers.js';

export type ExitAudit = {wrong: number; reasons: Record<Exit['reason'], number>};

export class Lifecycle implements Settlements {
	readonly #books: Books;
	readonly #timers: Timers;

	constructor(books: Books, timers: Timers) {
		this.#books = books;
		this.#timers = timers;
	}

	/** Follows the actor's death, from its start. */
	watchDeath(record: ActorRecord): void {
		record.target.ref.whenStopped().listen(new SettleWatch(this, record.id));
	}

	/** Actor `id` died: its `whenStopped()` settled. */
	settled(id: number, future: Future<unknown>): void {
		const books = this.#books;
		const record = books.record(id);
		record.deaths++;
		if (record.deaths > 1) {
			books.problem('diedTwice', () => `actor ${id} (${record.kind}): whenStopped settled ${record.deaths} times`);
			return;
		}

		record.exit = future.result as Exit;
		if (restarting(record) && record.killClock === never) {
			// Stopped while waiting to restart: it died at once, and what it had queued since its failure was dropped.
			books.stats.diedWaitingToRestart++;
			record.endClock = Math.min(record.endClock, record.lastFailureClock);
		}

		record.deathClock = ++books.clock;
		this.#timers.end(record);
	}

	/** An actor stopped itself on the message in hand. */
	quit(id: number): void {
		this.#books.stats.quits++;
		this.ended(id, 'quit');
	}

	/**
	 * A class actor called `this.stop()`: like a stop request sent now, the
	 * messages sent before are handled first, and it may still fail on one.
	 */
	selfStopRequested(id: number): void {
		const books = this.#books;
		const record = books.record(id);
		books.stats.quits++;
		record.stopClock = Math.min(record.stopClock, ++books.clock);
	}

	stopHookFailed(): void {
		this.#books.stats.stopHookFailures++;
	}

	/** The actor ended on the message in hand: it stopped itself, or failed for good. */
	ended(id: number, end: 'failed' | 'quit'): void {
		const books = this.#books;
		const record = books.record(id);
		if (record.end !== undefined) {
			books.problem('endedTwice', () => `actor ${id} ended twice (${record.end ?? ''}, then ${end})`);
			return;
		}

		record.end = end;
		record.endClock = record.lastClock;
	}

	/** Every actor died once, as the ledger says; gives how many did not, with the count of each reason. */
	exitAudit(): ExitAudit {
		const books = this.#books;
		const reasons = {stopped: 0, failed: 0, killed: 0};
		let wrong = 0;
		for (const record of books.records) {
			if (record === undefined) {
				continue;
			}

			const {exit} = record;
			const expected = expectedExit(record);
			const right = exit?.reason === expected && (exit.reason !== 'failed' || exit.error instanceof Boom);
			if (exit !== undefined) {
				reasons[exit.reason]++;
			}

			if (!right) {
				wrong++;
				books.problem('wrongExits', () => `actor ${record.id} (${record.kind}${record.policy === undefined ? '' : `, limit ${record.policy.restarts}`}) ended ${exit === undefined ? 'never' : exit.reason}, `
					+ `the ledger expected ${expected} (${record.failures} failures, kill ${record.killClock}, stop ${record.stopClock}, end ${record.end ?? ''})`);
			}
		}

		return {wrong, reasons};
	}
}
