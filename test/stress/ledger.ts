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
 * state the runtime is in): each failure, and whether the actor's restart
 * policy lets it restart (the limit's window is longer than any run, so the
 * limit is a count); each incarnation that begins; each death, through
 * `whenStopped()`, with its reason; each keyed timer started, replaced,
 * cancelled, fired or ended; each kill; each watch, unwatch and `Down`.
 */
import {
	ActorDeadError,
	DeadlockError,
	TimeoutError,
	call,
	cancelTimer,
	createSystem,
	restart,
	sleep,
	startTimer,
	type ActorProxy,
	type ActorRef,
	type ActorSystem,
	type Down,
	type Exit,
	type Future,
	type Logger,
	type Operation,
	type Receives,
	type Supervision,
} from 'pykka';
import {
	Boom,
	Counter,
	Watcher,
	supervisedCounter,
	tickMessage,
	timerOptions,
	watcher,
	worker,
	type Message,
	type WatchRequest,
} from './actors.js';
import {
	policies,
	policyWindowMs,
	supports,
	type Act,
	type CallAct,
	type Kind,
	type Op,
	type Policy,
	type RelayAct,
	type Route,
	type SpawnPlan,
	type TickAct,
	type TimerAct,
} from './plan.js';

type SpawnedRef = ActorRef<Receives<Message, unknown>>;

type Target =
	| {readonly isClass: false; readonly ref: SpawnedRef}
	| {readonly isClass: true; readonly ref: ActorRef<Counter>; readonly proxy: ActorProxy<Counter>};

type ActorRecord = {
	readonly id: number;
	readonly kind: Kind;
	readonly target: Target;
	/** Its restart policy, if it is supervised. */
	readonly policy: Policy | undefined;
	/** Its URN, read at its start if it is supervised (to find it in restart logs). */
	readonly urn: string | undefined;
	readonly startClock: number;
	/** The clock of the first stop request the driver sent it. */
	stopClock: number;
	/**
	 * The clock of the message it failed on for good or stopped itself at (of
	 * its start if onStart failed); if it was stopped while waiting to
	 * restart, of the message it last failed on (what it had queued since was dropped).
	 */
	endClock: number;
	end: 'failed' | 'quit' | undefined;
	/** The clock of the last message it handled. */
	lastClock: number;
	/** Failures so far, restarted from or not (a failing onStart included). */
	failures: number;
	/** The clock of the message of its last failure it restarted from. */
	lastFailureClock: number;
	/**
	 * Incarnations begun: a class actor's begins when its instance is
	 * constructed (a restart constructs it), a spawned one's when its
	 * behaviour's body first runs.
	 */
	incarnations: number;
	/** The clock of a kill sent while it was not dead. */
	killClock: number;
	/** The clock at which its `whenStopped()` settled. */
	deathClock: number;
	exit: Exit | undefined;
	deaths: number;
	/** Its keyed timers that are running, by key: their index in the timer ledger. */
	timers: Map<number, number> | undefined;
};

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

/** What each ask is expected to answer. */
const ANY = 0;
/** Its own index; or TimeoutError (with a timeout), or ActorDeadError (its actor ended). */
const ITS_ID = 1;
const ITS_ID_OR_UNDEFINED = 2;
const A_NUMBER = 3;
/** Rejected with Boom, or ActorDeadError (its actor ended). */
const BOOM = 4;

/** States of a keyed timer in the ledger. */
const RUNNING = 0;
const CANCELLED = 1;
const REPLACED = 2;
/** Ended with its actor's incarnation (a failure) or its actor. */
const ENDED = 3;
/** A one-shot timer whose message was handled. */
const DONE = 4;
const timerStates = ['running', 'cancelled', 'replaced', 'ended', 'done'];

/** A repeating timer is cancelled by its actor after this many ticks. */
const TICKS_PER_REPEATING_TIMER = 3;

/** Restart identity checks that also look the actor up in the registry (a scan of it). */
const REGISTRY_CHECK_EVERY = 8;

const never = Number.POSITIVE_INFINITY;

/** The ledger and the senders: everything actors and the driver send goes through here. */
export class Harness {
	readonly system: ActorSystem;
	clock = 0;
	sent = 0;
	stopAllClock = Number.POSITIVE_INFINITY;
	readonly records: ActorRecord[] = [];
	readonly stats = {
		spawned: 0,
		classActors: 0,
		supervised: 0,
		watchers: 0,
		tells: 0,
		deadTells: 0,
		tellsHandled: 0,
		asks: 0,
		proxyCalls: 0,
		fieldReads: 0,
		fulfilled: 0,
		rejectedBoom: 0,
		rejectedDead: 0,
		rejectedTimeout: 0,
		rejectedDeadlock: 0,
		stops: 0,
		stoppedTrue: 0,
		stoppedFalse: 0,
		stopTimeouts: 0,
		deadlocksDetected: 0,
		failures: 0,
		startFailures: 0,
		restarts: 0,
		finalFailures: 0,
		supervisedFinalFailures: 0,
		identityChecks: 0,
		registryChecks: 0,
		tellsWhileRestarting: 0,
		asksWhileRestarting: 0,
		answeredAfterRestart: 0,
		diedWaitingToRestart: 0,
		endedAtOnce: 0,
		kills: 0,
		killedTrue: 0,
		killedFalse: 0,
		watches: 0,
		unwatches: 0,
		downs: 0,
		timersStarted: 0,
		repeatingTimers: 0,
		timersReplaced: 0,
		timersCancelled: 0,
		timersEnded: 0,
		ticks: 0,
		stopHookFailures: 0,
		quits: 0,
		receiveTimeouts: 0,
		sleeps: 0,
		relays: 0,
		callEffects: 0,
		callsResumed: 0,
		callsInterrupted: 0,
		loggedFailures: 0,
		loggedRestarts: 0,
		loggedStopHookErrors: 0,
		loggedOther: 0,
		warnings: 0,
		lateHandlerErrors: 0,
	};

