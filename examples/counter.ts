/**
 * The Adder and the Bookkeeper of Pykka's README: the bookkeeper counts to
 * ten by asking the adder to add one, again and again. `countTo` is a
 * generator method: each `yield*` waits for the adder's answer without
 * blocking the adder (or anyone else).
 *
 * Run: npx tsx examples/counter.ts
 */
import {Actor, ActorRegistry, type ActorProxy} from 'pykka';

class Adder extends Actor {
	addOne(i: number): number {
		console.log(`${this} is increasing ${i}`);
		return i + 1;
	}
}

class Bookkeeper extends Actor {
	readonly #adder: ActorProxy<Adder>;

	constructor(adder: ActorProxy<Adder>) {
		super();
		this.#adder = adder;
	}

	* countTo(target: number) {
		let i = 0;
		while (i < target) {
			i = yield * this.#adder.addOne(i);
			console.log(`${this} got ${i} back`);
		}
	}
}

const adder = Adder.startProxy();
const bookkeeper = Bookkeeper.startProxy(adder);
await bookkeeper.countTo(10);
await ActorRegistry.stopAll();
