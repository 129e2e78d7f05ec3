/**
 * idle memory: 100,000 idle actors; heap and RSS bytes per actor, measured
 * after forced garbage collection (run Node with `--expose-gc`). The array
 * that holds the refs is allocated before the first measurement, so it is
 * not counted.
 */
import {createSystem, type ActorRef} from 'pykka';
import {createFloor, type FloorRef} from '../floor.js';
import {collectGarbage, scaled, type Measurement, type Workload} from '../workload.js';
import {idle} from './behaviours.js';

const ACTORS = 100_000;

type Usage = {readonly heap: number; readonly rss: number};

function usage(): Usage {
	// Several collections, not one: V8 frees the bytecode of functions unused
	// for a few collections (start-up code, mostly), which would otherwise
	// shrink the heap between the two measurements.
	for (let index = 0; index < 8; index++) {
		collectGarbage();
	}

	const {heapUsed, rss} = process.memoryUsage();
	return {heap: heapUsed, rss};
}

function perActor(before: Usage, after: Usage, actors: number): Measurement {
	return {
		'memory-heap': (after.heap - before.heap) / actors,
		'memory-rss': (after.rss - before.rss) / actors,
	};
}

export const memory: Workload = {
	name: 'memory',
	description: `${ACTORS.toLocaleString('en')} idle actors, bytes per actor after forced GC`,
	metrics: [
		{name: 'memory-heap', unit: 'B/actor', better: 'lower', target: {kind: 'max', max: 600}},
		{name: 'memory-rss', unit: 'B/actor', better: 'lower', target: undefined},
	],
	runsFirst: true,

	async pykka(scale) {
		if (globalThis.gc === undefined) {
			throw new Error('The memory workload needs `node --expose-gc`');
		}

		const actors = scaled(ACTORS, scale);
		const system = createSystem();
		const refs = Array.from<ActorRef | undefined>({length: actors}).fill(undefined);
		const before = usage();
		for (let index = 0; index < actors; index++) {
			refs[index] = system.spawn(idle);
		}

		// The run queue is first in, first out: once the last actor answers,
		// every actor has taken its first step and waits in `receive`.
		await refs.at(-1)?.ask('ready');
		const after = usage();
		const result = perActor(before, after, refs.length);
		await system.stopAll();
		return result;
	},

	async floor(scale) {
		if (globalThis.gc === undefined) {
			throw new Error('The memory workload needs `node --expose-gc`');
		}

		const actors = scaled(ACTORS, scale);
		const floor = createFloor();
		const refs = Array.from<FloorRef | undefined>({length: actors}).fill(undefined);
		const before = usage();
		for (let index = 0; index < actors; index++) {
			refs[index] = floor.spawn({});
		}

		const after = usage();
		const result = perActor(before, after, refs.length);
		await Promise.all(refs.map(async ref => ref?.stop()));
		return result;
	},
};