	readonly problems = {
		askDoubleSettled: 0,
		stopDoubleSettled: 0,
		wrongAnswers: 0,
		unexpectedRejections: 0,
		duplicateTells: 0,
		misdelivered: 0,
		outOfOrder: 0,
		sequenceBreaks: 0,
		endedTwice: 0,
		wrongRejections: 0,
		deadTooSoon: 0,
		killDoubleSettled: 0,
		wrongKillResults: 0,
		handledAfterKill: 0,
		wrongRestarts: 0,
		identityLost: 0,
		badRestartLogs: 0,
		endedAtOnceUnexpectedly: 0,
		diedTwice: 0,
		wrongExits: 0,
		wrongDowns: 0,
		strayDowns: 0,
		staleTicks: 0,
		foreignTicks: 0,
		cancelMismatches: 0,
	};

	/** The first few problems, described, for the report. */
	readonly examples: string[] = [];

	pendingAsks = 0;
	pendingStops = 0;
	pendingKills = 0;
	// The ledger of tells, by tell index; plain arrays of small integers.
	readonly tellTo: number[] = [];
	readonly tellClock: number[] = [];
	readonly tellHandled: number[] = [];
	/** The tells sent while their actor waited to restart. */
	readonly tellsWhileRestarting = new Set<number>();
	// The ledger of tracked asks, stops and kills, by index: how often each settled.
	readonly askSettled: number[] = [];
	readonly askExpect: number[] = [];
	/** The actor asked, negated if the ask had a timeout. */
	readonly askTo: number[] = [];
	/** The asks sent while their actor waited to restart. */
	readonly asksWhileRestarting = new Set<number>();
	readonly stopSettled: number[] = [];
	readonly killSettled: number[] = [];
	/** 1: the kill must give true; 2: false; 0: either. */
	readonly killExpect: number[] = [];
	// The ledger of keyed timers, by timer index.
	readonly timerActor: number[] = [];
	readonly timerEvery: boolean[] = [];
	readonly timerState: number[] = [];
	readonly timerFired: number[] = [];
	readonly watchers = new Map<number, WatcherRecord>();
	readonly watchPairs = new Map<number, WatchPair>();
	/** The ids of watched actors, by ref (to read a `Down`). */
	readonly #watchedIds = new Map<unknown, number>();
	/** The ids of supervised actors, by URN (to read a restart log). */
	readonly #urns = new Map<string, number>();
	readonly #supervisions: readonly Supervision[];
	readonly #counterClasses: ReadonlyArray<typeof Counter>;
	// Per (sender, receiver): tells sent, and the next sequence number expected.
	readonly #pairs = new Map<number, {sent: number; handled: number}>();
	#lowWater = 0;
	#drained: (() => void) | undefined = undefined;

