import test from 'ava';
import {
	Actor, call, DeadlockError, deferReply, Future, getAll, receive, reply, sleep, TimeoutError, type ActorProxy, type ActorRef, type Reply,
} from 'pykka';
import {useKit, useSystem} from './helpers/index.js';

class Narcissus extends Actor {
	* admire(): Generator<never, string, unknown> {
		return 'self';
	}

	* waitOnSelf() {
		const me = this.actorRef.proxy() as ActorProxy<Narcissus>;
		return yield * me.admire();
	}

	returnOwnFuture() {
		const me = this.actorRef.proxy() as ActorProxy<Narcissus>;
		return me.admire();
	}

	* catchOwnDeadlock() {
		const me = this.actorRef.proxy() as ActorProxy<Narcissus>;
		try {
			yield * me.admire();
			return 'no error';
		} catch (error) {
			return error;
		}
	}
}

test('an actor waiting on its own proxy fails at once with DeadlockError naming itself twice', async t => {
	const {system} = useSystem(t);
	const ref = system.start(Narcissus);
	const error = await t.throwsAsync(ref.proxy().waitOnSelf(), {instanceOf: DeadlockError});
	t.is(error?.message, `Deadlock: ${String(ref)} → ${String(ref)}`);
	t.deepEqual(error?.cycle, [ref, ref]);
	t.true(ref.isAlive(), 'a failed ask leaves a class actor alive');
});

test('a method that returns its own proxy call\'s future is a deadlock too', async t => {
	const {system} = useSystem(t);
	const ref = system.start(Narcissus);
	await t.throwsAsync(ref.proxy().returnOwnFuture(), {instanceOf: DeadlockError});
});

test('the behaviour that closes the cycle can catch the DeadlockError and go on', async t => {
	const {system} = useSystem(t);
	const ref = system.start(Narcissus);
	const caught = await ref.proxy().catchOwnDeadlock();
	t.true(caught instanceof DeadlockError);
	t.is(await ref.proxy().admire(), 'self');
});

class Ping extends Actor {
	pong: ActorProxy<Pong> | undefined;

	setPong(pong: ActorProxy<Pong>) {
		this.pong = pong;
	}

	* serve() {
		return yield * this.pong!.returnServe();
	}

	hit() {
		return 'ping';
	}
}

class Pong extends Actor {
	ping: ActorProxy<Ping> | undefined;
	caught: DeadlockError | undefined;

	setPing(ping: ActorProxy<Ping>) {
		this.ping = ping;
	}

	* returnServe() {
		try {
			return yield * this.ping!.hit();
		} catch (error) {
			if (error instanceof DeadlockError) {
				this.caught = error;
			}

			throw error;
		}
	}
}

test('two actors waiting on each other: the one that closes the cycle gets the DeadlockError, in cycle order', async t => {
	const {system} = useSystem(t);
	const ping = system.startProxy(Ping);
	const pong = system.startProxy(Pong);
	await ping.setPong(pong);
	await pong.setPing(ping);
	const error = await t.throwsAsync(ping.serve(), {instanceOf: DeadlockError});
	const cycle = [pong.actorRef, ping.actorRef, pong.actorRef];
	t.is(error?.message, `Deadlock: ${cycle.map(String).join(' → ')}`);
	t.deepEqual(error?.cycle, cycle);
	t.is(await pong.caught, error, 'Pong saw the very error that reached Ping\'s asker');
	t.is(await ping.hit(), 'ping', 'both actors live on');
});

test('a cycle through three spawned actors using call is detected', async t => {
	const {system} = useSystem(t);
	const refs: ActorRef[] = [];
	const forwarder = function * forwarder(index: number) {
		for (;;) {
			const message = yield * receive<string>();
			if (message === 'forward') {
				try {
					yield * reply(yield * call(refs[(index + 1) % 3]!, 'forward'));
				} catch (error) {
					yield * reply(error);
				}
			}
		}
	};

	for (const index of [0, 1, 2]) {
		refs.push(system.spawn(forwarder, {name: `F${index}`, args: [index]}));
	}

	// F0 asks F1, F1 asks F2, F2 asks F0: F2 closes the cycle and gets the error as its call's result.
	const answer = await refs[0]!.ask('forward');
	t.true(answer instanceof DeadlockError);
	t.deepEqual((answer as DeadlockError).cycle, [refs[2], refs[0], refs[1], refs[2]]);
});

