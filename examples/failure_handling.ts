/**
 * Failures, Pykka's way. An error thrown while handling an ask goes back to
 * the asker, and the actor lives on. An error thrown while handling a tell
 * has nobody to go to: it is logged, `onFailure` runs, and the actor dies
 * (without `onStop`).
 *
 * Run: npx tsx examples/failure_handling.ts
 */
import {Actor, ActorDeadError, createSystem} from 'pykka';

class Divider extends Actor {
	divide(a: number, b: number): number {
		if (b === 0) {
			throw new RangeError(`cannot divide ${a} by zero`);
		}

		return a / b;
	}

	override onFailure(error: unknown): void {
		console.log(`onFailure: ${String(error)}`);
	}

	override onStop(): void {
		console.log('onStop (not printed after a failure)');
	}
}

// The default logger writes failures (with their stack) to stderr; this one keeps them short on stdout.
const system = createSystem({
	logger: {
		error(message, error) {
			console.log(`logged: ${message.replace(/\(urn:uuid:[\da-f-]+\)/, '(…)')} ${String(error)}`);
		},
		warn(message) {
			console.log(`warning: ${message}`);
		},
		debug() {},
	},
});

const divider = system.startProxy(Divider);
console.log(`10 / 4 = ${await divider.divide(10, 4)}`);

try {
	await divider.divide(1, 0);
} catch (error) {
	console.log(`ask rejected: ${String(error)}`);
}

console.log(`alive after a failed ask: ${divider.actorRef.isAlive()}`);

// The same error in a tell (a deferred call) kills the actor.
divider.divide.defer(1, 0);
try {
	await divider.divide(8, 2);
} catch (error) {
	console.log(`then: ${(error as Error).name}, ${error instanceof ActorDeadError}`);
}

console.log(`alive after a failed tell: ${divider.actorRef.isAlive()}`);
await system.stopAll();
