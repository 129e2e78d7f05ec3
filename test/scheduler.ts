import test, {type ExecutionContext} from 'ava';
import {call, deferReply, Future, receive, reply, self, sleep, type ActorRef, type Receives} from 'pykka';
import {useSystem} from './helpers/index.js';
import {runScript} from './helpers/process.js';

// Nothing runs synchronously

test('spawn, tell and ask never run actor code synchronously', async t => {
	const {system} = useSystem(t);
	const events: string[] = [];
	const ref = system.spawn<string, string>(function * Recorder() {
		events.push('started');
		for (;;) {
			const message = yield * receive<string>();
			events.push(message);
			yield * reply(message);
		}
	});
	t.deepEqual(events, []);
	ref.tell('told');
	t.deepEqual(events, []);
	const answer = ref.ask('asked');
	t.deepEqual(events, []);
	t.false(answer.settled);
	t.is(await answer, 'asked');
	t.deepEqual(events, ['started', 'told', 'asked']);
});

test('stop does not run the behaviour\'s finally blocks synchronously', async t => {
	const {system} = useSystem(t);
	const events: string[] = [];
	const asleep = new Future<void>();
	const ref = system.spawn(function * Sleeper() {
		try {
			asleep.set();
			yield * sleep(60_000);
		} finally {
			events.push('finally');
		}
	});
	await asleep;
	const stopped = ref.stop();
	t.deepEqual(events, []);
	t.true(await stopped);
	t.deepEqual(events, ['finally']);
});

test('settling a future an actor waits on does not run it synchronously', async t => {
	const {system} = useSystem(t);
	const events: string[] = [];
	const gate = new Future<string>();
	const waiting = new Future<void>();
	const done = new Future<void>();
	system.spawn(function * Waiter() {
		waiting.set();
		events.push(yield * gate);
		done.set();
	});
	await waiting;
	gate.set('resumed');
	t.deepEqual(events, []);
	await done;
	t.deepEqual(events, ['resumed']);
});

test('a message sent by one actor is handled after the sender\'s step, not inside it', async t => {
	const {system} = useSystem(t);
	const events: string[] = [];
	const done = new Future<void>();
	const receiver = system.spawn(function * Receiver() {
		yield * receive();
		events.push('receiver handled');
		done.set();
	});
	const sender = system.spawn(function * Sender() {
		yield * receive();
		events.push('before tell');
		receiver.tell('hi');
		events.push('after tell');
		yield * receive();
	});
	sender.tell('go');
	await done;
	t.deepEqual(events, ['before tell', 'after tell', 'receiver handled']);
});

// Round-robin fairness

test('a flood of messages to one actor does not starve another', async t => {
	const {system} = useSystem(t);
	const flood = 10_000;
	const order: string[] = [];
	const busy = system.spawn<number | string, string>(function * Busy() {
		for (;;) {
			yield * receive();
			order.push('busy');
			yield * reply('busy done');
		}
	});
	const other = system.spawn<string, string>(function * Other() {
		for (;;) {
			yield * receive();
			order.push('other');
			yield * reply('other done');
		}
	});
	for (let index = 0; index < flood; index++) {
		busy.tell(index);
	}

	// Sent after the whole flood, yet handled before it has drained.
	const otherDone = other.ask('hi');
	const busyDone = busy.ask('last');
	t.deepEqual(await Promise.all([otherDone, busyDone]), ['other done', 'busy done']);
	t.is(order.length, flood + 2);
	t.true(order.indexOf('other') < flood, `the other actor went after ${order.indexOf('other')} of the ${flood} messages`);
});

test('two flooded actors take turns', async t => {
	const {system} = useSystem(t);
	const flood = 5000;
	const order: string[] = [];
	function * recorder(name: string) {
		for (;;) {
			yield * receive();
			order.push(name);
			yield * reply(name);
		}
	}

	const a = system.spawn<number, string, [string]>(recorder, {name: 'A', args: ['a']});
	const b = system.spawn<number, string, [string]>(recorder, {name: 'B', args: ['b']});
	for (let index = 0; index < flood; index++) {
		a.tell(index);
	}

	for (let index = 0; index < flood; index++) {
		b.tell(index);
	}

	await Promise.all([a.ask(-1), b.ask(-1)]);
	t.is(order.length, 2 * (flood + 1));
	// Each goes before the other has drained its flood.
	t.true(order.indexOf('b') < order.lastIndexOf('a'));
	t.true(order.indexOf('a') < order.lastIndexOf('b'));
});

