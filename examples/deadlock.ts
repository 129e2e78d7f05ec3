/**
 * Two actors that end up waiting on each other. In Pykka they would hang
 * for ever; here the wait that closes the cycle fails at once with a
 * DeadlockError that names the cycle, and both actors live on.
 *
 * Run: npx tsx examples/deadlock.ts
 */
import {Actor, ActorRegistry, DeadlockError, type ActorProxy} from 'pykka';

class Ping extends Actor {
	pong: ActorProxy<Pong> | undefined;

	meet(pong: ActorProxy<Pong>) {
		this.pong = pong;
	}

	// Asks Pong to serve, and waits for it.
	* serve() {
		return yield * this.pong!.returnBall();
	}

	ball() {
		return 'ball';
	}
}

class Pong extends Actor {
	ping: ActorProxy<Ping> | undefined;

	meet(ping: ActorProxy<Ping>) {
		this.ping = ping;
	}

	// Asks Ping for the ball, while Ping waits on this very call: a cycle.
	* returnBall() {
		try {
			return yield * this.ping!.ball();
		} catch (error) {
			if (error instanceof DeadlockError) {
				console.log(`Pong caught it: ${error.message}`);
				return 'no ball: we were waiting on each other';
			}

			throw error;
		}
	}
}

const ping = Ping.startProxy();
const pong = Pong.startProxy();
await ping.meet(pong);
await pong.meet(ping);

console.log(`Ping got: ${await ping.serve()}`);
console.log(`Both still alive: ${ping.actorRef.isAlive() && pong.actorRef.isAlive()}`);
console.log(`Ping can still play: ${await ping.ball()}`);

await ActorRegistry.stopAll();
