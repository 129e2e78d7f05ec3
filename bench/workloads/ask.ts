/**
 * ask: 100,000 sequential awaited asks from outside to an echo actor; asks per second.
 */
import {createSystem} from 'pykka';
import {createFloor} from '../floor.js';
import {check, scaled, throughput, type Workload} from '../workload.js';
import {echo, floorEcho} from './behaviours.js';

const ASKS = 100_000;

export const ask: Workload = {
	name: 'ask',
	description: `${ASKS.toLocaleString('en')} sequential awaited asks from outside to an echo actor`,
	metrics: [{name: 'ask', unit: 'ask/s', better: 'higher', target: {kind: 'ratio', min: 0.7}}],

	async pykka(scale) {
		const asks = scaled(ASKS, scale);
		const system = createSystem();
		const ref = system.spawn<number, number>(echo);
		await ref.ask(-1);
		const rate = await throughput(asks, async () => {
			for (let index = 0; index < asks; index++) {
				const answer = await ref.ask(index);
				check(answer === index, `pykka echoed ${answer} for ${index}`);
			}
		});
		await system.stopAll();
		return {ask: rate};
	},

	async floor(scale) {
		const asks = scaled(ASKS, scale);
		const ref = createFloor().spawn(floorEcho);
		await ref.ask('echo', -1);
		const rate = await throughput(asks, async () => {
			for (let index = 0; index < asks; index++) {
				const answer = await ref.ask<number>('echo', index);
				check(answer === index, `the floor echoed ${answer} for ${index}`);
			}
		});
		await ref.stop();
		return {ask: rate};
	},
};
