/**
 * ping-pong: Pykka's counter example. A generator method of one proxy actor
 * `yield*`s another proxy actor's method 100,000 times; round trips per second.
 * The floor: one actor asks another 100,000 times in sequence, one Promise
 * per round trip.
 */
import {Actor, createSystem, type ActorProxy, type Operation} from 'pykka';
import {createFloor, type FloorRef} from '../floor.js';
import {check, scaled, throughput, type Workload} from '../workload.js';

const ROUND_TRIPS = 100_000;

/** Pykka's `Adder`. */
class Adder extends Actor {
	addOne(value: number): number {
		return value + 1;
	}
}

/** Pykka's `Bookkeeper`: counts to a target by asking the adder each step. */
class Bookkeeper extends Actor {
	readonly #adder: ActorProxy<Adder>;

	constructor(adder: ActorProxy<Adder>) {
		super();
		this.#adder = adder;
	}

	* countTo(target: number): Operation<number> {
		let value = 0;
		while (value < target) {
			value = yield * this.#adder.addOne(value);
		}

		return value;
	}
}

/** The floor's bookkeeper: an async method awaiting one ask per step. */
class FloorBookkeeper {
	readonly #adder: FloorRef;

	constructor(adder: FloorRef) {
		this.#adder = adder;
	}

	async countTo(target: number): Promise<number> {
		let value = 0;
		while (value < target) {
			value = await this.#adder.ask<number>('addOne', value);
		}

		return value;
	}
}

export const pingPong: Workload = {
	name: 'ping-pong',
	description: `a proxy actor's generator method yield*s another proxy actor's method ${ROUND_TRIPS.toLocaleString('en')} times`,
	metrics: [{name: 'ping-pong', unit: 'trip/s', better: 'higher', target: {kind: 'ratio', min: 1.5}}],

	async pykka(scale) {
		const trips = scaled(ROUND_TRIPS, scale);
		const system = createSystem();
		const adder = system.startProxy(Adder);
		const bookkeeper = system.startProxy(Bookkeeper, adder);
		await bookkeeper.countTo(1);
		let result = 0;
		const rate = await throughput(trips, async () => {
			result = await bookkeeper.countTo(trips);
		});
		check(result === trips, `pykka counted to ${result}, not ${trips}`);
		await system.stopAll();
		return {'ping-pong': rate};
	},

	async floor(scale) {
		const trips = scaled(ROUND_TRIPS, scale);
		const floor = createFloor();
		const adder = floor.spawn({
			addOne(value: number): number {
				return value + 1;
			},
		});
		const bookkeeper = floor.spawn(new FloorBookkeeper(adder));
		await bookkeeper.ask('countTo', 1);
		let result = 0;
		const rate = await throughput(trips, async () => {
			result = await bookkeeper.ask<number>('countTo', trips);
		});
		check(result === trips, `the floor counted to ${result}, not ${trips}`);
		await Promise.all([adder.stop(), bookkeeper.stop()]);
		return {'ping-pong': rate};
	},
};
