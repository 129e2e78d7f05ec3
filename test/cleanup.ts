import process from 'node:process';
import test from 'ava';
import {Actor, call, Future, receive, reply, sleep, type ActorRef} from 'pykka';
import {advanceUntilSettled, turn, useKit, useSystem} from './helpers/index.js';

function timers(): number {
	return process.getActiveResourcesInfo().filter(name => name === 'Timeout').length;
}

test.serial('stopping an actor suspended in sleep runs its finally once and clears its timer', async t => {
	const {system} = useSystem(t);
	const before = timers();
	let finallyRuns = 0;
	const asleep = new Future<void>();
	const ref = system.spawn(function * sleeper() {
		try {
			asleep.set();
			yield * sleep(60_000);
		} finally {
			finallyRuns++;
		}
	});
	await asleep;
	// The sleep's timer is set once the actor suspends; wait for that turn.
	await turn();
	t.is(timers(), before + 1);
	t.true(await ref.stop());
	t.is(finallyRuns, 1);
	t.is(timers(), before);
});

test.serial('stopping an actor suspended in a receive with a timeout runs its finally once and clears the timer', async t => {
	const {system} = useSystem(t);
	const before = timers();
	let finallyRuns = 0;
	const ref = system.spawn(function * waiter() {
		try {
			yield * receive({timeout: 60_000});
		} finally {
			finallyRuns++;
		}
	});
	t.true(await ref.stop());
	t.is(finallyRuns, 1);
	t.is(timers(), before);
});

test('stopping an actor suspended in a call runs its finally once; the late reply goes nowhere', async t => {
	const {system} = useSystem(t);
	const release = new Future<string>();
	const slow = system.spawn(function * slow() {
		for (;;) {
			yield * receive();
			yield * reply(yield * release);
		}
	});
	let finallyRuns = 0;
	const calling = new Future<void>();
	const caller = system.spawn(function * caller() {
		try {
			calling.set();
			yield * call(slow, 'work');
		} finally {
			finallyRuns++;
		}
	});
	await calling;
	t.true(await caller.stop());
	t.is(finallyRuns, 1);
	release.set('late');
	t.deepEqual(await system.stopAll(), [true]);
	t.is(finallyRuns, 1);
});

test('a finally block may still wait on effects while its actor stops; stop resolves after it', async t => {
	const kit = useKit(t);
	const steps: string[] = [];
	const ref = kit.spawn(function * tidy() {
		try {
			yield * receive();
		} finally {
			steps.push('cleanup started');
			yield * sleep(1);
			steps.push('cleanup done');
		}
	});
	const stopped = ref.stop();
	await advanceUntilSettled(kit, stopped);
	t.true(await stopped);
	t.deepEqual(steps, ['cleanup started', 'cleanup done']);
});

test('a behaviour cannot receive while it stops', async t => {
	const {system} = useSystem(t);
	const seen = new Future<unknown>();
	const ref = system.spawn(function * greedy() {
		try {
			yield * receive();
		} finally {
			try {
				yield * receive();
			} catch (error) {
				seen.set(error);
			}
		}
	});
	t.true(await ref.stop());
	t.regex(String(await seen), /is stopping and cannot receive/);
});

class Stopper extends Actor {
	others: ActorRef[] = [];

	* stopEverything() {
		return yield * this.system.stopAll();
	}
}

test('stopAll called from inside an actor stops every actor, that one last', async t => {
	const {system} = useSystem(t);
	const order: string[] = [];
	const spawnWatched = (name: string) => system.spawn(function * watched() {
		try {
			for (;;) {
				yield * receive();
			}
		} finally {
			order.push(name);
		}
	}, {name});
	spawnWatched('first');
	const stopper = system.start(Stopper);
	spawnWatched('last');
	const result = await stopper.proxy().stopEverything();
	t.deepEqual(result, [true, true, true]);
	t.deepEqual(order, ['last', 'first']);
	// The stopper itself stops after the message in hand.
	t.is(system.registry.size, 0);
	t.false(stopper.isAlive());
});

class AsyncStopper extends Actor {
	readonly log: string[];

	constructor(log: string[]) {
		super();
		this.log = log;
	}

	async stopEverything(gate: Future<void>): Promise<boolean[]> {
		// After an await, no actor step is running: the caller is known only
		// through the async context its method runs in.
		await gate;
		await Promise.resolve();
		const stopped = await this.system.stopAll();
		this.log.push('stopAll resolved');
		return stopped;
	}

	override onStop(): void {
		this.log.push('onStop');
	}
}

test('stopAll called from an async method after an await still recognises its caller: it is stopped last, nothing hangs', async t => {
	const {system} = useSystem(t);
	const order: string[] = [];
	for (const name of ['first', 'second']) {
		system.spawn(function * watched() {
			try {
				yield * receive();
			} finally {
				order.push(name);
			}
		}, {name});
	}

	const log: string[] = [];
	const stopper = system.start(AsyncStopper, log);
	system.spawn(function * watched() {
		try {
			yield * receive();
		} finally {
			order.push('last');
		}
	});
	const gate = new Future<void>();
	const proxy = stopper.proxy();
	const result = proxy.stopEverything(gate);
	gate.set();
	t.deepEqual(await result, [true, true, true, true]);
	t.deepEqual(order, ['last', 'second', 'first']);
	// The caller stops after the message in hand: a later stop settles once it is dead.
	t.false(await stopper.stop());
	t.is(system.registry.size, 0);
	t.deepEqual(log, ['stopAll resolved', 'onStop']);
});

test.serial('stopping every actor leaves no timer behind', async t => {
	const {system} = useSystem(t);
	const before = timers();
	for (let index = 0; index < 20; index++) {
		system.spawn(function * mixed() {
			for (;;) {
				yield * receive({timeout: 60_000});
			}
		});
		system.spawn(function * napper() {
			for (;;) {
				yield * sleep(60_000);
			}
		});
	}

	// Only the receiving actors are asked: a napper never takes a message, so a
	// stop queued behind an ask to it would wait for ever, as in Pykka.
	const asks = system.registry.getByClassName('mixed').map(ref => ref.ask('hi', {timeout: 60_000}));
	await turn();
	t.true(timers() > before);
	await system.stopAll();
	await Promise.allSettled(asks.map(async ask => ask));
	t.is(timers(), before);
});