test('waiting on a slow but live actor is not a deadlock', async t => {
	const kit = useKit(t);
	const slow = kit.spawn(function * slow() {
		for (;;) {
			const message = yield * receive<number>();
			yield * sleep(5);
			yield * reply(message + 1);
		}
	});
	const waiter = kit.spawn(function * waiter() {
		for (;;) {
			const message = yield * receive<number>();
			yield * reply(yield * call(slow, message));
		}
	});
	const answer = waiter.ask(1);
	await kit.advance(5);
	t.is(await answer, 2);
});

test('waiting on a user-made future, a promise or a timer is not a deadlock', async t => {
	const kit = useKit(t);
	const made = new Future<string>();
	const ref = kit.spawn(function * waiter() {
		yield * receive();
		const a = yield * made;
		const b = yield * Future.from(Promise.resolve('promise'));
		yield * sleep(1);
		yield * reply([a, b]);
		yield * receive();
	});
	const answer = ref.ask('go');
	made.set('made');
	await kit.advance(1);
	t.deepEqual(await answer, ['made', 'promise']);
});

test('an ask whose reply was handed to another actor is not counted as owed by the first', async t => {
	// A asks B; B defers its reply, hands it to C, then asks A. A could still be
	// answered by C, so B's wait on A is no deadlock: it completes once C answers.
	const kit = useKit(t);
	const c = kit.spawn(function * c() {
		const owed = yield * receive<Reply<string>>();
		yield * sleep(1);
		owed.resolve('from C');
		yield * receive();
	});
	let a: ActorRef | undefined;
	const b = kit.spawn(function * b() {
		yield * receive();
		const owed = yield * deferReply<string>();
		c.tell(owed);
		yield * reply(yield * call(a!, 'question'));
		yield * receive();
	});
	a = kit.spawn(function * a() {
		const start = yield * receive();
		const fromB = yield * call(b, 'work');
		yield * reply(fromB);
		const question = yield * receive();
		yield * reply(`answer to ${String(question)}`);
		void start;
		yield * receive();
	});
	const answer = a.ask('start');
	await kit.advance(1);
	t.is(await answer, 'from C');
});

class SelfStopper extends Actor {
	* stopAndWait() {
		return yield * this.actorRef.stop();
	}
}

test('a class actor awaiting its own stop is told it is a deadlock, since it stops only after the message in hand', async t => {
	const {system} = useSystem(t);
	const ref = system.start(SelfStopper);
	const error = await t.throwsAsync(ref.proxy().stopAndWait(), {instanceOf: DeadlockError});
	t.deepEqual(error?.cycle, [ref, ref]);
});

test('a spawned actor awaiting its own stop is stopped there: its finally runs and the ask in hand rejects', async t => {
	const {system} = useSystem(t);
	const cleanedUp = new Future<string>();
	const ref = system.spawn(function * stopper() {
		const me = yield * receive<ActorRef>();
		try {
			yield * me.stop();
		} finally {
			cleanedUp.set('finally ran');
		}
	});
	await t.throwsAsync(ref.ask(ref), {message: `${String(ref)} is not alive`});
	t.is(await cleanedUp, 'finally ran');
	t.false(ref.isAlive());
});

