/**
 * Run as a child process by test/logger.ts, with and without NODE_DEBUG=pykka:
 * one actor starts, fails on a tell, and another is stopped, all reported
 * through the default logger of the default system.
 */
import {Actor, receive, spawn} from 'pykka';

class Fragile extends Actor {
	override onReceive(): never {
		throw new Error('fragile broke');
	}
}

const fragile = Fragile.start();
fragile.tell('break');
const stopped = fragile.stop();
console.log(`stop after failure: ${await stopped}`);
const sleeper = spawn(function * Sleeper() {
	yield * receive();
});
console.log(`stopped: ${await sleeper.stop()}`);
