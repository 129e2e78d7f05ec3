/**
 * A pool of workers: the work is dealt out round-robin, each call gives a
 * future at once, and `getAll` joins them into one future of every result,
 * in the order the work was given.
 *
 * Run: npx tsx examples/worker_pool.ts
 */
import {Actor, ActorRegistry, getAll, type ActorProxy} from 'pykka';

class Worker extends Actor {
	readonly #id: number;
	handled = 0;

	constructor(id: number) {
		super();
		this.#id = id;
	}

	/** Squares a number, slowly (on a timer), noting which worker did it. */
	async square(n: number): Promise<string> {
		await new Promise(resolve => {
			setTimeout(resolve, 5);
		});
		this.handled += 1;
		return `${n}² = ${n * n} (worker ${this.#id})`;
	}
}

const pool: Array<ActorProxy<Worker>> = [];
for (let id = 1; id <= 3; id++) {
	pool.push(Worker.startProxy(id));
}

const work = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const futures = work.map((n, index) => pool[index % pool.length]!.square(n));
for (const line of await getAll(futures)) {
	console.log(line);
}

const counts = await getAll(pool.map(worker => worker.handled));
console.log(`handled per worker: ${counts.join(', ')}`);
await ActorRegistry.stopAll();