test('a chain through a wait that has a timeout is no deadlock: that wait ends by itself', async t => {
	// B waits on C with a timeout, A waits on B, then C waits on A: the cycle
	// C → A → B → C breaks when B's timeout fires, after which B answers A,
	// and A answers C.
	const kit = useKit(t);
	let a: ActorRef | undefined;
	const gate = new Future<void>();
	const cGot = new Future<unknown>();
	const c = kit.spawn(function * c() {
		yield * receive();
		yield * gate;
		yield * reply('held');
		yield * receive();
		try {
			cGot.set(yield * call(a!, 'from C'));
		} catch (error) {
			cGot.set(error);
		}

		yield * receive();
	});
	const b = kit.spawn(function * b() {
		yield * receive();
		try {
			yield * reply(yield * call(c, 'from B', {timeout: 20}));
		} catch (error) {
			yield * reply(error);
		}

		yield * reply(`B answers ${String(yield * receive())}`);
		yield * receive();
	});
	a = kit.spawn(function * a() {
		for (;;) {
			const message = yield * receive<string>();
			yield * reply(message === 'start' ? yield * call(b, 'from A') : `A answers ${message}`);
		}
	});
	const held = c.ask('hold');
	const bOutcome = b.ask('start');
	const aOutcome = a.ask('start');
	// Let B and A reach their waits before C is released to wait on A; B's
	// timeout fires only when time moves.
	await kit.runUntilIdle();
	gate.set();
	t.is(await held, 'held');
	await kit.advance(20);
	t.is(await cGot, 'A answers from C');
	t.true(await bOutcome instanceof TimeoutError);
	t.is(await aOutcome, 'B answers from A');
});

// Cycles through combined and derived futures, handed-on replies and async methods

const wrappers: ReadonlyArray<[string, (future: Future<unknown>) => Future<unknown>]> = [
	['getAll', future => getAll([future, Future.from('other')])],
	['map', future => future.map(value => value)],
	['join', future => future.join(Future.from('other'))],
	['filter', future => (future as Future<unknown[]>).filter(() => true)],
	['reduce', future => (future as Future<number[]>).reduce((sum, item) => sum + item, 0)],
];

for (const [name, wrap] of wrappers) {
	test(`a cycle that closes through ${name} of an ask future fails with DeadlockError naming it`, async t => {
		const {system} = useSystem(t);
		let b: ActorRef | undefined;
		const a = system.spawn(function * a() {
			yield * receive();
			try {
				yield * wrap(b!.ask('back'));
				yield * reply('no deadlock');
			} catch (error) {
				yield * reply(error);
			}
		});
		b = system.spawn(function * b() {
			yield * receive();
			yield * reply(yield * call(a, 'hello'));
			yield * receive();
		});
		const error = await b.ask('start');
		t.true(error instanceof DeadlockError, String(error));
		t.deepEqual((error as DeadlockError).cycle, [a, b, a]);
	});

	test(`a cycle found from the other side, through an actor waiting on ${name}, fails with DeadlockError`, async t => {
		const {system} = useSystem(t);
		let b: ActorRef | undefined;
		const a = system.spawn(function * a() {
			yield * receive();
			yield * reply(yield * wrap(b!.ask('back')));
		});
		b = system.spawn(function * b() {
			const asked = yield * receive<ActorRef>();
			void asked;
			try {
				yield * call(a, 'hello');
				yield * reply('no deadlock');
			} catch (error) {
				yield * reply(error);
			}
		});
		const waiting = a.ask('start');
		const error = await b.ask(a);
		t.true(error instanceof DeadlockError, String(error));
		t.deepEqual((error as DeadlockError).cycle, [b, a, b]);
		void waiting.catch(() => undefined);
	});
}

test('a cycle through a Reply handed on to another actor fails with DeadlockError naming the holder', async t => {
	// A asks B; B defers its reply and hands it to C in a message; C then asks
	// A. A waits on an answer only C can give, and C waits on A.
	const {system} = useSystem(t);
	let a: ActorRef | undefined;
	const c = system.spawn(function * c() {
		const {owed} = yield * receive<{owed: Reply<unknown>}>();
		try {
			yield * call(a!, 'question');
			owed.resolve('no deadlock');
		} catch (error) {
			owed.resolve(error);
		}

		yield * receive();
	});
	const b = system.spawn(function * b() {
		yield * receive();
		const owed = yield * deferReply();
		c.tell({owed});
		yield * receive();
	});
	a = system.spawn(function * a() {
		yield * receive();
		yield * reply(yield * call(b, 'work'));
		yield * receive();
	});
	const error = await a.ask('start');
	t.true(error instanceof DeadlockError, String(error));
	t.deepEqual((error as DeadlockError).cycle, [c, a, c]);
});

class AsyncPing extends Actor {
	pong: ActorProxy<AsyncPong> | undefined;

	meet(pong: ActorProxy<AsyncPong>): void {
		this.pong = pong;
	}

