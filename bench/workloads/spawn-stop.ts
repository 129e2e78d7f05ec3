/**
 * spawn-stop: start and stop 100,000 actors, each stopped right after it
 * starts; actors per second. Two pykka variants: a spawned generator
 * behaviour (the main row) and a class actor; the floor is the same for both.
 */
import {Actor, createSystem, getAll, type ActorSystem, type Future} from 'pykka';
import {createFloor} from '../floor.js';
import {check, scaled, throughput, type Measurement, type Workload} from '../workload.js';
import {idle} from './behaviours.js';

const ACTORS = 100_000;

/** A class actor that does nothing. */
class Idle extends Actor {}

async function pykkaSpawnStop(scale: number, metric: string, start: (system: ActorSystem) => {stop(): Future<boolean>}): Promise<Measurement> {
	const actors = scaled(ACTORS, scale);
	const system = createSystem();
	const stops: Array<Future<boolean>> = [];
	let stopped: boolean[] = [];
	const rate = await throughput(actors, async () => {
		for (let index = 0; index < actors; index++) {
			stops.push(start(system).stop());
		}

		stopped = await getAll(stops);
	});
	check(stopped.length === actors && stopped.every(Boolean), 'pykka did not stop every actor');
	check(system.registry.size === 0, 'pykka left actors in the registry');
	return {[metric]: rate};
}

async function floorSpawnStop(scale: number, metric: string): Promise<Measurement> {
	const actors = scaled(ACTORS, scale);
	const floor = createFloor();
	const stops: Array<Promise<boolean>> = [];
	let stopped: boolean[] = [];
	const rate = await throughput(actors, async () => {
		for (let index = 0; index < actors; index++) {
			stops.push(floor.spawn({}).stop());
		}

		stopped = await Promise.all(stops);
	});
	check(stopped.length === actors && stopped.every(Boolean), 'the floor did not stop every actor');
	return {[metric]: rate};
}

const description = `start and stop ${ACTORS.toLocaleString('en')} actors`;

export const spawnStop: Workload = {
	name: 'spawn-stop',
	description: `${description} (spawned generator behaviours)`,
	metrics: [{name: 'spawn-stop', unit: 'actor/s', better: 'higher', target: {kind: 'ratio', min: 0.5}}],
	async pykka(scale) {
		return pykkaSpawnStop(scale, 'spawn-stop', system => system.spawn(idle));
	},
	async floor(scale) {
		return floorSpawnStop(scale, 'spawn-stop');
	},
};

export const spawnStopClass: Workload = {
	name: 'spawn-stop-class',
	description: `${description} (class actors, system.start)`,
	metrics: [{name: 'spawn-stop-class', unit: 'actor/s', better: 'higher', target: {kind: 'ratio', min: 0.5}}],
	async pykka(scale) {
		return pykkaSpawnStop(scale, 'spawn-stop-class', system => system.start(Idle));
	},
	async floor(scale) {
		return floorSpawnStop(scale, 'spawn-stop-class');
	},
};
