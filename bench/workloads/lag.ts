/**
 * event-loop lag: the worst delay of a 10 ms `setInterval` while one actor
 * handles a flood of 1,000,000 tells (queued before the clock starts, so
 * that only the handling is measured). The floor never hands the thread
 * back, so its figure is the whole flood.
 */
import {createSystem} from 'pykka';
import {createFloor} from '../floor.js';
import {check, scaled, type Workload} from '../workload.js';
import {counter, FloorCounter, type CounterMessage} from './behaviours.js';

const FLOOD = 1_000_000;
/** The period (ms) of the interval timer whose lateness is measured. */
export const INTERVAL = 10;

/** The worst lateness (ms) of an interval timer while `handled` is pending. */
export async function worstLag(handled: PromiseLike<unknown>): Promise<number> {
	let worst = 0;
	let last = performance.now();
	const timer = setInterval(() => {
		const now = performance.now();
		worst = Math.max(worst, now - last - INTERVAL);
		last = now;
	}, INTERVAL);
	try {
		await handled;
	} finally {
		clearInterval(timer);
	}

	return Math.max(0, worst, performance.now() - last - INTERVAL);
}

export const lag: Workload = {
	name: 'lag',
	description: `worst delay of a ${INTERVAL} ms setInterval during a ${FLOOD.toLocaleString('en')}-message flood`,
	metrics: [{name: 'lag', unit: 'ms', better: 'lower', target: {kind: 'max', max: 20}}],

	async pykka(scale) {
		const messages = scaled(FLOOD, scale);
		const system = createSystem();
		const ref = system.spawn<CounterMessage, number>(counter);
		await ref.ask('get');
		for (let index = 0; index < messages; index++) {
			ref.tell(1);
		}

		const count = ref.ask('get');
		const worst = await worstLag(count);
		check(await count === messages, 'pykka lost tells');
		await system.stopAll();
		return {lag: worst};
	},

	async floor(scale) {
		const messages = scaled(FLOOD, scale);
		const ref = createFloor().spawn(new FloorCounter());
		await ref.ask('get');
		for (let index = 0; index < messages; index++) {
			ref.tell('add', 1);
		}

		const count = ref.ask<number>('get');
		const worst = await worstLag(count);
		check(await count === messages, 'the floor lost tells');
		await ref.stop();
		return {lag: worst};
	},
};