// Trampoline

test('100,000 request/reply round trips between two actors via call do not overflow the stack', async t => {
	const {system, log} = useSystem(t);
	const rounds = 100_000;
	const pong = system.spawn<number, number>(function * Pong() {
		for (;;) {
			yield * reply((yield * receive<number>()) + 1);
		}
	});
	const ping = system.spawn<number, number>(function * Ping() {
		for (;;) {
			const count = yield * receive<number>();
			let n = 0;
			for (let index = 0; index < count; index++) {
				n = yield * call(pong, n);
			}

			yield * reply(n);
		}
	});
	t.is(await ping.ask(rounds), rounds);
	t.deepEqual(log.errors, []);
	t.deepEqual(log.warnings, []);
});

test('100,000 tells passed back and forth between two actors do not overflow the stack', async t => {
	type Ball = {readonly hits: number; readonly from: ActorRef<Receives<Ball, void>>};
	const {system} = useSystem(t);
	const rounds = 100_000;
	const done = new Future<number>();
	function * player() {
		const me = (yield * self()) as ActorRef<Receives<Ball, void>>;
		for (;;) {
			const ball = yield * receive<Ball>();
			if (ball.hits >= rounds) {
				done.set(ball.hits);
			} else {
				ball.from.tell({hits: ball.hits + 1, from: me});
			}
		}
	}

	const a = system.spawn<Ball, void>(player);
	const b = system.spawn<Ball, void>(player);
	a.tell({hits: 0, from: b});
	t.is(await done, rounds);
});

// Handing the thread back to the event loop

/**
 * An actor that tells itself messages one after another, until `flag.stop`
 * is set or `limit` messages are done; it answers the ask that started it
 * with the count. If the interpreter never let the event loop run, nothing
 * could set the flag and it would count to `limit`.
 */
function spawnSpinner(system: ReturnType<typeof useSystem>['system'], flag: {stop: boolean}, limit: number) {
	return system.spawn<string, number>(function * Spinner() {
		const me = yield * self();
		yield * receive();
		const owed = yield * deferReply<number>();
		let count = 0;
		me.tell('tick');
		while (count < limit && !flag.stop) {
			yield * receive();
			count++;
			me.tell('tick');
		}

		owed.resolve(count);
	});
}

test('the interpreter lets a setImmediate callback run while it is busy', async t => {
	const {system} = useSystem(t);
	const limit = 5_000_000;
	const flag = {stop: false};
	const spinner = spawnSpinner(system, flag, limit);
	const count = spinner.ask('start');
	setImmediate(() => {
		flag.stop = true;
	});
	const done = await count;
	t.true(flag.stop);
	t.true(done < limit, `the spinner handled all ${limit} messages before the setImmediate callback ran`);
});

test('the interpreter lets a timer callback run while it is busy', async t => {
	const {system} = useSystem(t);
	const limit = 5_000_000;
	const flag = {stop: false};
	const spinner = spawnSpinner(system, flag, limit);
	const count = spinner.ask('start');
	setTimeout(() => {
		flag.stop = true;
	}, 0);
	const done = await count;
	t.true(flag.stop);
	t.true(done < limit, `the spinner handled all ${limit} messages before the timer callback ran`);
});

test('a long flood of messages lets a setImmediate callback run before it has drained', async t => {
	const {system} = useSystem(t);
	const flood = 1_000_000;
	const order: string[] = [];
	let handled = 0;
	const ref = system.spawn<number, number>(function * Sink() {
		for (;;) {
			yield * receive();
			handled++;
			yield * reply(handled);
		}
	});
	for (let index = 0; index < flood; index++) {
		ref.tell(index);
	}

	const last = ref.ask(-1);
	setImmediate(() => {
		order.push(`immediate after ${handled}`);
	});
	t.is(await last, flood + 1);
	order.push('flood drained');
	t.is(order.length, 2);
	t.not(order[0], `immediate after ${flood + 1}`);
	t.is(order[1], 'flood drained');
});

