/**
 * The cost of the async context (see `source/runtime/async-context.ts`) on
 * Promise-heavy code outside actors: awaited asks from outside, before any
 * `async` handler ran, while one is running, and after it ended. Run alone,
 * in a process of its own, since Node keeps part of its promise hooks once
 * an `AsyncLocalStorage` has been used:
 *
 *   node --import=tsx bench/async-context.ts
 */
import {Actor, createSystem, receive, reply} from 'pykka';

const ASKS = 50_000;
const ROUNDS = 7;

const system = createSystem();
const echo = system.spawn(function * echo() {
	for (;;) {
		yield * reply(yield * receive());
	}
});

/** The median rate of awaited asks, in millions per second. */
async function askRate(): Promise<number> {
	const rates: number[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		const start = performance.now();
		for (let index = 0; index < ASKS; index++) {
			await echo.ask(index);
		}

		rates.push(ASKS / (performance.now() - start) / 1000);
	}

	rates.sort((a, b) => a - b);
	return rates[Math.floor(ROUNDS / 2)]!;
}

class Waiter extends Actor {
	async wait(gate: Promise<void>): Promise<void> {
		await gate;
	}
}

const before = await askRate();
const waiter = system.startProxy(Waiter);
let open!: () => void;
const waiting = waiter.wait(new Promise<void>(resolve => {
	open = resolve;
}));
const during = await askRate();
open();
await waiting;
const after = await askRate();
await system.stopAll();
console.log(`awaited asks from outside (M/s, median of ${ROUNDS} rounds of ${ASKS.toLocaleString('en')}): `
	+ `${before.toFixed(2)} before any async handler, ${during.toFixed(2)} while one runs, ${after.toFixed(2)} after it ended`);
