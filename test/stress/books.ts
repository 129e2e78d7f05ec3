/**
 * The books every part of the ledger writes in: the global clock, the
 * record of each actor, the counters (`stats`) and the problems found, with
 * the first few described. The engine reads them for its checks.
 */
import type {ActorProxy, ActorRef, Exit, Future, Receives} from 'pykka';
import type {Counter, Message} from './actors.js';
import type {Kind, Policy} from './plan.js';

/** A clock or a count that never came: the stop never sent, the actor never dead. */
export const never = Number.POSITIVE_INFINITY;

export type SpawnedRef = ActorRef<Receives<Message, unknown>>;

export type Target =
	| {readonly isClass: false; readonly ref: SpawnedRef}
	| {readonly isClass: true; readonly ref: ActorRef<Counter>; readonly proxy: ActorProxy<Counter>};

export type ActorRecord = {
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

/** The shared books of a run. */
export class Books {
	clock = 0;
	sent = 0;
	stopAllClock = never;
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

	problem(kind: keyof Books['problems'], description: () => string): void {
		this.problems[kind]++;
		this.example(() => `${kind}: ${description()}`);
	}

	/** Describes a problem, if it is among the first few. */
	example(description: () => string): void {
		if (this.examples.length < 10) {
			this.examples.push(description());
		}
	}

	record(id: number): ActorRecord {
		const record = this.records[id];
		if (record === undefined) {
			throw new Error(`No actor ${id}`);
		}

		return record;
	}

	/** Whether the actor ended, or was asked to (a stop, a kill, stopAll, a final failure, a self-stop). */
	over(record: ActorRecord): boolean {
		return record.stopClock !== never || record.killClock !== never || record.end !== undefined || record.deathClock !== never || this.stopAllClock !== never;
	}
}

/** Whether the actor failed and waits to restart (its next incarnation has not begun). */
export function restarting(record: ActorRecord): boolean {
	return record.end === undefined && record.failures > 0 && record.failures >= record.incarnations && record.deathClock === never;
}

/** How the ledger says the actor ended. */
export function expectedExit(record: ActorRecord): Exit['reason'] {
	return record.killClock === never ? (record.end === 'failed' ? 'failed' : 'stopped') : 'killed';
}

/**
 * Tells a part of the ledger when a future settles: of ask, stop or kill
 * number `index`, or the `whenStopped()` of actor (or watcher) `index`.
 * An object with a field, not a closure per future.
 */
export class SettleWatch {
	readonly #settlements: Settlements;
	readonly #index: number;

	constructor(settlements: Settlements, index: number) {
		this.#settlements = settlements;
		this.#index = index;
	}

	futureSettled(future: Future<unknown>): void {
		this.#settlements.settled(this.#index, future);
	}
}

/** What keeps account of one kind of settlement (asks, stops, kills, deaths), by index. */
export type Settlements = {
	settled(index: number, future: Future<unknown>): void;
};
