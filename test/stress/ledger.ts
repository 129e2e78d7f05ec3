/**
 * The ledger of a stress run: the harness through which the driver and the
 * actors (actors.ts) send everything, and which keeps account of every
 * message, for the checks of the engine (engine.ts) once everything is stopped.
 *
 * Every message carries the global clock at which it was sent. The runtime is
 * single-threaded, so an actor's mailbox holds its messages in clock order:
 * that is what lets the checks say exactly which tells an actor must have
 * handled (those sent before its stop request, or before the message it
 * failed for good on) and which it must not.
 *
 * The ledger also follows what the fault-tolerance features do, from what
 * the actors themselves report (synchronously, so the driver always sees a
 * state the runtime is in). Its parts, one concern each, write in the shared
 * books (books.ts):
 *
 * - tells.ts: each tell, its delivery, order and audit;
 * - asks.ts: each ask, its one settlement and its answer;
 * - stops.ts: the driver's stops and kills, and their futures;
 * - lifecycle.ts: how each actor ends (self-stops, final failures, deaths);
 * - supervision.ts: failures, restarts, their log lines and the restarted actor's identity;
 * - timers.ts: each keyed timer started, replaced, cancelled, fired or ended;
 * - watch.ts: each watch, unwatch and `Down`;
 * - acts.ts: what the actors do with a message's act;
 * - logs.ts: the logger that counts what the runtime logs.
 */
import {createSystem, type ActorSystem} from 'pykka';
import {worker, type Message} from './actors.js';
import {Acts} from './acts.js';
import {Asks} from './asks.js';
import {
	Books,
	never,
	type ActorRecord,
	type Target,
} from './books.js';
import {Lifecycle, type ExitAudit} from './lifecycle.js';
import {countingLogger} from './logs.js';
import {policies, type Kind, type Op, type SpawnPlan} from './plan.js';
import {Stops} from './stops.js';
import {Restarts} from './supervision.js';
import {Tells} from './tells.js';
import {Timers} from './timers.js';
import {Watches} from './watch.js';

/** The ledger and the senders: everything actors and the driver send goes through here. */
export class Harness {
	readonly books = new Books();
	readonly system: ActorSystem;
	readonly tells: Tells;
	readonly asks: Asks;
	readonly stops: Stops;
	readonly timers: Timers;
	readonly lifecycle: Lifecycle;
	readonly restarts: Restarts;
	readonly watches: Watches;
	readonly acts: Acts;

	constructor(budget: number) {
		const {books} = this;
		// The logger hands restart logs to `restarts`, made once the system is (no actor runs before).
		const logger = countingLogger(books.stats, (urn, delay, restartNumber, limit) => {
			this.restarts.logged(urn, delay, restartNumber, limit);
		});
		this.system = createSystem({logger, budget});
		this.tells = new Tells(books);
		this.asks = new Asks(books);
		this.stops = new Stops(books);
		this.timers = new Timers(books);
		this.lifecycle = new Lifecycle(books, this.timers);
		this.restarts = new Restarts(books, this.lifecycle, this.timers, this.system);
		this.watches = new Watches(books, this.system);
		this.acts = new Acts(books, this.tells, this.asks, this.timers, this.lifecycle);
	}

	// Operations of the driver.

	run(op: Op): void {
		switch (op.type) {
			case 'spawn': {
				this.spawn(op.actor);
				break;
			}

			case 'tell': {
				this.tells.tell(0, op.to, op.act, op.route);
				break;
			}

			case 'ask': {
				this.asks.ask(0, op.to, op.act, op.route, op.timeout);
				break;
			}

			case 'read': {
				this.asks.read(op.to);
				break;
			}

			case 'stop': {
				this.stops.stop(op.to, op.timeout);
				break;
			}

			case 'kill': {
				this.stops.kill(op.to);
				break;
			}

			case 'watch':
			case 'unwatch': {
				this.watches.request(op.type, op.watcher, op.to);
				break;
			}
		}
	}

	spawn(plan: SpawnPlan): void {
		const {system, books} = this;
		const startClock = ++books.clock;
		if (plan.kind === 'watcher') {
			this.watches.spawn(plan.id);
			return;
		}

		const policy = plan.policy < 0 ? undefined : policies[plan.policy]!;
		let target: Target;
		if (plan.kind === 'counter') {
			const ref = system.start(this.restarts.counterClass(plan.policy), this, plan.id, plan.failStart, plan.failStop);
			target = {isClass: true, ref, proxy: ref.proxy()};
			books.stats.classActors++;
		} else {
			target = {
				isClass: false,
				ref: system.spawn<Message, unknown, [Harness, number, Kind]>(worker, {name: plan.kind, args: [this, plan.id, plan.kind], supervise: this.restarts.supervision(plan.policy)}),
			};
			books.stats.spawned++;
		}

		const urn = policy === undefined ? undefined : target.ref.actorUrn;
		if (urn !== undefined) {
			this.restarts.supervised(urn, plan.id);
		}

		const record: ActorRecord = {
			id: plan.id,
			kind: plan.kind,
			target,
			policy,
			urn,
			startClock,
			stopClock: never,
			endClock: never,
			end: undefined,
			lastClock: startClock,
			failures: 0,
			lastFailureClock: startClock,
			// A class actor's first instance is constructed by `start`, before this record exists.
			incarnations: plan.kind === 'counter' ? 1 : 0,
			killClock: never,
			deathClock: never,
			exit: undefined,
			deaths: 0,
			timers: undefined,
		};
		books.records[plan.id] = record;
		this.lifecycle.watchDeath(record);
	}

	// The end.

	async stopAll(): Promise<boolean[]> {
		this.books.stopAllClock = ++this.books.clock;
		return this.system.stopAll();
	}

	/** Every actor and every watcher died once, as the ledger says; gives how many did not, with the count of each reason. */
	exitAudit(): ExitAudit {
		const {wrong, reasons} = this.lifecycle.exitAudit();
		return {wrong: wrong + this.watches.exitAudit(), reasons};
	}
}
