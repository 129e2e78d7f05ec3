/**
 * The stress engine: runs a seeded plan (see plan.ts) against one actor
 * system, through the ledger (ledger.ts) and the run's actors (actors.ts),
 * and checks the ledger once everything is stopped.
 */
import process from 'node:process';
import {Harness} from './ledger.js';
import {Planner} from './plan.js';

export type StressOptions = {
	/** Actors alive at once (stopped and killed ones are replaced), besides a few watchers. */
	readonly actors: number;
	/** Messages to send in all (tells, asks, proxy calls, stops, kills and watch requests, by the driver and by actors). */
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
		const {firstSpawns} = planner;
		while (ops < firstSpawns || harness.books.sent < messages) {
			for (let index = 0; index < batch && (ops < firstSpawns || harness.books.sent < messages); index++) {
				harness.run(planner.next());
				ops++;
			}

			// The driver is one more task on the event loop: let the actors (and timers) run.
			await turn();
			if (harness.asks.pending > highWater && await watch.race(harness.asks.drained(lowWater)) === dry) {
				stalled = `the driver stopped sending after ${harness.books.sent} messages: ${harness.asks.pending} asks pending and nothing left to run`;
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
	const {stats, problems, examples} = harness.books;
	const audit = harness.tells.audit();
	const exits = harness.exitAudit();
	const downs = harness.watches.audit();
	const checks: Check[] = [];
	const check = (name: string, ok: boolean, detail: string): void => {
		checks.push({name, ok, detail});
	};

	check('the run finished', stalled === '', stalled === '' ? `${ops} driver operations, then stopAll` : stalled);

	const asks = harness.asks.settledCount.length;
	const pendingAsks = harness.asks.settledCount.filter(count => count === 0).length;
	check(
		'every ask settled exactly once',
		pendingAsks === 0 && problems.askDoubleSettled === 0,
		`${asks} asks (${stats.asks} ref asks, ${stats.proxyCalls} proxy calls, ${stats.fieldReads} field reads): ${stats.fulfilled} fulfilled, `
		+ `rejected ${stats.rejectedBoom} Boom, ${stats.rejectedDead} ActorDeadError, ${stats.rejectedTimeout} TimeoutError, ${stats.rejectedDeadlock} DeadlockError; `
		+ `${pendingAsks} pending after stopAll, ${problems.askDoubleSettled} settled twice`,
	);
	check(
		'every answer is the right one, every rejection one the ask could get',
		problems.wrongAnswers === 0 && problems.unexpectedRejections === 0 && problems.wrongRejections === 0 && problems.deadTooSoon === 0,
		`${problems.wrongAnswers} wrong answers, ${problems.unexpectedRejections} rejections with an unexpected error, `
		+ `${problems.wrongRejections} with an error the ask could not get (a TimeoutError without a timeout, a Boom for an ask that cannot fail), `
		+ `${problems.deadTooSoon} ActorDeadError from an actor that had not ended (none from one that restarts)`,
	);
	check(
		'asks and tells queued while an actor waited to restart were handled by its next incarnation',
		problems.deadTooSoon === 0 && audit.lostWhileRestarting === 0,
		`${stats.asksWhileRestarting} asks sent while their actor waited to restart, ${stats.answeredAfterRestart} answered (the others rejected as the actor ended or with a TimeoutError); `
		+ `${stats.tellsWhileRestarting} tells, of which ${audit.whileRestarting} before a stop: ${audit.lostWhileRestarting} not handled exactly once`,
	);
	const pendingStops = harness.stops.stopSettled.filter(count => count === 0).length;
	check(
		'every stop settled exactly once',
		pendingStops === 0 && problems.stopDoubleSettled === 0,
		`${stats.stops} stops mid-run: ${stats.stoppedTrue} true, ${stats.stoppedFalse} false, ${stats.stopTimeouts} TimeoutError; `
		+ `${pendingStops} pending, ${problems.stopDoubleSettled} settled twice`,
	);
	const pendingKills = harness.stops.killSettled.filter(count => count === 0).length;
	check(
		'every kill settled exactly once: true if it ended a running actor, false for a dead one',
		pendingKills === 0 && problems.killDoubleSettled === 0 && problems.wrongKillResults === 0,
		`${stats.kills} kills: ${stats.killedTrue} true, ${stats.killedFalse} false; ${pendingKills} pending, ${problems.killDoubleSettled} settled twice, ${problems.wrongKillResults} wrong`,
	);
	check(
		'a killed actor handled nothing after the kill',
		problems.handledAfterKill === 0,
		`${audit.killed} tells sent before a kill were handled before it or dropped; ${problems.handledAfterKill} messages or timer messages handled after a kill`,
	);
	check(
		'a stop or kill ended an actor at once only while it waited to restart',
		problems.endedAtOnceUnexpectedly === 0,
		`${stats.endedAtOnce} actors ended within the stop or kill call, ${problems.endedAtOnceUnexpectedly} of them not waiting to restart; `
		+ `${stats.diedWaitingToRestart} died waiting to restart (their queue dropped)`,
	);
	const calls = stats.callEffects;
	check(
		'every call effect resumed once or was cut short by a stop or kill',
		calls === stats.callsResumed + stats.callsInterrupted,
		`${calls} call effects: ${stats.callsResumed} resumed, ${stats.callsInterrupted} cut short`,
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
	check(
		'tells sent before a stop or final failure were handled exactly once (across restarts)',
		audit.lost === 0,
		`${audit.must} such tells, ${audit.lost} not handled exactly once (${audit.may} sent during stopAll may or may not be, `
		+ `${audit.killed} sent before a kill may have been dropped)`,
	);
	check(
		'no tell handled after its actor was asked to stop or ended',
		audit.handledAfterEnd === 0,
		`${audit.mustNot} such tells, ${audit.handledAfterEnd} handled`,
	);
	check(
		'a supervised actor restarted in place, once per failure, and failed for good only past its limit',
		problems.wrongRestarts === 0 && problems.identityLost === 0 && problems.badRestartLogs === 0 && exits.wrong === 0,
		`${stats.supervised} supervised actors: ${stats.restarts} failures restarted from, ${stats.supervisedFinalFailures} final (past the limit); `
		+ `${stats.identityChecks} restarted incarnations checked their ref, URN and proxy (${stats.registryChecks} also the registry): ${problems.identityLost} changed; `
		+ `${problems.wrongRestarts} restarts the ledger did not expect, ${problems.badRestartLogs} restart logs with the wrong numbers`,
	);
	check(
		'every actor died once, stopped, failed or killed as the ledger says',
		exits.wrong === 0 && problems.diedTwice === 0,
		`whenStopped: ${exits.reasons.stopped} stopped, ${exits.reasons.failed} failed, ${exits.reasons.killed} killed; `
		+ `${exits.wrong} not as expected, ${problems.diedTwice} settled twice`,
	);
	check(
		'each watcher received one Down per actor it watched (none once unwatched), with the right reason',
		downs.wrong === 0 && problems.strayDowns === 0,
		`${stats.watchers} watchers, ${downs.pairs} actors watched, ${downs.unwatched} unwatched: ${downs.expected} Downs expected, ${stats.downs} received; `
		+ `${downs.wrong} pairs wrong, ${problems.strayDowns} Downs of actors not watched`,
	);
	check(
		'no message of a cancelled, replaced or ended timer handled',
		problems.staleTicks === 0 && problems.foreignTicks === 0 && problems.cancelMismatches === 0,
		`${stats.timersStarted} keyed timers (${stats.repeatingTimers} repeating): ${stats.timersReplaced} replaced, ${stats.timersCancelled} cancelled, `
		+ `${stats.timersEnded} ended by a failure or death; ${stats.ticks} timer messages handled, ${problems.staleTicks} of a timer no longer running, `
		+ `${problems.foreignTicks} by the wrong actor; ${problems.cancelMismatches} cancels that found a timer the ledger did not (or none where it did)`,
	);
	const registered = harness.system.registry.size;
	check(
		'registry empty after stopAll',
		registered === 0,
		`stopAll stopped ${stopped.length} actors (${stopped.filter(Boolean).length} true); ${registered} left registered`,
	);
	const timersAfter = timeoutCount();
	check('no timer left', timersAfter <= timersBefore, `${timersBefore} Timeout resources before the run, ${timersAfter} after`);
	check(
		'each final failure logged once, each restart logged once, nothing else logged',
		problems.endedTwice === 0 && stats.loggedFailures === stats.finalFailures && stats.loggedRestarts === stats.restarts
		&& stats.loggedStopHookErrors === stats.stopHookFailures && stats.loggedOther === 0 && stats.warnings === 0,
		`${stats.finalFailures} actors failed for good (${stats.startFailures} failures in onStart in all), ${stats.loggedFailures} failures logged; `
		+ `${stats.restarts} restarts, ${stats.loggedRestarts} logged; `
		+ `${stats.stopHookFailures} onStop errors, ${stats.loggedStopHookErrors} logged; ${stats.loggedOther} other errors, ${stats.warnings} other warnings `
		+ `(${stats.lateHandlerErrors} handler errors after a timed-out ask, logged as warnings); `
		+ `${problems.endedTwice} actors ended twice`,
	);
	check(
		'the run exercised failures, restarts, kills, timers, watches, stops, timeouts and deadlocks',
		stats.failures > 0 && stats.restarts > 0 && stats.supervisedFinalFailures > 0 && stats.kills > 0 && stats.downs > 0
		&& stats.ticks > 0 && stats.timersReplaced > 0 && stats.timersCancelled > 0
		&& stats.quits > 0 && stats.stoppedTrue > 0 && stats.rejectedDead > 0 && stats.deadlocksDetected > 0 && stats.rejectedTimeout > 0,
		`${stats.failures} failures, ${stats.restarts} restarts, ${stats.kills} kills, ${stats.downs} Downs, ${stats.ticks} timer messages, `
		+ `${stats.quits} self-stops, ${stats.stoppedTrue} stops, ${stats.rejectedDead} ActorDeadError, `
		+ `${stats.deadlocksDetected} deadlocks detected, ${stats.rejectedTimeout} timeouts, ${stats.receiveTimeouts} receive timeouts, `
		+ `${stats.sleeps} sleeps, ${stats.relays} deferred replies`,
	);

	if (examples.length > 0) {
		check('(first problems seen)', false, examples.join('; '));
	}

	return {
		seed,
		actors,
		messages: harness.books.sent,
		ok: checks.every(item => item.ok),
		seconds,
		checks,
		stats: {...stats, ops, budget, actorsStarted: stats.spawned + stats.classActors + stats.watchers},
	};
}
