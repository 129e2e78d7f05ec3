/**
 * The stress engine: runs a seeded plan (see plan.ts) against one
 * actor system, keeps a ledger of every message, and checks the ledger once
 * everything is stopped.
 *
 * Every message carries the global clock at which it was sent. The runtime is
 * single-threaded, so an actor's mailbox holds its messages in clock order:
 * that is what lets the checks say exactly which tells an actor must have
 * handled (those sent before its stop request, or before the message it
 * failed on) and which it must not.
 */
import process from 'node:process';
import {
	Actor,
	ActorDeadError,
	DeadlockError,
	TimeoutError,
	call,
	createSystem,
	deferReply,
	receive,
	reply,
	replyError,
	sleep,
	type ActorProxy,
	type ActorRef,
	type ActorSystem,
	type Future,
	type Logger,
	type Operation,
	type Receives,
} from 'pykka';
import {
	Planner,
	supports,
	type Act,
	type CallAct,
	type Kind,
	type Op,
	type RelayAct,
	type Route,
	type SpawnPlan,
} from './plan.js';

export type StressOptions = {
	/** Actors alive at once (stopped ones are replaced). */
	readonly actors: number;
	/** Messages to send in all (tells, asks, proxy calls and stops, by the driver and by actors). */
	readonly messages: number;
	readonly seed: number;
};

export type Check = {
	readonly name: string;
	readonly ok: boolean;
	readonly detail: string;
};

export type StressReport = {
	readonly seed: number;
	readonly actors: number;
	readonly messages: number;
	readonly ok: boolean;
	readonly seconds: number;
	readonly checks: readonly Check[];
	readonly stats: Readonly<Record<string, number>>;
};

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

/** The error of a message that is meant to fail. */
export class Boom extends Error {
	override name = 'Boom';
}

type SpawnedRef = ActorRef<Receives<Message, unknown>>;

type Target =
	| {readonly isClass: false; readonly ref: SpawnedRef}
	| {readonly isClass: true; readonly ref: ActorRef<Counter>; readonly proxy: ActorProxy<Counter>};

type ActorRecord = {
	readonly id: number;
	readonly kind: Kind;
	readonly target: Target;
	readonly startClock: number;
	/** The clock of the first stop request the driver sent it. */
	stopClock: number;
	/** The clock of the message it failed on or stopped itself at (of its start if onStart failed). */
	endClock: number;
	end: 'failed' | 'quit' | 'startFailed' | undefined;
	/** The clock of the last message it handled. */
	lastClock: number;
};