	async serveAwaiting(): Promise<string> {
		const ball = await this.pong!.ball();
		return ball;
	}

	back(): string {
		return 'back';
	}
}

class AsyncPong extends Actor {
	ping: ActorProxy<AsyncPing> | undefined;

	meet(ping: ActorProxy<AsyncPing>): void {
		this.ping = ping;
	}

	async ball(): Promise<string> {
		await Promise.resolve();
		return `ball ${await this.ping!.back()}`;
	}
}

test('two async methods awaiting each other\'s actors fail with DeadlockError naming the cycle', async t => {
	const {system} = useSystem(t);
	const ping = system.startProxy(AsyncPing);
	const pong = system.startProxy(AsyncPong);
	await ping.meet(pong);
	await pong.meet(ping);
	const error = await t.throwsAsync(ping.serveAwaiting(), {instanceOf: DeadlockError});
	t.deepEqual(error?.cycle, [pong.actorRef, ping.actorRef, pong.actorRef]);
	t.true(ping.actorRef.isAlive());
	t.true(pong.actorRef.isAlive());
});

class AsyncNarcissus extends Actor {
	async admire(): Promise<string> {
		return 'self';
	}

	async waitOnSelf(): Promise<string> {
		await Promise.resolve();
		const me = this.actorRef.proxy() as ActorProxy<AsyncNarcissus>;
		return me.admire();
	}

	async thenWithoutWaiting(seen: Future<string>): Promise<string> {
		await Promise.resolve();
		const me = this.actorRef.proxy() as ActorProxy<AsyncNarcissus>;
		// Not a wait: the method goes on, and the callback runs later.
		void me.admire().then(value => {
			seen.set(value);
		});
		return 'went on';
	}
}

test('an async method awaiting its own proxy fails at once with DeadlockError naming itself twice', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(AsyncNarcissus);
	const error = await t.throwsAsync(proxy.waitOnSelf(), {instanceOf: DeadlockError});
	t.deepEqual(error?.cycle, [proxy.actorRef, proxy.actorRef]);
	t.is(await proxy.admire(), 'self');
});

test('an async method that calls then() on its own proxy\'s future without awaiting it is no deadlock', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(AsyncNarcissus);
	const seen = new Future<string>();
	t.is(await proxy.thenWithoutWaiting(seen), 'went on');
	t.is(await seen, 'self');
});

test('an async method awaiting a slow but live actor is no deadlock', async t => {
	const {system} = useSystem(t);
	const gate = new Future<void>();
	const slow = system.spawn(function * slow() {
		yield * receive();
		yield * gate;
		yield * reply('slow answer');
	});
	class Patient extends Actor {
		async wait(): Promise<unknown> {
			await Promise.resolve();
			return slow.ask('hi');
		}
	}

	const proxy = system.startProxy(Patient);
	const answer = proxy.wait();
	setImmediate(() => {
		gate.set();
	});
	t.is(await answer, 'slow answer');
});

test('an async method racing its own proxy\'s ask that has a timeout against another promise is no deadlock', async t => {
	const {system} = useSystem(t);
	class Racer extends Actor {
		async admire(): Promise<string> {
			return 'self';
		}

		async race(): Promise<string> {
			await Promise.resolve();
			const ownAsk = (this.actorRef as ActorRef<Racer>).ask(undefined as never, {timeout: 60_000});
			return Promise.race([ownAsk.map(() => 'own'), ownAsk as Future<string>, new Promise<string>(resolve => {
				setImmediate(resolve, 'other');
			})]);
		}
	}

	const proxy = system.startProxy(Racer);
	t.is(await proxy.race(), 'other');
});

test('a call to itself with a timeout is still a deadlock at once: the waiter\'s own timeout does not break the cycle', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn(function * selfCaller() {
		const me = yield * receive<ActorRef>();
		try {
			yield * call(me, 'hello', {timeout: 60_000});
			yield * reply('no deadlock');
		} catch (error) {
			yield * reply(error);
		}
	});
	const error = await ref.ask(ref);
	t.true(error instanceof DeadlockError, String(error));
	t.deepEqual((error as DeadlockError).cycle, [ref, ref]);
});
