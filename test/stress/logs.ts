/**
 * The run's logger: it counts what the runtime logs, by kind, for the check
 * that each final failure, restart and onStop error is logged once and
 * nothing else is; a restart's log line goes to the supervision ledger,
 * which checks its numbers.
 */
import type {Logger} from 'pykka';
import type {Books} from './books.js';

/** A restart's log line: `Name (urn) failed; restarting in N ms (restart k of L within W ms):`. */
const restartLog = /\((urn:uuid:[\da-f-]+)\) failed; restarting in (\d+) ms \(restart (\d+) of (\d+) within \d+ ms\):$/;

/** Takes a restart's log line: the actor's URN, the delay, the restart's number and the limit. */
export type RestartLogged = (urn: string, delay: number, restartNumber: number, limit: number) => void;

export function countingLogger(stats: Books['stats'], restartLogged: RestartLogged): Logger {
	return {
		error(message) {
			const restarting = restartLog.exec(message);
			if (restarting !== null) {
				restartLogged(restarting[1]!, Number(restarting[2]), Number(restarting[3]), Number(restarting[4]));
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
}