/** What each ask is expected to answer, when it fulfils. */
const ANY = 0;
const ITS_ID = 1;
const ITS_ID_OR_UNDEFINED = 2;
const A_NUMBER = 3;

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
		stopHookFailures: 0,
		quits: 0,
		receiveTimeouts: 0,
		sleeps: 0,
		relays: 0,
		callEffects: 0,
		callsResumed: 0,
		callsInterrupted: 0,
		loggedFailures: 0,
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
	};

	/** The first few problems, described, for the report. */
	readonly examples: string[] = [];

	pendingAsks = 0;
	pendingStops = 0;
	// The ledger of tells, by tell index; plain arrays of small integers.
	readonly tellTo: number[] = [];
	readonly tellClock: number[] = [];
	readonly tellHandled: number[] = [];
	// The ledger of tracked asks and stops, by index: how often each settled.
	readonly askSettled: number[] = [];
	readonly askExpect: number[] = [];
	readonly stopSettled: number[] = [];
	// Per (sender, receiver): tells sent, and the next sequence number expected.
	readonly #pairs = new Map<number, {sent: number; handled: number}>();
	#lowWater = 0;
	#drained: (() => void) | undefined = undefined;

	constructor(budget: number) {
		const {stats} = this;
		const logger: Logger = {
			error(message) {
				if (message.endsWith(' failed:')) {
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
					this.#track(target.proxy.total, A_NUMBER);
				}

				break;
			}

			case 'stop': {
				const record = this.record(op.to);
				const clock = ++this.clock;
				if (record.stopClock === Number.POSITIVE_INFINITY) {
					record.stopClock = clock;
				}

				this.sent++;
				this.stats.stops++;
				const index = this.stopSettled.length;
				this.stopSettled.push(0);
				this.pendingStops++;
				record.target.ref.stop(op.timeout === undefined ? undefined : {timeout: op.timeout}).listen(new SettleWatch(this, 'stop', index));
				break;
			}
		}
	}

	spawn(plan: SpawnPlan): void {
		const {system} = this;
		const startClock = ++this.clock;
		let target: Target;
		if (plan.kind === 'counter') {
			const ref = system.start(Counter, this, plan.id, plan.failStart, plan.failStop);
			target = {isClass: true, ref, proxy: ref.proxy()};
			this.stats.classActors++;
		} else {
			target = {isClass: false, ref: system.spawn<Message, unknown, [Harness, number, Kind]>(worker, {name: plan.kind, args: [this, plan.id, plan.kind]})};
			this.stats.spawned++;
		}

		this.records[plan.id] = {
			id: plan.id,
			kind: plan.kind,
			target,
			startClock,
			stopClock: Number.POSITIVE_INFINITY,
			endClock: Number.POSITIVE_INFINITY,
			end: undefined,
			lastClock: startClock,
		};
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
		try {
			deliverTell(this.record(to).target, message, route);
		} catch (error) {
			if (error instanceof ActorDeadError) {
				this.stats.deadTells++;
				return false;
			}

			throw error;
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
		const {target} = this.record(to);
		let future: Future<unknown>;
		if (target.isClass && route !== 'ref') {
			this.stats.proxyCalls++;
			future = proxyCall(target.proxy, route, message);
		} else {
			this.stats.asks++;
			future = target.ref.ask(message, timeout === undefined ? undefined : {timeout});
		}

		const expect = act.type === 'echo' || act.type === 'forward' ? ITS_ID : (act.type === 'sleep' ? ITS_ID_OR_UNDEFINED : ANY);
		this.#track(future, expect);
		return future;
	}

	/** An untracked message for the `call` effect, which makes its own future. */
	callMessage(from: number, act: Act): Message {
		this.sent++;
		this.stats.callEffects++;
		return {clock: ++this.clock, from, tell: -1, seq: -1, ask: -1, act};
	}

	#track(future: Future<unknown>, expect: number): void {
		const index = this.askSettled.length;
		this.askSettled.push(0);
		this.askExpect.push(expect);
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
			}
		} else {
			this.stats.fulfilled++;
			const expect = this.askExpect[index];
			const right = expect === ITS_ID
				? result === index
				: expect === ITS_ID_OR_UNDEFINED
					? result === index || result === undefined
					: expect === A_NUMBER
						? typeof result === 'number'
						: true;
			if (!right) {
				this.problem('wrongAnswers', () => `ask #${index} answered ${String(result)}`);
			}
		}

		if (this.#drained !== undefined && this.pendingAsks <= this.#lowWater) {
			const drained = this.#drained;
			this.#drained = undefined;
			drained();
		}
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

	/** An actor failed (threw from a tell's handler, or a spawned behaviour threw) on the message in hand. */
	failed(id: number): void {
		this.stats.failures++;
		this.#ended(id, 'failed');
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

	startFailed(id: number): void {
		const record = this.record(id);
		this.stats.startFailures++;
		record.end = 'startFailed';
		record.endClock = record.startClock;
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

	/** Tells: which were handled as they must be, which must not have been. */
	tellAudit(): {must: number; lost: number; mustNot: number; handledAfterEnd: number; may: number} {
		let must = 0;
		let lost = 0;
		let mustNot = 0;
		let handledAfterEnd = 0;
		let may = 0;
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
			} else if (clock < this.stopAllClock) {
				must++;
				if (handled !== 1) {
					lost++;
					if (this.examples.length < 10) {
						this.examples.push(`lost: tell #${tell} (clock ${clock}) to actor ${to} (${record.kind}, stop ${record.stopClock}, end ${record.end ?? ''} ${record.endClock}) handled ${handled} times`);
					}
				}
			} else {
				may++;
			}
		}

		return {must, lost, mustNot, handledAfterEnd, may};
	}
}

