/**
 * idle memory: 100,000 idle actors; heap and RSS bytes per actor, measured
 * after forced garbage collection (run Node with `--expose-gc`). The array
 * that holds the refs is allocated before the first measurement, so it is
 * not counted.
 */
import process from 'node:process';
import {Actor, createSystem, type ActorRef, type ActorSystem} from 'pykka';
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

/** Bytes per idle pykka actor, each made by `start` and waiting in its receive. */
async function pykkaMemory(scale: number, start: (system: ActorSystem) => ActorRef): Promise<{before: Usage; after: Usage; actors: number}> {
	if (globalThis.gc === undefined) {
		throw new Error('The memory workload needs `node --expose-gc`');
	}

	const actors = scaled(ACTORS, scale);
	const system = createSystem();
	const refs = Array.from<ActorRef | undefined>({length: actors}).fill(undefined);
	const before = usage();
	for (let index = 0; index < actors; index++) {
		refs[index] = start(system);
	}

	// The run queue is first in, first out: once the last actor answers,
	// every actor has taken its first step and waits in `receive`.
	await refs.at(-1)?.ask('ready');
	const after = usage();
	await system.stopAll();
	return {before, after, actors};
}

async function floorMemory(scale: number): Promise<{before: Usage; after: Usage; actors: number}> {
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
	await Promise.all(refs.map(async ref => ref?.stop()));
	return {before, after, actors};
}

export const memory: Workload = {
	name: 'memory',
	description: `${ACTORS.toLocaleString('en')} idle actors (spawned generator behaviours), bytes per actor after forced GC`,
	metrics: [
		{name: 'memory-heap', unit: 'B/actor', better: 'lower', target: {kind: 'max', max: 600}},
		{name: 'memory-rss', unit: 'B/actor', better: 'lower', target: undefined},
	],
	runsFirst: true,

	async pykka(scale) {
		const {before, after, actors} = await pykkaMemory(scale, system => system.spawn(idle));
		return perActor(before, after, actors);
	},

	async floor(scale) {
		const {before, after, actors} = await floorMemory(scale);
		return perActor(before, after, actors);
	},
};

/** An idle class actor. */
class Idle extends Actor {}

export const memoryClass: Workload = {
	name: 'memory-class',
	description: `${ACTORS.toLocaleString('en')} idle class actors (system.start), heap bytes per actor after forced GC`,
	metrics: [{name: 'memory-heap-class', unit: 'B/actor', better: 'lower', target: {kind: 'max', max: 600}}],
	runsFirst: true,

	async pykka(scale) {
		const {before, after, actors} = await pykkaMemory(scale, system => system.start(Idle));
		return {'memory-heap-class': (after.heap - before.heap) / actors};
	},

	async floor(scale) {
		const {before, after, actors} = await floorMemory(scale);
		return {'memory-heap-class': (after.heap - before.heap) / actors};
	},
};
