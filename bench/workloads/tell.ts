/**
 * tell: 1,000,000 tells to one actor, then one ask; messages per second.
 */
import {createSystem} from 'pykka';
import {createFloor} from '../floor.js';
import {check, scaled, throughput, type Workload} from '../workload.js';
import {counter, FloorCounter, type CounterMessage} from './behaviours.js';

const TELLS = 1_000_000;

export const tell: Workload = {
	name: 'tell',
	description: `${TELLS.toLocaleString('en')} tells to one actor, then one ask`,
	metrics: [{name: 'tell', unit: 'msg/s', better: 'higher', target: {kind: 'ratio', min: 0.7}}],

	async pykka(scale) {
		const tells = scaled(TELLS, scale);
		const system = createSystem();
		const ref = system.spawn<CounterMessage, number>(counter);
		await ref.ask('get');
		let count = 0;
		const rate = await throughput(tells + 1, async () => {
			for (let index = 0; index < tells; index++) {
				ref.tell(1);
			}

			count = await ref.ask('get');
		});
		check(count === tells, `pykka counted ${count} of ${tells} tells`);
		await system.stopAll();
		return {tell: rate};
	},

	async floor(scale) {
		const tells = scaled(TELLS, scale);
		const ref = createFloor().spawn(new FloorCounter());
		await ref.ask('get');
		let count = 0;
		const rate = await throughput(tells + 1, async () => {
			for (let index = 0; index < tells; index++) {
				ref.tell('add', 1);
			}

			count = await ref.ask<number>('get');
		});
		check(count === tells, `the floor counted ${count} of ${tells} tells`);
		await ref.stop();
		return {tell: rate};
	},
};