/** Tells the harness when the future of ask (or stop) number `index` settles. */
class SettleWatch {
	readonly #harness: Harness;
	readonly #kind: 'ask' | 'stop';
	readonly #index: number;

	constructor(harness: Harness, kind: 'ask' | 'stop', index: number) {
		this.#harness = harness;
		this.#kind = kind;
		this.#index = index;
	}

	futureSettled(future: Future<unknown>): void {
		if (this.#kind === 'ask') {
			this.#harness.askSettledWith(this.#index, future);
		} else {
			this.#harness.stopSettledWith(this.#index, future);
		}
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

/** The spawned kinds: one behaviour, with what differs by kind inline. */
function * worker(harness: Harness, id: number, kind: Kind): Operation<void> {
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
					harness.receiveTimedOut();
					continue;
				}
			} else {
				message = yield * receive<Message>();
			}

			harness.enter(id, message);
			const {act} = message;
			if (act.type === 'quit') {
				harness.quit(id);
				return;
			}

			if (act.type === 'failReply') {
				yield * replyError(new Boom(`actor ${id} answers clock ${message.clock} with an error`));
				continue;
			}

			if (act.type === 'relay' && kind === 'relay') {
				harness.stats.relays++;
				const answer = yield * deferReply();
				harness.ask(id, act.to, act.next, act.route, act.timeout).then(
					value => answer.resolve(value),
					(error: unknown) => answer.reject(error),
				);
				continue;
			}

			let answer: unknown;
			try {
				answer = yield * harness.perform(id, message, undefined);
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
		harness.failed(id);
		throw error;
	}
}

/**
 * The class kind. Its handlers are reached through its ref (onReceive, a
 * generator method) or its proxy (a plain, an async and a generator method).
 */
export class Counter extends Actor {
	total = 0;
	readonly #harness: Harness;
	readonly #id: number;
	readonly #failStart: boolean;
	readonly #failStop: boolean;

	constructor(harness: Harness, id: number, failStart: boolean, failStop: boolean) {
		super();
		this.#harness = harness;
		this.#id = id;
		this.#failStart = failStart;
		this.#failStop = failStop;
	}

	override onStart(): void {
		if (this.#failStart) {
			this.#harness.startFailed(this.#id);
			throw new Boom(`actor ${this.#id} fails to start`);
		}
	}

	override onStop(): void {
		if (this.#failStop) {
			this.#harness.stopHookFailed();
			throw new Boom(`actor ${this.#id} fails to stop`);
		}
	}

	override onFailure(): void {
		this.#harness.failed(this.#id);
	}

	override * onReceive(message: Message): Operation<unknown> {
		return yield * this.handleGenerator(message);
	}

	handle(message: Message): unknown {
		this.#harness.enter(this.#id, message);
		this.total++;
		return this.#harness.performNow(this.#id, message, this);
	}

	async handleAsync(message: Message): Promise<unknown> {
		this.#harness.enter(this.#id, message);
		await Promise.resolve();
		this.total++;
		return this.#harness.performNow(this.#id, message, this);
	}

