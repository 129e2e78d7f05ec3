/**
 * lag-costly: the worst delay of a 10 ms `setInterval` while handlers that
 * each take real synchronous time run back to back. Three phases, one
 * metric each, on one system:
 *
 * - `lag-1ms`: 4 actors, 100 tells each, every handler busy for 1 ms;
 * - `lag-0.02ms`: 4 actors, 5,000 tells each, every handler busy for 0.02 ms;
 * - `lag-1ms-relay`: a token passed 400 times round a ring of 8 actors,
 *   every hop busy for 1 ms, so that each turn is one step ending in a wait.
 *
 * Each phase is ~400 ms of work, queued (or started) before the clock
 * starts. The floor never hands the thread back, so its figure is the whole
 * phase.
 */
import {createSystem, Future, receive, reply, type ActorRef, type ActorSystem, type Operation, type Receives} from 'pykka';
import {createFloor, type FloorRef, type FloorSystem} from '../floor.js';
import {check, scaled, type Measurement, type Workload} from '../workload.js';
import {INTERVAL, worstLag} from './lag.js';

const ACTORS = 4;
const RING = 8;
const HOPS = 400;
/** Tells per actor for each handler cost (ms), ~400 ms in all. */
const PHASES = [{metric: 'lag-1ms', cost: 1, tells: 100}, {metric: 'lag-0.02ms', cost: 0.02, tells: 5000}] as const;
const RELAY = {metric: 'lag-1ms-relay', cost: 1} as const;

/** Keeps the thread busy for `ms` milliseconds, as a costly handler would. */
function spin(ms: number): void {
	const end = performance.now() + ms;
	while (performance.now() < end) {
		// Busy on purpose.
	}
}

/** A pykka worker: each number told costs `cost` ms; `'get'` answers how many were handled. */
function * worker(cost: number): Operation<never> {
	let handled = 0;
	for (;;) {
		const message = yield * receive<number | 'get'>();
		if (message === 'get') {
			yield * reply(handled);
		} else {
			spin(cost);
			handled++;
		}
	}
}

/** The floor's worker. */
class FloorWorker {
	readonly #cost: number;
	handled = 0;

	constructor(cost: number) {
		this.#cost = cost;
	}

	work(): void {
		spin(this.#cost);
		this.handled++;
	}

	get(): number {
		return this.handled;
	}
}

async function floodPykka(system: ActorSystem, cost: number, tells: number): Promise<number> {
	const refs = Array.from({length: ACTORS}, () => system.spawn<number | 'get', number, [number]>(worker, {args: [cost]}));
	await Promise.all(refs.map(async ref => ref.ask('get')));
	for (let index = 0; index < tells; index++) {
		for (const ref of refs) {
			ref.tell(index);
		}
	}

	const counts = Promise.all(refs.map(async ref => ref.ask('get')));
	const worst = await worstLag(counts);
	const answered = await counts;
	check(answered.every(count => count === tells), 'pykka lost tells');
	await Promise.all(refs.map(async ref => ref.stop()));
	return worst;
}

async function floodFloor(floor: FloorSystem, cost: number, tells: number): Promise<number> {
	const refs = Array.from({length: ACTORS}, () => floor.spawn(new FloorWorker(cost)));
	await Promise.all(refs.map(async ref => ref.ask('get')));
	for (let index = 0; index < tells; index++) {
		for (const ref of refs) {
			ref.tell('work');
		}
	}

	const counts = Promise.all(refs.map(async ref => ref.ask<number>('get')));
	const worst = await worstLag(counts);
	const answered = await counts;
	check(answered.every(count => count === tells), 'the floor lost tells');
	await Promise.all(refs.map(async ref => ref.stop()));
	return worst;
}

async function relayPykka(system: ActorSystem, hops: number): Promise<number> {
	const done = new Future<void>();
	const ring: Array<ActorRef<Receives<number, void>>> = [];
	for (let index = 0; index < RING; index++) {
		ring.push(system.spawn<number, void>(function * Relay() {
			for (;;) {
				const left = yield * receive<number>();
				spin(RELAY.cost);
				if (left === 0) {
					done.set();
				} else {
					ring[(index + 1) % RING]!.tell(left - 1);
				}
			}
		}));
	}

	ring[0]!.tell(hops - 1);
	const worst = await worstLag(done);
	await Promise.all(ring.map(async ref => ref.stop()));
	return worst;
}

async function relayFloor(floor: FloorSystem, hops: number): Promise<number> {
	let finish!: () => void;
	const done = new Promise<void>(resolve => {
		finish = resolve;
	});
	const ring: FloorRef[] = [];
	for (let index = 0; index < RING; index++) {
		ring.push(floor.spawn({
			hop(left: number): void {
				spin(RELAY.cost);
				if (left === 0) {
					finish();
				} else {
					ring[(index + 1) % RING]!.tell('hop', left - 1);
				}
			},
		}));
	}

	ring[0]!.tell('hop', hops - 1);
	const worst = await worstLag(done);
	await Promise.all(ring.map(async ref => ref.stop()));
	return worst;
}

export const lagCostly: Workload = {
	name: 'lag-costly',
	description: `worst delay of a ${INTERVAL} ms setInterval while handlers of 1 ms / 0.02 ms each run (~400 ms a phase)`,
	metrics: [...PHASES, RELAY].map(({metric}) => ({name: metric, unit: 'ms', better: 'lower', target: {kind: 'max', max: 20}})),

	async pykka(scale) {
		const system = createSystem();
		const measurement: Record<string, number> = {};
		for (const {metric, cost, tells} of PHASES) {
			measurement[metric] = await floodPykka(system, cost, scaled(tells, scale));
		}

		measurement[RELAY.metric] = await relayPykka(system, scaled(HOPS, scale));
		await system.stopAll();
		return measurement satisfies Measurement;
	},

	async floor(scale) {
		const floor = createFloor();
		const measurement: Record<string, number> = {};
		for (const {metric, cost, tells} of PHASES) {
			measurement[metric] = await floodFloor(floor, cost, scaled(tells, scale));
		}

		measurement[RELAY.metric] = await relayFloor(floor, scaled(HOPS, scale));
		return measurement satisfies Measurement;
	},
};
