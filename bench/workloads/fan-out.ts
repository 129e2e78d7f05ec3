/**
 * fan-out: 10,000 actors × 100 tells, interleaved (round-robin over the
 * actors), then one ask to each; messages per second. The actor count scales.
 */
import {createSystem, getAll} from 'pykka';
import {createFloor} from '../floor.js';
import {check, scaled, throughput, type Workload} from '../workload.js';
import {counter, FloorCounter, type CounterMessage} from './behaviours.js';

const ACTORS = 10_000;
const TELLS_EACH = 100;

export const fanOut: Workload = {
	name: 'fan-out',
	description: `${ACTORS.toLocaleString('en')} actors × ${TELLS_EACH} interleaved tells, then ask each`,
	metrics: [{name: 'fan-out', unit: 'msg/s', better: 'higher', target: {kind: 'ratio', min: 0.7}}],

	async pykka(scale) {
		const actors = scaled(ACTORS, scale);
		const system = createSystem();
		const refs = Array.from({length: actors}, () => system.spawn<CounterMessage, number>(counter));
		await getAll(refs.map(ref => ref.ask('get')));
		let counts: number[] = [];
		const rate = await throughput(actors * (TELLS_EACH + 1), async () => {
			for (let round = 0; round < TELLS_EACH; round++) {
				for (const ref of refs) {
					ref.tell(1);
				}
			}

			counts = await getAll(refs.map(ref => ref.ask('get')));
		});
		check(counts.length === actors && counts.every(count => count === TELLS_EACH), 'pykka lost tells');
		await system.stopAll();
		return {'fan-out': rate};
	},

	async floor(scale) {
		const actors = scaled(ACTORS, scale);
		const floor = createFloor();
		const refs = Array.from({length: actors}, () => floor.spawn(new FloorCounter()));
		await Promise.all(refs.map(ref => ref.ask('get')));
		let counts: number[] = [];
		const rate = await throughput(actors * (TELLS_EACH + 1), async () => {
			for (let round = 0; round < TELLS_EACH; round++) {
				for (const ref of refs) {
					ref.tell('add', 1);
				}
			}

			counts = await Promise.all(refs.map(ref => ref.ask<number>('get')));
		});
		check(counts.length === actors && counts.every(count => count === TELLS_EACH), 'the floor lost tells');
		await Promise.all(refs.map(ref => ref.stop()));
		return {'fan-out': rate};
	},
};