	* handleGenerator(message: Message): Operation<unknown> {
		const harness = this.#harness;
		harness.enter(this.#id, message);
		this.total++;
		try {
			return yield * harness.perform(this.#id, message, this);
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

/** Yields to the event loop once, so that timers and I/O get their turn. */
async function turn(): Promise<void> {
	await new Promise(resolve => {
		setImmediate(resolve);
	});
}

function timeoutCount(): number {
	return process.getActiveResourcesInfo().filter(name => name === 'Timeout').length;
}

const dry = Symbol('dry');

/**
 * Ends the waits given to `race` when the event loop runs dry (Node's
 * `beforeExit`): the run then waits on something that nothing will ever
 * settle, such as a lost reply. The run goes on to its checks, which say
 * what is missing, instead of hanging or exiting silently.
 */
class DryWatch {
	#waiting: Array<(value: typeof dry) => void> = [];
	readonly #onDry = (): void => {
		const waiting = this.#waiting;
		this.#waiting = [];
		// From an immediate, not from here: the pending immediate keeps the
		// process alive, which a settled promise alone would not.
		setImmediate(() => {
			for (const resolve of waiting) {
				resolve(dry);
			}
		});
	};

	constructor() {
		process.on('beforeExit', this.#onDry);
	}

	async race<T>(promise: Promise<T>): Promise<T | typeof dry> {
		const whenDry = new Promise<typeof dry>(resolve => {
			this.#waiting.push(resolve);
		});
		return Promise.race([promise, whenDry]);
	}

	dispose(): void {
		process.off('beforeExit', this.#onDry);
		this.#waiting = [];
	}
}

const budgets = [1, 8, 64];
const batch = 256;
const highWater = 4000;
const lowWater = 1000;

/**
 * Runs a seeded stress test and checks its ledger. Never throws for a failed
 * check: the report says which failed (`ok` is false).
 */
export async function runStress(options: StressOptions): Promise<StressReport> {
	const {actors, messages, seed} = options;
	const timersBefore = timeoutCount();
	const started = performance.now();
	// The seed picks the scheduler's budget too: 1 step per turn interleaves the most.
	const budget = budgets[seed % budgets.length]!;
	const harness = new Harness(budget);
	const planner = new Planner(seed, actors);
	const watch = new DryWatch();
	let stalled = '';
	let stopped: boolean[] = [];
	let ops = 0;
	try {
		while (ops < actors || harness.sent < messages) {
			for (let index = 0; index < batch && (ops < actors || harness.sent < messages); index++) {
				harness.run(planner.next());
				ops++;
			}

			// The driver is one more task on the event loop: let the actors (and timers) run.
			await turn();
			if (harness.pendingAsks > highWater && await watch.race(harness.drained(lowWater)) === dry) {
				stalled = `the driver stopped sending after ${harness.sent} messages: ${harness.pendingAsks} asks pending and nothing left to run`;
				break;
			}
		}

		// Stop everything while messages are still in flight.
		const result = await watch.race(harness.stopAll());
		if (result === dry) {
			stalled += `${stalled === '' ? '' : '; '}stopAll never finished: ${harness.system.registry.size} actors still registered and nothing left to run`;
		} else {
			stopped = result;
		}
	} finally {
		watch.dispose();
	}

	const seconds = (performance.now() - started) / 1000;
	const {stats, problems} = harness;
	const checks: Check[] = [];
	const check = (name: string, ok: boolean, detail: string): void => {
		checks.push({name, ok, detail});
	};

	check('the run finished', stalled === '', stalled === '' ? `${ops} driver operations, then stopAll` : stalled);

	const asks = harness.askSettled.length;
	const pendingAsks = harness.askSettled.filter(count => count === 0).length;
	check(
		'every ask settled exactly once',
		pendingAsks === 0 && problems.askDoubleSettled === 0,
		`${asks} asks (${stats.asks} ref asks, ${stats.proxyCalls} proxy calls, ${stats.fieldReads} field reads): ${stats.fulfilled} fulfilled, `
		+ `rejected ${stats.rejectedBoom} Boom, ${stats.rejectedDead} ActorDeadError, ${stats.rejectedTimeout} TimeoutError, ${stats.rejectedDeadlock} DeadlockError; `
		+ `${pendingAsks} pending after stopAll, ${problems.askDoubleSettled} settled twice`,
	);
	check(
		'every answer is the right one',
		problems.wrongAnswers === 0 && problems.unexpectedRejections === 0,
		`${problems.wrongAnswers} wrong answers, ${problems.unexpectedRejections} rejections with an unexpected error`,
	);
	const pendingStops = harness.stopSettled.filter(count => count === 0).length;
	check(
		'every stop settled exactly once',
		pendingStops === 0 && problems.stopDoubleSettled === 0,
		`${stats.stops} stops mid-run: ${stats.stoppedTrue} true, ${stats.stoppedFalse} false, ${stats.stopTimeouts} TimeoutError; `
		+ `${pendingStops} pending, ${problems.stopDoubleSettled} settled twice`,
	);
	const calls = stats.callEffects;
	check(
		'every call effect resumed once or was cut short by a stop',
		calls === stats.callsResumed + stats.callsInterrupted,
		`${calls} call effects: ${stats.callsResumed} resumed, ${stats.callsInterrupted} cut short by a stop`,
	);
	check(
		'every tell handled at most once, by its receiver',
		problems.duplicateTells === 0 && problems.misdelivered === 0,
		`${stats.tells} tells sent (${stats.deadTells} more threw ActorDeadError), ${stats.tellsHandled} handled; `
		+ `${problems.duplicateTells} handled twice, ${problems.misdelivered} by the wrong actor`,
	);
	check(
		'every actor handled its messages in order',
		problems.outOfOrder === 0 && problems.sequenceBreaks === 0,
		`${problems.sequenceBreaks} breaks of a (sender, receiver) tell sequence, ${problems.outOfOrder} messages handled out of send order`,
	);
	const audit = harness.tellAudit();
	check(
		'tells sent before a stop or failure were handled exactly once',
		audit.lost === 0,
		`${audit.must} such tells, ${audit.lost} not handled exactly once (${audit.may} sent during stopAll may or may not be)`,
	);
	check(
		'no tell handled after its actor was asked to stop or ended',
		audit.handledAfterEnd === 0,
		`${audit.mustNot} such tells, ${audit.handledAfterEnd} handled`,
	);
	const registered = harness.system.registry.size;
	check(
		'registry empty after stopAll',
		registered === 0,
		`stopAll stopped ${stopped.length} actors (${stopped.filter(Boolean).length} true); ${registered} left registered`,
	);
	const timersAfter = timeoutCount();
	check('no timer left', timersAfter <= timersBefore, `${timersBefore} Timeout resources before the run, ${timersAfter} after`);
	const expectedFailures = stats.failures + stats.startFailures;
	check(
		'each failure logged once, nothing else logged',
		problems.endedTwice === 0 && stats.loggedFailures === expectedFailures && stats.loggedStopHookErrors === stats.stopHookFailures && stats.loggedOther === 0 && stats.warnings === 0,
		`${expectedFailures} actors failed (${stats.startFailures} in onStart), ${stats.loggedFailures} failures logged; `
		+ `${stats.stopHookFailures} onStop errors, ${stats.loggedStopHookErrors} logged; ${stats.loggedOther} other errors, ${stats.warnings} other warnings `
		+ `(${stats.lateHandlerErrors} handler errors after a timed-out ask, logged as warnings); `
		+ `${problems.endedTwice} actors ended twice`,
	);
	check(
		'the run exercised failures, stops, timeouts and deadlocks',
		stats.failures > 0 && stats.quits > 0 && stats.stoppedTrue > 0 && stats.rejectedDead > 0 && stats.deadlocksDetected > 0 && stats.rejectedTimeout > 0,
		`${stats.failures} failures, ${stats.quits} self-stops, ${stats.stoppedTrue} stops, ${stats.rejectedDead} ActorDeadError, `
		+ `${stats.deadlocksDetected} deadlocks detected, ${stats.rejectedTimeout} timeouts, ${stats.receiveTimeouts} receive timeouts, `
		+ `${stats.sleeps} sleeps, ${stats.relays} deferred replies`,
	);

	if (harness.examples.length > 0) {
		check('(first problems seen)', false, harness.examples.join('; '));
	}

	return {
		seed,
		actors,
		messages: harness.sent,
		ok: checks.every(item => item.ok),
		seconds,
		checks,
		stats: {...stats, ops, budget, actorsStarted: stats.spawned + stats.classActors},
	};
}
