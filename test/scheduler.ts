import test from 'ava';
import {call, deferReply, Future, receive, reply, self, sleep, type ActorRef, type Receives} from 'pykka';
import {useSystem} from './helpers/core.js';
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
	const {system, entries} = useSystem(t);
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
	t.deepEqual(entries, []);
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

// No handle when idle

test('a process whose main code ends while idle actors are alive exits with code 0', async t => {
	const {code, signal, stdout, stderr} = await runScript('test/helpers/core-idle-process.ts');
	t.is(signal, null, `the child was killed; stderr: ${stderr}`);
	t.is(code, 0, `stderr: ${stderr}`);
	t.is(stdout, 'ping pong in time all; alive: 7\n');
	t.is(stderr, '');
});