	constructor(budget: number) {
		const {stats} = this;
		const logger: Logger = {
			error: message => {
				const restarting = restartLog.exec(message);
				if (restarting !== null) {
					this.restartLogged(restarting[1]!, Number(restarting[2]), Number(restarting[3]), Number(restarting[4]));
				} else if (message.endsWith(' failed:')) {
					stats.loggedFailures++;
				} else if (message.endsWith(' failed in onStop:')) {
					stats.loggedStopHookErrors++;
				} else {
					stats.loggedOther++;
				}
			},
			warn(message) {
				// A handler that threw after its ask had timed out: the actor lives on, and the error is logged as a warning.
				if (message.includes(' after its ask was settled; no caller will see this error:\n')) {
					stats.lateHandlerErrors++;
				} else {
					stats.warnings++;
				}
			},
			debug() {},
			debugEnabled: () => false,
		};
		this.system = createSystem({logger, budget});
		this.#supervisions = policies.map(policy => restart({
			limit: {restarts: policy.restarts, withinMs: policyWindowMs},
			backoff: {minMs: policy.minMs, maxMs: policy.maxMs, jitter: policy.jitter},
		}));
		this.#counterClasses = this.#supervisions.map(supervision => supervisedCounter(supervision));
	}

	problem(kind: keyof Harness['problems'], description: () => string): void {
		this.problems[kind]++;
		if (this.examples.length < 10) {
			this.examples.push(`${kind}: ${description()}`);
		}
	}

	record(id: number): ActorRecord {
		const record = this.records[id];
		if (record === undefined) {
			throw new Error(`No actor ${id}`);
		}

		return record;
	}

	// Operations of the driver.

	run(op: Op): void {
		switch (op.type) {
			case 'spawn': {
				this.spawn(op.actor);
				break;
			}

			case 'tell': {
				this.tell(0, op.to, op.act, op.route);
				break;
			}

			case 'ask': {
				this.ask(0, op.to, op.act, op.route, op.timeout);
				break;
			}

			case 'read': {
				const {target} = this.record(op.to);
				if (target.isClass) {
					this.clock++;
					this.sent++;
					this.stats.fieldReads++;
					this.#track(target.proxy.total, A_NUMBER, op.to, false);
				}

				break;
			}

			case 'stop': {
				const record = this.record(op.to);
				const clock = ++this.clock;
				if (record.stopClock === never) {
					record.stopClock = clock;
				}

				this.sent++;
				this.stats.stops++;
				const index = this.stopSettled.length;
				this.stopSettled.push(0);
				this.pendingStops++;
				const wasDead = record.deathClock !== never;
				const restarting = this.restarting(record);
				const future = record.target.ref.stop(op.timeout === undefined ? undefined : {timeout: op.timeout});
				this.#endedAtOnce(record, wasDead, restarting, 'stop');
				future.listen(new SettleWatch(this, 'stop', index));
				break;
			}

			case 'kill': {
				const record = this.record(op.to);
				const clock = ++this.clock;
				this.sent++;
				this.stats.kills++;
				const dead = record.deathClock !== never;
				// A running actor that was neither asked to stop nor ended: this kill is the one that ends it.
				const mustEndIt = !dead && record.stopClock === never && record.end === undefined;
				if (!dead && record.killClock === never) {
					record.killClock = clock;
				}

				const index = this.killSettled.length;
				this.killSettled.push(0);
				this.killExpect.push(mustEndIt ? 1 : (dead ? 2 : 0));
				this.pendingKills++;
				const restarting = this.restarting(record);
				const future = record.target.ref.kill();
				this.#endedAtOnce(record, dead, restarting, 'kill');
				future.listen(new SettleWatch(this, 'kill', index));
				break;
			}

			case 'watch':
			case 'unwatch': {
				const clock = ++this.clock;
				this.sent++;
				const key = pairKey(op.watcher, op.to);
				if (op.type === 'watch') {
					this.stats.watches++;
					this.#watchedIds.set(this.record(op.to).target.ref, op.to);
					this.watchPairs.set(key, {watcher: op.watcher, target: op.to, watchClock: never, unwatchClock: never, downs: 0, reason: undefined});
				} else {
					this.stats.unwatches++;
					this.watchPairs.get(key)!.unwatchClock = clock;
				}

				this.watchers.get(op.watcher)!.tell({type: op.type, target: op.to});
				break;
			}
		}
	}

	/**
	 * Whether a stop or kill ended the actor at once, within the call: that
	 * may happen only to one waiting to restart (it dies there and then, its
	 * queue dropped), never to one that runs.
	 */
	#endedAtOnce(record: ActorRecord, wasDead: boolean, restarting: boolean, what: string): void {
		if (wasDead || record.deathClock === never) {
			return;
		}

		this.stats.endedAtOnce++;
		if (!restarting) {
			this.problem('endedAtOnceUnexpectedly', () => `actor ${record.id} (${record.kind}) died within a ${what} call while not waiting to restart`);
		}
	}

	spawn(plan: SpawnPlan): void {
		const {system} = this;
		const startClock = ++this.clock;
		if (plan.kind === 'watcher') {
			this.#spawnWatcher(plan.id);
			return;
		}

		const policy = plan.policy < 0 ? undefined : policies[plan.policy]!;
		let target: Target;
		if (plan.kind === 'counter') {
			const actorClass = plan.policy < 0 ? Counter : this.#counterClasses[plan.policy]!;
			const ref = system.start(actorClass, this, plan.id, plan.failStart, plan.failStop);
			target = {isClass: true, ref, proxy: ref.proxy()};
			this.stats.classActors++;
		} else {
			target = {
				isClass: false,
				ref: system.spawn<Message, unknown, [Harness, number, Kind]>(worker, {name: plan.kind, args: [this, plan.id, plan.kind], supervise: plan.policy < 0 ? undefined : this.#supervisions[plan.policy]}),
			};
			this.stats.spawned++;
		}

		const urn = policy === undefined ? undefined : target.ref.actorUrn;
		if (urn !== undefined) {
			this.stats.supervised++;
			this.#urns.set(urn, plan.id);
		}

		this.records[plan.id] = {
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
		target.ref.whenStopped().listen(new SettleWatch(this, 'death', plan.id));
	}

	#spawnWatcher(id: number): void {
		const {system} = this;
		this.stats.watchers++;
		let ref: ActorRef<unknown>;
		let tell: (request: WatchRequest) => void;
		if (id % 2 === 0) {
			const spawned = system.spawn<WatchRequest, unknown, [Harness, number]>(watcher, {name: 'watcher', args: [this, id]});
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
		ref.whenStopped().listen(new SettleWatch(this, 'watcherDeath', id));
	}

	/** Whether the actor failed and waits to restart (its next incarnation has not begun). */
	restarting(record: ActorRecord): boolean {
		return record.end === undefined && record.failures > 0 && record.failures >= record.incarnations && record.deathClock === never;
	}

	// Sending, from the driver (`from` 0) or from an actor.

	/** A ledgered tell; gives false if the receiver was dead (the tell threw ActorDeadError). */
	tell(from: number, to: number, act: Act, route: Route): boolean {
		const key = (from * 0x20_00_00) + to;
		let pair = this.#pairs.get(key);
		if (pair === undefined) {
			pair = {sent: 0, handled: 0};
			this.#pairs.set(key, pair);
		}

		const message: Message = {clock: ++this.clock, from, tell: this.tellTo.length, seq: pair.sent, ask: -1, act};
		this.sent++;
		const record = this.record(to);
		try {
			deliverTell(record.target, message, route);
		} catch (error) {
			if (error instanceof ActorDeadError) {
				this.stats.deadTells++;
				return false;
			}

			throw error;
		}

		if (this.restarting(record)) {
			this.stats.tellsWhileRestarting++;
			this.tellsWhileRestarting.add(this.tellTo.length);
		}

		pair.sent++;
		this.stats.tells++;
		this.tellTo.push(to);
		this.tellClock.push(message.clock);
		this.tellHandled.push(0);
		return true;
	}

	/** A tracked ask. */
	ask(from: number, to: number, act: Act, route: Route, timeout: number | undefined): Future<unknown> {
		const index = this.askSettled.length;
		const message: Message = {clock: ++this.clock, from, tell: -1, seq: -1, ask: index, act};
		this.sent++;
		const record = this.record(to);
		const {target} = record;
		let future: Future<unknown>;
		if (target.isClass && route !== 'ref') {
			this.stats.proxyCalls++;
			future = proxyCall(target.proxy, route, message);
		} else {
			this.stats.asks++;
			future = target.ref.ask(message, timeout === undefined ? undefined : {timeout});
		}

		if (this.restarting(record)) {
			this.stats.asksWhileRestarting++;
			this.asksWhileRestarting.add(index);
		}

		const expect = act.type === 'echo' || act.type === 'forward' || act.type === 'startTimer' || act.type === 'cancelTimer'
			? ITS_ID
			: (act.type === 'sleep' ? ITS_ID_OR_UNDEFINED : (act.type === 'fail' || act.type === 'failReply' ? BOOM : ANY));
		this.#track(future, expect, to, timeout !== undefined);
		return future;
	}

	/** An untracked message for the `call` effect, which makes its own future. */
	callMessage(from: number, act: Act): Message {
		this.sent++;
		this.stats.callEffects++;
		return {clock: ++this.clock, from, tell: -1, seq: -1, ask: -1, act};
	}

	#track(future: Future<unknown>, expect: number, to: number, timed: boolean): void {
		const index = this.askSettled.length;
		this.askSettled.push(0);
		this.askExpect.push(expect);
		this.askTo.push(timed ? -to : to);
		this.pendingAsks++;
		// `listen`, not `then`: a Promise would swallow a second settlement,
		// a listener is told of every one.
		future.listen(new SettleWatch(this, 'ask', index));
	}

	// Settlements.

	askSettledWith(index: number, future: Future<unknown>): void {
		const count = (this.askSettled[index] ?? 0) + 1;
		this.askSettled[index] = count;
		if (count > 1) {
			this.problem('askDoubleSettled', () => `ask #${index} settled ${count} times`);
			return;
		}

		this.pendingAsks--;
		const {result} = future;
		const expect = this.askExpect[index];
		const askTo = this.askTo[index]!;
		const to = Math.abs(askTo);
		if (future.rejected) {
			if (result instanceof Boom) {
				this.stats.rejectedBoom++;
			} else if (result instanceof ActorDeadError) {
				this.stats.rejectedDead++;
			} else if (result instanceof TimeoutError) {
				this.stats.rejectedTimeout++;
			} else if (result instanceof DeadlockError) {
				this.stats.rejectedDeadlock++;
			} else {
				this.problem('unexpectedRejections', () => `ask #${index} rejected with ${String(result)}`);
				return;
			}

			if (expect === ANY) {
				return;
			}

			// Only an actor that ended may leave an ask unanswered: never one that restarts.
			if (result instanceof ActorDeadError) {
				if (!this.over(this.record(to))) {
					this.problem('deadTooSoon', () => `ask #${index} to actor ${to} (${this.record(to).kind}) rejected with ActorDeadError while it had not ended${this.asksWhileRestarting.has(index) ? ' (sent while it waited to restart)' : ''}`);
				}
			} else if (!(result instanceof TimeoutError ? askTo < 0 : result instanceof Boom && expect === BOOM)) {
				this.problem('wrongRejections', () => `ask #${index} to actor ${to} (${this.record(to).kind}) rejected with ${String(result)}`);
			}
		} else {
			this.stats.fulfilled++;
			if (this.asksWhileRestarting.has(index)) {
				this.stats.answeredAfterRestart++;
			}

			const right = expect === ITS_ID
				? result === index
				: expect === ITS_ID_OR_UNDEFINED
					? result === index || result === undefined
					: expect === A_NUMBER
						? typeof result === 'number'
						: expect !== BOOM;
			if (!right) {
				this.problem('wrongAnswers', () => `ask #${index} to actor ${to} answered ${String(result)}`);
			}
		}

		if (this.#drained !== undefined && this.pendingAsks <= this.#lowWater) {
			const drained = this.#drained;
			this.#drained = undefined;
			drained();
		}
	}

	/** Whether the actor ended, or was asked to (a stop, a kill, stopAll, a final failure, a self-stop). */
	over(record: ActorRecord): boolean {
		return record.stopClock !== never || record.killClock !== never || record.end !== undefined || record.deathClock !== never || this.stopAllClock !== never;
	}

	stopSettledWith(index: number, future: Future<unknown>): void {
		const count = (this.stopSettled[index] ?? 0) + 1;
		this.stopSettled[index] = count;
		if (count > 1) {
			this.problem('stopDoubleSettled', () => `stop #${index} settled ${count} times`);
			return;
		}

		this.pendingStops--;
		if (future.rejected) {
			if (future.result instanceof TimeoutError) {
				this.stats.stopTimeouts++;
			} else {
				this.problem('unexpectedRejections', () => `stop #${index} rejected with ${String(future.result)}`);
			}
		} else if (future.result === true) {
			this.stats.stoppedTrue++;
		} else {
			this.stats.stoppedFalse++;
		}
	}

	killSettledWith(index: number, future: Future<unknown>): void {
		const count = (this.killSettled[index] ?? 0) + 1;
		this.killSettled[index] = count;
		if (count > 1) {
			this.problem('killDoubleSettled', () => `kill #${index} settled ${count} times`);
			return;
		}

		this.pendingKills--;
		if (future.rejected) {
			this.problem('unexpectedRejections', () => `kill #${index} rejected with ${String(future.result)}`);
			return;
		}

		const killed = future.result === true;
		if (killed) {
			this.stats.killedTrue++;
		} else {
			this.stats.killedFalse++;
		}

		const expect = this.killExpect[index];
		if ((expect === 1 && !killed) || (expect === 2 && killed)) {
			this.problem('wrongKillResults', () => `kill #${index} gave ${String(future.result)}, expected ${expect === 1 ? 'true (the actor ran)' : 'false (the actor was dead)'}`);
		}
	}

	/** The actor died: its `whenStopped()` settled. */
	died(id: number, future: Future<unknown>): void {
		const record = this.record(id);
		record.deaths++;
		if (record.deaths > 1) {
			this.problem('diedTwice', () => `actor ${id} (${record.kind}): whenStopped settled ${record.deaths} times`);
			return;
		}

		record.exit = future.result as Exit;
		if (this.restarting(record) && record.killClock === never) {
			// Stopped while waiting to restart: it died at once, and what it had queued since its failure was dropped.
			this.stats.diedWaitingToRestart++;
			record.endClock = Math.min(record.endClock, record.lastFailureClock);
		}

		record.deathClock = ++this.clock;
		this.#endTimers(record);
	}

	watcherDied(id: number, future: Future<unknown>): void {
		const watcher = this.watchers.get(id)!;
		watcher.deaths++;
		watcher.exit = future.result as Exit;
	}

	/** Resolves once no more than `lowWater` tracked asks are pending. */
	async drained(lowWater: number): Promise<void> {
		if (this.pendingAsks <= lowWater) {
			return;
		}

		this.#lowWater = lowWater;
		await new Promise<void>(resolve => {
			this.#drained = resolve;
		});
	}

	// What actors report.

	/** An actor took a message: check its order and its tell's ledger. */
	enter(id: number, message: Message): void {
		const record = this.record(id);
		if (record.killClock !== never) {
			this.problem('handledAfterKill', () => `actor ${id} (${record.kind}) handled clock ${message.clock} after its kill at ${record.killClock}`);
		}

		if (message.clock <= record.lastClock) {
			this.problem('outOfOrder', () => `actor ${id} (${record.kind}) handled clock ${message.clock} after ${record.lastClock}`);
		}

		record.lastClock = message.clock;
		const {tell} = message;
		if (tell < 0) {
			return;
		}

		this.stats.tellsHandled++;
		const count = (this.tellHandled[tell] ?? 0) + 1;
		this.tellHandled[tell] = count;
		if (count > 1) {
			this.problem('duplicateTells', () => `tell #${tell} to actor ${id} handled ${count} times`);
		}

		if (this.tellTo[tell] !== id) {
			this.problem('misdelivered', () => `tell #${tell} for actor ${String(this.tellTo[tell])} handled by actor ${id}`);
		}

		const pair = this.#pairs.get((message.from * 0x20_00_00) + id);
		if (message.seq !== pair?.handled) {
			this.problem('sequenceBreaks', () => `actor ${id} handled tell seq ${message.seq} from ${message.from}, expected seq ${String(pair?.handled)}`);
		}

		if (pair !== undefined) {
			pair.handled = message.seq + 1;
		}
	}

	/**
	 * An actor failed (threw from a tell's handler, a spawned behaviour threw,
	 * or onStart threw) on the message in hand. It restarts if its policy
	 * allows one more restart; else it has failed for good.
	 */
	failed(id: number, inStart = false): void {
		const record = this.record(id);
		this.stats.failures++;
		if (inStart) {
			this.stats.startFailures++;
		}

		record.failures++;
		// Its timers end with the incarnation that failed.
		this.#endTimers(record);
		const {policy} = record;
		if (policy !== undefined && record.failures <= policy.restarts) {
			this.stats.restarts++;
			record.lastFailureClock = record.lastClock;
			return;
		}

		this.stats.finalFailures++;
		if (policy !== undefined) {
			this.stats.supervisedFinalFailures++;
		}

		this.#ended(id, 'failed');
	}

	/**
	 * The runtime logged a restart: it must be of the failure just reported,
	 * numbered as the ledger counts, with a backoff delay as the policy says.
	 */
	restartLogged(urn: string, delay: number, restartNumber: number, limit: number): void {
		this.stats.loggedRestarts++;
		const id = this.#urns.get(urn);
		const record = id === undefined ? undefined : this.record(id);
		const policy = record?.policy;
		if (record === undefined || policy === undefined) {
			this.problem('badRestartLogs', () => `a restart was logged for ${urn}, which is no supervised actor of the run`);
			return;
		}

		const base = Math.min(policy.maxMs, policy.minMs * (2 ** (restartNumber - 1)));
		const right = restartNumber === record.failures && limit === policy.restarts && record.failures <= policy.restarts
			&& delay >= Math.round(base) && delay <= Math.round(base * (1 + policy.jitter));
		if (!right) {
			this.problem('badRestartLogs', () => `actor ${record.id} logged restart ${restartNumber} of ${limit} in ${delay} ms; the ledger has ${record.failures} failures, a limit of ${policy.restarts}, a delay of ${base} ms (jitter ${policy.jitter})`);
		}
	}

	/**
	 * An incarnation of a spawned actor began (its behaviour's body ran).
	 * Gives whether it is a restart.
	 */
	began(id: number): boolean {
		const record = this.record(id);
		record.incarnations++;
		return this.#incarnation(record);
	}

	/**
	 * A class actor's instance was constructed; gives whether it is a restart.
	 * The first is constructed by `start`, before its record exists.
	 */
	constructed(id: number): boolean {
		const record = this.records[id];
		if (record === undefined) {
			return false;
		}

		record.incarnations++;
		return this.#incarnation(record);
	}

	/** Each restart follows exactly one failure, within the policy's limit, and never a kill. */
	#incarnation(record: ActorRecord): boolean {
		if (record.incarnations === 1) {
			return false;
		}

		const restarts = record.incarnations - 1;
		if (record.policy === undefined || restarts !== record.failures || restarts > record.policy.restarts || record.killClock !== never || record.deathClock !== never) {
			this.problem('wrongRestarts', () => `actor ${record.id} (${record.kind}) began incarnation ${record.incarnations} after ${record.failures} failures (limit ${String(record.policy?.restarts)}, kill ${record.killClock}, death ${record.deathClock})`);
		}

		return true;
	}

	/** A restarted actor looks at itself: the same ref, URN, registry entry (and proxy) as before. */
	checkIdentity(id: number, ref: ActorRef<unknown>, urn: string, proxy: unknown): void {
		const record = this.record(id);
		const {stats} = this;
		stats.identityChecks++;
		let same = ref === record.target.ref && urn === record.urn && (!record.target.isClass || proxy === record.target.proxy);
		if (same && stats.identityChecks % REGISTRY_CHECK_EVERY === 1) {
			stats.registryChecks++;
			same = this.system.registry.getByUrn(urn) === ref;
		}

		if (!same) {
			this.problem('identityLost', () => `actor ${id} (${record.kind}) restarted as ${String(ref)}, was ${String(record.target.ref)} (${String(record.urn)})`);
		}
	}

	/** An actor stopped itself on the message in hand. */
	quit(id: number): void {
		this.stats.quits++;
		this.#ended(id, 'quit');
	}

	/**
	 * A class actor called `this.stop()`: like a stop request sent now, the
	 * messages sent before are handled first, and it may still fail on one.
	 */
	selfStopRequested(id: number): void {
		const record = this.record(id);
		this.stats.quits++;
		record.stopClock = Math.min(record.stopClock, ++this.clock);
	}

	stopHookFailed(): void {
		this.stats.stopHookFailures++;
	}

	deadlockDetected(): void {
		this.stats.deadlocksDetected++;
	}

	receiveTimedOut(): void {
		this.stats.receiveTimeouts++;
	}

	#ended(id: number, end: 'failed' | 'quit'): void {
		const record = this.record(id);
		if (record.end !== undefined) {
			this.problem('endedTwice', () => `actor ${id} ended twice (${record.end ?? ''}, then ${end})`);
			return;
		}

		record.end = end;
		record.endClock = record.lastClock;
	}

	// Keyed timers, as the actors start, cancel and receive them.

	/**
	 * An actor starts the timer `act.key` (replacing the one under that key):
	 * gives the new timer's index, or `undefined` if the actor was killed or
	 * is dead (an async handler that goes on after a kill), where the runtime
	 * starts no timer.
	 */
	timerStarting(id: number, act: TimerAct): number | undefined {
		const record = this.record(id);
		if (record.killClock !== never || record.deathClock !== never) {
			return undefined;
		}

		const {stats} = this;
		record.timers ??= new Map();
		const previous = record.timers.get(act.key);
		if (previous !== undefined) {
			stats.timersReplaced++;
			this.timerState[previous] = REPLACED;
		}

		const index = this.timerActor.length;
		this.timerActor.push(id);
		this.timerEvery.push(act.every);
		this.timerState.push(RUNNING);
		this.timerFired.push(0);
		record.timers.set(act.key, index);
		stats.timersStarted++;
		if (act.every) {
			stats.repeatingTimers++;
		}

		return index;
	}

	/** An actor cancelled the timer `key`; `had` is what the runtime said: whether there was one. */
	timerCancelled(id: number, key: number, had: boolean): void {
		const record = this.record(id);
		if (record.killClock !== never || record.deathClock !== never) {
			return;
		}

		const index = record.timers?.get(key);
		if ((index !== undefined) !== had) {
			this.problem('cancelMismatches', () => `actor ${id} cancelled timer key ${key}: the runtime said ${had}, the ledger has ${index === undefined ? 'none' : `timer #${index}`}`);
		}

		if (index !== undefined) {
			this.stats.timersCancelled++;
			this.timerState[index] = CANCELLED;
			record.timers!.delete(key);
		}
	}

	/**
	 * An actor handled a timer's message: the timer must be its own and still
	 * running. Gives whether the actor is now to cancel it (a repeating timer
	 * that ticked enough).
	 */
	tick(id: number, act: TickAct): boolean {
		const record = this.record(id);
		const {timer} = act;
		this.stats.ticks++;
		if (this.timerActor[timer] !== id) {
			this.problem('foreignTicks', () => `actor ${id} handled the message of timer #${timer} of actor ${String(this.timerActor[timer])}`);
			return false;
		}

		if (record.killClock !== never) {
			this.problem('handledAfterKill', () => `actor ${id} (${record.kind}) handled the message of timer #${timer} after its kill`);
		}

		const state = this.timerState[timer]!;
		if (state !== RUNNING) {
			this.problem('staleTicks', () => `actor ${id} (${record.kind}) handled the message of timer #${timer}, which was ${timerStates[state]!}`);
			return false;
		}

		const fired = ++this.timerFired[timer]!;
		if (!this.timerEvery[timer]) {
			this.timerState[timer] = DONE;
			record.timers!.delete(act.key);
			return false;
		}

		return fired >= TICKS_PER_REPEATING_TIMER;
	}

	/** The actor's incarnation ended (a failure) or the actor did: its running timers end. */
	#endTimers(record: ActorRecord): void {
		const {timers} = record;
		if (timers === undefined) {
			return;
		}

		record.timers = undefined;
		for (const index of timers.values()) {
			this.timerState[index] = ENDED;
			this.stats.timersEnded++;
		}
	}

	// Death watch, as the watchers carry it out.

	/** A watcher carries out a watch or an unwatch request: gives the ref to (un)watch. */
	watcherRequest(watcher: number, request: WatchRequest): ActorRef<unknown> {
		const pair = this.watchPairs.get(pairKey(watcher, request.target))!;
		if (request.type === 'watch') {
			// The watch effect runs right after this: a Down of an actor already dead is queued then.
			pair.watchClock = ++this.clock;
		}

		return this.record(request.target).target.ref;
	}

	/** A watcher received a Down. */
	down(watcher: number, down: Down): void {
		this.stats.downs++;
		const target = this.#watchedIds.get(down.ref);
		const pair = target === undefined ? undefined : this.watchPairs.get(pairKey(watcher, target));
		if (pair === undefined) {
			this.problem('strayDowns', () => `watcher ${watcher} received ${String(down)}, of an actor it never watched`);
			return;
		}

		pair.downs++;
		pair.reason = down.exit.reason;
	}

	// What actors do.

	/** Carries out the acts that need no waiting; gives the answer. */
	performNow(id: number, message: Message, counter: Counter | undefined): unknown {
		const {act} = message;
		switch (act.type) {
			case 'fail':
			case 'failReply': {
				throw new Boom(`actor ${id} fails on clock ${message.clock}`);
			}

			case 'quit': {
				if (counter === undefined) {
					this.quit(id);
				} else {
					// A class actor's `this.stop()` queues a stop behind the messages already sent, as Pykka's does.
					counter.stop();
					this.selfStopRequested(id);
				}

				return message.ask;
			}

			case 'forward': {
				const [hop, ...rest] = act.hops;
				if (hop !== undefined) {
					this.tell(id, hop.to, rest.length > 0 ? {type: 'forward', hops: rest} : {type: 'echo'}, hop.route);
				}

				return message.ask;
			}

			// Spawned actors carry out timer acts with effects, in `perform`.
			case 'startTimer': {
				const timer = counter === undefined ? undefined : this.timerStarting(id, act);
				if (timer !== undefined) {
					counter!.timers.start(act.key, tickMessage(act.key, timer), timerOptions(act));
				}

				return message.ask;
			}

			case 'cancelTimer': {
				if (counter !== undefined) {
					this.timerCancelled(id, act.key, counter.timers.cancel(act.key));
				}

				return message.ask;
			}

			default: {
				return message.ask;
			}
		}
	}

	/**
	 * Carries out an act inside an actor, waiting as it needs: the answer, or
	 * the error of a call that failed (counted, then thrown on).
	 */
	* perform(id: number, message: Message, counter: Counter | undefined): Operation<unknown> {
		const {act} = message;
		const {kind} = this.record(id);
		if (!supports(kind, act.type)) {
			return message.ask;
		}

		switch (act.type) {
			case 'sleep': {
				this.stats.sleeps++;
				yield * sleep(act.ms);
				return message.ask;
			}

			case 'call':
			case 'relay': {
				return yield * this.#call(id, act);
			}

			case 'startTimer': {
				if (counter !== undefined) {
					return this.performNow(id, message, counter);
				}

				const timer = this.timerStarting(id, act);
				if (timer !== undefined) {
					yield * startTimer(act.key, tickMessage(act.key, timer), timerOptions(act));
				}

				return message.ask;
			}

			case 'cancelTimer': {
				if (counter !== undefined) {
					return this.performNow(id, message, counter);
				}

				this.timerCancelled(id, act.key, yield * cancelTimer(act.key));
				return message.ask;
			}

			default: {
				return this.performNow(id, message, counter);
			}
		}
	}

	* #call(id: number, act: CallAct | RelayAct): Operation<unknown> {
		if (act.type === 'call' && act.via === 'effect') {
			const {target} = this.record(act.to);
			const message = this.callMessage(id, act.next);
			const options = act.timeout === undefined ? undefined : {timeout: act.timeout};
			let resumed = false;
			try {
				const answer = target.isClass ? yield * call(target.ref, message, options) : yield * call(target.ref, message, options);
				resumed = true;
				return answer;
			} catch (error) {
				resumed = true;
				this.#callFailed(id, error);
				throw error;
			} finally {
				if (resumed) {
					this.stats.callsResumed++;
				} else {
					this.stats.callsInterrupted++;
				}
			}
		}

		const future = this.ask(id, act.to, act.next, act.route, act.timeout);
		try {
			return yield * future;
		} catch (error) {
			this.#callFailed(id, error);
			throw error;
		}
	}

	#callFailed(id: number, error: unknown): void {
		if (error instanceof DeadlockError && error.cycle[0] === this.record(id).target.ref) {
			this.deadlockDetected();
		}
	}

	// The end.

	async stopAll(): Promise<boolean[]> {
		this.stopAllClock = ++this.clock;
		return this.system.stopAll();
	}

	/**
	 * Tells: which were handled as they must be, which must not have been.
	 * A tell sent before its actor was asked to stop or ended must be handled
	 * once, also if the actor failed and restarted meanwhile (then by its next
	 * incarnation); unless the actor was killed, which drops what it had queued.
	 */
	tellAudit(): {must: number; lost: number; mustNot: number; handledAfterEnd: number; may: number; killed: number; whileRestarting: number; lostWhileRestarting: number} {
		let must = 0;
		let lost = 0;
		let mustNot = 0;
		let handledAfterEnd = 0;
		let may = 0;
		let killed = 0;
		let whileRestarting = 0;
		let lostWhileRestarting = 0;
		const count = this.tellTo.length;
		for (let tell = 0; tell < count; tell++) {
			const to = this.tellTo[tell]!;
			const clock = this.tellClock[tell]!;
			const handled = this.tellHandled[tell]!;
			const record = this.record(to);
			if (clock > record.stopClock || clock > record.endClock) {
				mustNot++;
				if (handled !== 0) {
					handledAfterEnd++;
					if (this.examples.length < 10) {
						this.examples.push(`handledAfterEnd: tell #${tell} (clock ${clock}) to actor ${to} (${record.kind}, stop ${record.stopClock}, end ${record.end ?? ''} ${record.endClock})`);
					}
				}
			} else if (record.killClock !== never) {
				// Sent before the kill (a tell after it throws): handled before it, or never.
				killed++;
			} else if (clock < this.stopAllClock) {
				must++;
				const restarting = this.tellsWhileRestarting.has(tell);
				if (restarting) {
					whileRestarting++;
				}

				if (handled !== 1) {
					lost++;
					if (restarting) {
						lostWhileRestarting++;
					}

					if (this.examples.length < 10) {
						this.examples.push(`lost: tell #${tell} (clock ${clock}) to actor ${to} (${record.kind}, stop ${record.stopClock}, end ${record.end ?? ''} ${record.endClock}, `
							+ `${record.failures} failures, ${record.incarnations} incarnations${restarting ? ', sent while it waited to restart' : ''}) handled ${handled} times`);
					}
				}
			} else {
				may++;
			}
		}

		return {must, lost, mustNot, handledAfterEnd, may, killed, whileRestarting, lostWhileRestarting};
	}

	/** How the ledger says the actor ended. */
	expectedExit(record: ActorRecord): Exit['reason'] {
		return record.killClock === never ? (record.end === 'failed' ? 'failed' : 'stopped') : 'killed';
	}

	/** Every actor died once, as the ledger says; gives how many did not, with the count of each reason. */
	exitAudit(): {wrong: number; reasons: Record<Exit['reason'], number>} {
		const reasons = {stopped: 0, failed: 0, killed: 0};
		let wrong = 0;
		for (const record of this.records) {
			if (record === undefined) {
				continue;
			}

			const {exit} = record;
			const expected = this.expectedExit(record);
			const right = exit?.reason === expected && (exit.reason !== 'failed' || exit.error instanceof Boom);
			if (exit !== undefined) {
				reasons[exit.reason]++;
			}

			if (!right) {
				wrong++;
				this.problem('wrongExits', () => `actor ${record.id} (${record.kind}${record.policy === undefined ? '' : `, limit ${record.policy.restarts}`}) ended ${exit === undefined ? 'never' : exit.reason}, `
					+ `the ledger expected ${expected} (${record.failures} failures, kill ${record.killClock}, stop ${record.stopClock}, end ${record.end ?? ''})`);
			}
		}

		for (const [id, watcherRecord] of this.watchers) {
			if (watcherRecord.exit?.reason !== 'stopped' || watcherRecord.deaths !== 1) {
				wrong++;
				this.problem('wrongExits', () => `watcher ${id} ended ${watcherRecord.exit?.reason ?? 'never'} (${watcherRecord.deaths} deaths)`);
			}
		}

		return {wrong, reasons};
	}

	/**
	 * Downs: a watched actor's Down is received once if it was queued
	 * (at the actor's death, or at the watch if it was dead already) before
	 * the unwatch request was sent; never otherwise (an unwatch takes back a
	 * queued Down), and always with the reason the ledger expects.
	 */
	downAudit(): {pairs: number; expected: number; unwatched: number; wrong: number} {
		let expectedDowns = 0;
		let unwatched = 0;
		let wrong = 0;
		for (const pair of this.watchPairs.values()) {
			const target = this.record(pair.target);
			const queued = Math.max(target.deathClock, pair.watchClock);
			const expected = queued < pair.unwatchClock ? 1 : 0;
			expectedDowns += expected;
			if (pair.unwatchClock !== never) {
				unwatched++;
			}

			if (pair.downs !== expected || (expected === 1 && pair.reason !== this.expectedExit(target))) {
				wrong++;
				this.problem('wrongDowns', () => `watcher ${pair.watcher} received ${pair.downs} Downs (${pair.reason ?? ''}) of actor ${pair.target} (${target.kind}), expected ${expected} (${this.expectedExit(target)}): `
					+ `watched at ${pair.watchClock}, died at ${target.deathClock}, unwatch sent at ${pair.unwatchClock}`);
			}
		}

		return {pairs: this.watchPairs.size, expected: expectedDowns, unwatched, wrong};
	}
}