// Handing the thread back in time, whatever a step costs

/** Keeps the thread busy for `ms` milliseconds, as a costly handler would. */
function spin(ms: number): void {
	const end = performance.now() + ms;
	while (performance.now() < end) {
		// Busy on purpose.
	}
}

/**
 * Counts the handlers (each calls `handled()`) that run between two
 * consecutive `setImmediate` callbacks, re-armed one after another: the
 * scheduler's turns alternate with them, so the count is the number of
 * handlers one turn ran before Node's event loop got the thread back.
 * `stop()` gives the largest count. No clock: a turn that ran too long shows
 * as too many handlers.
 */
function watchTurns(): {handled(): void; stop(): number} {
	let handled = 0;
	let most = 0;
	let watching = true;
	const tick = (): void => {
		most = Math.max(most, handled);
		handled = 0;
		if (watching) {
			setImmediate(tick);
		}
	};

	setImmediate(tick);
	return {
		handled() {
			handled++;
		},
		stop() {
			watching = false;
			return Math.max(most, handled);
		},
	};
}

/** Floods `actors` actors with `tells` messages each, every handler busy for `cost` ms; gives the most handlers one turn ran. */
async function floodCostly(t: ExecutionContext, actors: number, tells: number, cost: number): Promise<number> {
	const {system} = useSystem(t);
	const turns = watchTurns();
	const refs = Array.from({length: actors}, () => system.spawn<number | 'count', number>(function * Costly() {
		let count = 0;
		for (;;) {
			const message = yield * receive<number | 'count'>();
			if (message === 'count') {
				yield * reply(count);
			} else {
				spin(cost);
				count++;
				turns.handled();
			}
		}
	}));
	for (let index = 0; index < tells; index++) {
		for (const ref of refs) {
			ref.tell(index);
		}
	}

	const counts = await Promise.all(refs.map(async ref => ref.ask('count')));
	t.deepEqual(counts, refs.map(() => tells));
	return turns.stop();
}

test('handlers of 1 ms each let the event loop run every few handlers', async t => {
	// 200 ms of work. A turn should last about 6 ms: a few handlers, where a
	// budget of steps alone would run 64 or more.
	const most = await floodCostly(t, 4, 50, 1);
	t.true(most <= 20, `one turn ran ${most} handlers of 1 ms`);
});

test('handlers of 0.02 ms each let the event loop run every few hundred handlers', async t => {
	// 120 ms of work. A 6 ms turn runs ~300 such handlers; 600 is 12 ms,
	// where a budget of steps alone would run 1024 or more.
	const most = await floodCostly(t, 4, 1500, 0.02);
	t.true(most <= 600, `one turn ran ${most} handlers of 0.02 ms`);
});

test('actors passing a message back and forth with 1 ms handlers let the event loop run every few handlers', async t => {
	// Each slice is one step that ends in a wait, which costs the scheduler's
	// count of work less than a full slice does.
	const {system} = useSystem(t);
	const hops = 200;
	const turns = watchTurns();
	const done = new Future<number>();
	const players: Array<ActorRef<Receives<number, void>>> = [];
	for (const index of [0, 1]) {
		players.push(system.spawn<number, void>(function * Player() {
			for (;;) {
				const hit = yield * receive<number>();
				spin(1);
				turns.handled();
				if (hit >= hops) {
					done.set(hit);
				} else {
					players[1 - index]!.tell(hit + 1);
				}
			}
		}));
	}

	players[0]!.tell(1);
	t.is(await done, hops);
	const most = turns.stop();
	t.true(most <= 20, `one turn ran ${most} handlers of 1 ms`);
});

// No handle when idle

test('a process whose main code ends while idle actors are alive exits with code 0', async t => {
	const {code, signal, stdout, stderr} = await runScript('test/helpers/core-idle-process.ts');
	t.is(signal, null, `the child was killed; stderr: ${stderr}`);
	t.is(code, 0, `stderr: ${stderr}`);
	t.is(stdout, 'ping pong in time all; alive: 7\n');
	t.is(stderr, '');
});
