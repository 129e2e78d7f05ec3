/**
 * The ledger of tells: each one sent, by whom to whom, at what clock, and
 * how often it was handled. Each is handled at most once, by its receiver,
 * in send order per (sender, receiver); the audit at the end says which had
 * to be handled (sent before a stop or final failure) and which must not.
 */
import {ActorDeadError} from 'pykka';
import type {Message} from './actors.js';
import {
	never,
	restarting,
	type Books,
	type Target,
} from './books.js';
import type {Act, Route} from './plan.js';

export type TellAudit = {
	must: number;
	lost: number;
	mustNot: number;
	handledAfterEnd: number;
	may: number;
	killed: number;
	whileRestarting: number;
	lostWhileRestarting: number;
};

export class Tells {
	// By tell index; plain arrays of small integers.
	readonly to: number[] = [];
	readonly clock: number[] = [];
	readonly handled: number[] = [];
	/** The tells sent while their actor waited to restart. */
	readonly whileRestarting = new Set<number>();
	readonly #books: Books;
	// Per (sender, receiver): tells sent, and the next sequence number expected.
	readonly #pairs = new Map<number, {sent: number; handled: number}>();

	constructor(books: Books) {
		this.#books = books;
	}

	/** A ledgered tell, from the driver (`from` 0) or an actor; gives false if the receiver was dead (the tell threw ActorDeadError). */
	tell(from: number, to: number, act: Act, route: Route): boolean {
		const books = this.#books;
		const key = (from * 0x20_00_00) + to;
		let pair = this.#pairs.get(key);
		if (pair === undefined) {
			pair = {sent: 0, handled: 0};
			this.#pairs.set(key, pair);
		}

		const message: Message = {clock: ++books.clock, from, tell: this.to.length, seq: pair.sent, ask: -1, act};
		books.sent++;
		const record = books.record(to);
		try {
			deliverTell(record.target, message, route);
		} catch (error) {
			if (error instanceof ActorDeadError) {
				books.stats.deadTells++;
				return false;
			}

			throw error;
		}

		if (restarting(record)) {
			books.stats.tellsWhileRestarting++;
			this.whileRestarting.add(this.to.length);
		}

		pair.sent++;
		books.stats.tells++;
		this.to.push(to);
		this.clock.push(message.clock);
		this.handled.push(0);
		return true;
	}

	/** An actor took a message: check its order and its tell's ledger. */
	enter(id: number, message: Message): void {
		const books = this.#books;
		const record = books.record(id);
		if (record.killClock !== never) {
			books.problem('handledAfterKill', () => `actor ${id} (${record.kind}) handled clock ${message.clock} after its kill at ${record.killClock}`);
		}

		if (message.clock <= record.lastClock) {
			books.problem('outOfOrder', () => `actor ${id} (${record.kind}) handled clock ${message.clock} after ${record.lastClock}`);
		}

		record.lastClock = message.clock;
		const {tell} = message;
		if (tell < 0) {
			return;
		}

		books.stats.tellsHandled++;
		const count = (this.handled[tell] ?? 0) + 1;
		this.handled[tell] = count;
		if (count > 1) {
			books.problem('duplicateTells', () => `tell #${tell} to actor ${id} handled ${count} times`);
		}

		if (this.to[tell] !== id) {
			books.problem('misdelivered', () => `tell #${tell} for actor ${String(this.to[tell])} handled by actor ${id}`);
		}

		const pair = this.#pairs.get((message.from * 0x20_00_00) + id);
		if (message.seq !== pair?.handled) {
			books.problem('sequenceBreaks', () => `actor ${id} handled tell seq ${message.seq} from ${message.from}, expected seq ${String(pair?.handled)}`);
		}

		if (pair !== undefined) {
			pair.handled = message.seq + 1;
		}
	}

	/**
	 * Tells: which were handled as they must be, which must not have been.
	 * A tell sent before its actor was asked to stop or ended must be handled
	 * once, also if the actor failed and restarted meanwhile (then by its next
	 * incarnation); unless the actor was killed, which drops what it had queued.
	 */
	audit(): TellAudit {
		const books = this.#books;
		let must = 0;
		let lost = 0;
		let mustNot = 0;
		let handledAfterEnd = 0;
		let may = 0;
		let killed = 0;
		let whileRestarting = 0;
		let lostWhileRestarting = 0;
		const count = this.to.length;
		for (let tell = 0; tell < count; tell++) {
			const to = this.to[tell]!;
			const clock = this.clock[tell]!;
			const handled = this.handled[tell]!;
			const record = books.record(to);
			if (clock > record.stopClock || clock > record.endClock) {
				mustNot++;
				if (handled !== 0) {
					handledAfterEnd++;
					books.example(() => `handledAfterEnd: tell #${tell} (clock ${clock}) to actor ${to} (${record.kind}, stop ${record.stopClock}, end ${record.end ?? ''} ${record.endClock})`);
				}
			} else if (record.killClock !== never) {
				// Sent before the kill (a tell after it throws): handled before it, or never.
				killed++;
			} else if (clock < books.stopAllClock) {
				must++;
				const restarting = this.whileRestarting.has(tell);
				if (restarting) {
					whileRestarting++;
				}

				if (handled !== 1) {
					lost++;
					if (restarting) {
						lostWhileRestarting++;
					}

					books.example(() => `lost: tell #${tell} (clock ${clock}) to actor ${to} (${record.kind}, stop ${record.stopClock}, end ${record.end ?? ''} ${record.endClock}, `
						+ `${record.failures} failures, ${record.incarnations} incarnations${restarting ? ', sent while it waited to restart' : ''}) handled ${handled} times`);
				}
			} else {
				may++;
			}
		}

		return {must, lost, mustNot, handledAfterEnd, may, killed, whileRestarting, lostWhileRestarting};
	}
}

function deliverTell(target: Target, message: Message, route: Route): void {
	if (!target.isClass) {
		target.ref.tell(message);
		return;
	}

	switch (route) {
		case 'ref': {
			target.ref.tell(message);
			break;
		}

		case 'plain': {
			target.proxy.handle.defer(message);
			break;
		}

		case 'async': {
			target.proxy.handleAsync.defer(message);
			break;
		}

		case 'generator': {
			target.proxy.handleGenerator.defer(message);
			break;
		}
	}
}