/**
 * Tells the harness when a future settles: of ask, stop or kill number
 * `index`, or the `whenStopped()` of actor (or watcher) `index`.
 */
class SettleWatch {
	readonly #harness: Harness;
	readonly #kind: 'ask' | 'stop' | 'kill' | 'death' | 'watcherDeath';
	readonly #index: number;

	constructor(harness: Harness, kind: 'ask' | 'stop' | 'kill' | 'death' | 'watcherDeath', index: number) {
		this.#harness = harness;
		this.#kind = kind;
		this.#index = index;
	}

	futureSettled(future: Future<unknown>): void {
		switch (this.#kind) {
			case 'ask': {
				this.#harness.askSettledWith(this.#index, future);
				break;
			}

			case 'stop': {
				this.#harness.stopSettledWith(this.#index, future);
				break;
			}

			case 'kill': {
				this.#harness.killSettledWith(this.#index, future);
				break;
			}

			case 'death': {
				this.#harness.died(this.#index, future);
				break;
			}

			case 'watcherDeath': {
				this.#harness.watcherDied(this.#index, future);
				break;
			}
		}
	}
}

/** A restart's log line: `Name (urn) failed; restarting in N ms (restart k of L within W ms):`. */
const restartLog = /\((urn:uuid:[\da-f-]+)\) failed; restarting in (\d+) ms \(restart (\d+) of (\d+) within \d+ ms\):$/;

function pairKey(watcher: number, target: number): number {
	return (watcher * 0x4_00_00_00) + target;
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
