import test from 'ava';
import {
	ActorDeadError, call, deferReply, Future, receive, reply, replyError, self, sleep, spawn, TimeoutError,
	type ActorRef, type Effect, type Reply,
} from 'pykka';
import {turn, urnPattern, useKit, useSystem} from './helpers/index.js';

// Receive

test('a spawned behaviour receives told messages in the order sent', async t => {
	const {system} = useSystem(t);
	const done = new Future<string[]>();
	const ref = system.spawn<string>(function * collector() {
		const seen: string[] = [];
		for (;;) {
			const message = yield * receive<string>();
			if (message === 'end') {
				done.set(seen);
				return;
			}

			seen.push(message);
		}
	});
	for (const message of ['a', 'b', 'c', 'end']) {
		ref.tell(message);
	}

	t.deepEqual(await done, ['a', 'b', 'c']);
});

test('reply answers the ask that carried the message', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn<number, number>(function * doubler() {
		for (;;) {
			const n = yield * receive<number>();
			yield * reply(n * 2);
		}
	});
	t.is(await ref.ask(2), 4);
	t.is(await ref.ask(5), 10);
});

test('spawn calls the behaviour with args', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn<string, string, [string, number]>(function * greeter(greeting: string, times: number) {
		for (;;) {
			const name = yield * receive<string>();
			yield * reply(`${greeting} ${name}`.repeat(times));
		}
	}, {args: ['hi', 2]});
	t.is(await ref.ask('x'), 'hi xhi x');
});

test('an actor is named by its function, by the name option, or Actor', t => {
	const {system} = useSystem(t);
	const named = system.spawn(function * counter() {
		yield * receive();
	});
	const renamed = system.spawn(function * counter() {
		yield * receive();
	}, {name: 'Tally'});
	const anonymous = system.spawn(function * () {
		yield * receive();
	});
	t.is(named.actorName, 'counter');
	t.is(renamed.actorName, 'Tally');
	t.is(anonymous.actorName, 'Actor');
	t.is(String(renamed), `Tally (${renamed.actorUrn})`);
	t.is(named.actorClass, undefined);
});

test('spawn of the default system starts an actor', async t => {
	const ref = spawn<string, string>(function * echo() {
		for (;;) {
			yield * reply(yield * receive());
		}
	});
	t.teardown(async () => {
		await ref.stop();
	});
	t.regex(ref.actorUrn, urnPattern);
	t.is(await ref.ask('hi'), 'hi');
});

// Selective receive

test('selective receive takes the first matching message and keeps the others in order', async t => {
	const {system} = useSystem(t);
	const done = new Future<string[]>();
	const ref = system.spawn<string>(function * picky() {
		const seen: string[] = [yield * receive<string>({match: message => typeof message === 'string' && message.startsWith('urgent')})];
		for (let index = 0; index < 4; index++) {
			seen.push(yield * receive<string>());
		}

		done.set(seen);
	});
	for (const message of ['a', 'b', 'urgent 1', 'c', 'urgent 2']) {
		ref.tell(message);
	}

	t.deepEqual(await done, ['urgent 1', 'a', 'b', 'c', 'urgent 2']);
});

test('selective receive waits for a matching message while others queue', async t => {
	const {system} = useSystem(t);
	const waiting = new Future<void>();
	const done = new Future<unknown[]>();
	const ref = system.spawn(function * picky() {
		waiting.set();
		const first = yield * receive({match: message => message === 'wanted'});
		done.set([first, yield * receive(), yield * receive()]);
	});
	ref.tell('other 1');
	await waiting;
	ref.tell('other 2');
	await turn();
	t.false(done.settled);
	ref.tell('wanted');
	t.deepEqual(await done, ['wanted', 'other 1', 'other 2']);
});

test('a selective receive answers the ask of the message it took', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn<string, string>(function * picky() {
		for (;;) {
			const message = yield * receive<string>({match: message => message !== 'later'});
			yield * reply(`took ${message}`);
		}
	});
	const later = ref.ask('later');
	t.is(await ref.ask('now'), 'took now');
	t.false(later.settled);
});

test('a match that throws throws inside the behaviour and leaves the mailbox as it was', async t => {
	const {system} = useSystem(t);
	const error = new Error('bad match');
	const done = new Future<unknown[]>();
	const ref = system.spawn(function * picky() {
		const seen: unknown[] = [];
		try {
			yield * receive({
				match() {
					throw error;
				},
			});
		} catch (error_) {
			seen.push(error_);
		}

		seen.push(yield * receive(), yield * receive());
		done.set(seen);
	});
	ref.tell(1);
	ref.tell(2);
	t.deepEqual(await done, [error, 1, 2]);
});

// Receive timeout

test('receive with a timeout throws TimeoutError inside the behaviour when nothing comes', async t => {
	const kit = useKit(t);
	const outcome = new Future<unknown>();
	const ref = kit.spawn<string, string>(function * patient() {
		try {
			yield * receive({timeout: 5});
			outcome.set('received');
		} catch (error) {
			outcome.set(error);
		}

		// The actor goes on after catching the timeout.
		yield * reply(`after: ${yield * receive<string>()}`);
	});
	await kit.advance(5);
	const error = await outcome;
	t.true(error instanceof TimeoutError);
	t.is((error as Error).message, `${String(ref)} received no message within 5 ms`);
	t.true(ref.isAlive());
	t.is(await ref.ask('hi'), 'after: hi');
});

test('a selective receive with a timeout throws TimeoutError when no message matches', async t => {
	const kit = useKit(t);
	const outcome = new Future<unknown[]>();
	const ref = kit.spawn(function * picky() {
		try {
			yield * receive({match: message => message === 'never', timeout: 5});
		} catch (error) {
			outcome.set([error, yield * receive()]);
		}
	});
	ref.tell('other');
	await kit.advance(5);
	const [error, next] = await outcome;
	t.true(error instanceof TimeoutError);
	t.is(next, 'other');
});

test('a receive timeout does not fire once a message came in time', async t => {
	const kit = useKit(t);
	const outcome = new Future<string[]>();
	const ref = kit.spawn<string>(function * patient() {
		try {
			const first = yield * receive<string>({timeout: 20});
			// No timeout here: the first receive's timer must not reach this one.
			const second = yield * receive<string>();
			outcome.set([first, second]);
		} catch (error) {
			outcome.setException(error);
		}
	});
	ref.tell('one');
	// Well past the first receive's 20 ms.
	await kit.advance(60);
	ref.tell('two');
	t.deepEqual(await outcome, ['one', 'two']);
});

// Call

test('call gives the reply of another actor', async t => {
	const {system} = useSystem(t);
	const adder = system.spawn<[number, number], number>(function * adder() {
		for (;;) {
			const [a, b] = yield * receive<[number, number]>();
			yield * reply(a + b);
		}
	});
	const client = system.spawn<number, number>(function * client() {
		for (;;) {
			const n = yield * receive<number>();
			const sum: number = yield * call(adder, [n, 1]);
			yield * reply(yield * call(adder, [sum, 10]));
		}
	});
	t.is(await client.ask(1), 12);
});

test('an error reply to call is thrown inside the caller', async t => {
	const {system} = useSystem(t);
	const error = new RangeError('out of range');
	const refuser = system.spawn(function * refuser() {
		for (;;) {
			yield * receive();
			yield * replyError(error);
		}
	});
	const client = system.spawn<string>(function * client() {
		yield * receive();
		try {
			yield * call(refuser, 'please');
			yield * reply('no error');
		} catch (error_) {
			yield * reply(error_);
		}
	});
	t.is(await client.ask('go'), error);
	t.true(refuser.isAlive());
});

test('call to an actor that fails throws its error inside the caller', async t => {
	const {system, log} = useSystem(t);
	const error = new Error('callee crashed');
	const callee = system.spawn(function * fragile() {
		yield * receive();
		throw error;
	});
	const client = system.spawn<string>(function * client() {
		yield * receive();
		try {
			yield * call(callee, 'crash');
		} catch (error_) {
			yield * reply(error_);
		}

		yield * receive();
	});
	t.is(await client.ask('go'), error);
	t.false(callee.isAlive());
	t.true(client.isAlive());
	t.is(log.errors.length, 1);
	t.is(log.errors[0]?.error, error);
	t.deepEqual(log.warnings, []);
});

test('call with a timeout throws TimeoutError inside the caller', async t => {
	const kit = useKit(t);
	const silent = kit.spawn(function * silent() {
		for (;;) {
			yield * receive();
			// Takes the answer over, and never gives it.
			yield * deferReply();
		}
	});
	const client = kit.spawn<string>(function * client() {
		yield * receive();
		try {
			yield * call(silent, 'hello?', {timeout: 5});
		} catch (error_) {
			yield * reply(error_);
		}
	});
	const answer = client.ask('go');
	await kit.advance(5);
	const error = await answer;
	t.true(error instanceof TimeoutError);
	t.is((error as Error).message, `${String(silent)} did not answer within 5 ms`);
});

test('call to a dead actor throws ActorDeadError inside the caller', async t => {
	const {system} = useSystem(t);
	const dead = system.spawn(function * quitter() {
		yield * receive();
	});
	t.true(await dead.stop());
	const client = system.spawn<string>(function * client() {
		yield * receive();
		try {
			yield * call(dead, 'anyone?');
		} catch (error_) {
			yield * reply(error_);
		}
	});
	const error = await client.ask('go');
	t.true(error instanceof ActorDeadError);
	t.is((error as ActorDeadError).actorUrn, dead.actorUrn);
});

// Sleep

test('sleep suspends only the sleeping actor', async t => {
	const {system} = useSystem(t);
	const asleep = new Future<void>();
	const events: string[] = [];
	const sleeper = system.spawn(function * sleeper() {
		yield * receive();
		asleep.set();
		yield * sleep(60_000);
		events.push('woke');
	});
	const echo = system.spawn<string, string>(function * echo() {
		for (;;) {
			yield * reply(yield * receive<string>());
		}
	});
	sleeper.tell('sleep');
	await asleep;
	t.is(await echo.ask('a'), 'a');
	t.is(await echo.ask('b'), 'b');
	t.deepEqual(events, []);
	t.true(sleeper.isAlive());
});

test('sleep resumes the actor afterwards', async t => {
	const kit = useKit(t);
	const ref = kit.spawn<number, string>(function * napper() {
		for (;;) {
			const ms = yield * receive<number>();
			yield * sleep(ms);
			yield * reply(`slept ${ms}`);
		}
	});
	const one = ref.ask(1);
	await kit.advance(1);
	t.is(await one, 'slept 1');
	const zero = ref.ask(0);
	await kit.advance(0);
	t.is(await zero, 'slept 0');
});

// Self

test('self gives the actor\'s own ref', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn<string, ActorRef>(function * narcissus() {
		yield * receive();
		yield * reply(yield * self());
	});
	t.is(await ref.ask('who?'), ref);
});

test('an actor can tell itself a message', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn<string, string>(function * loop() {
		const me = yield * self();
		yield * receive();
		const owed = yield * deferReply<string>();
		me.tell('to myself');
		owed.resolve(yield * receive<string>());
	});
	t.is(await ref.ask('start'), 'to myself');
});

// Reply, replyError, deferReply

test('reply gives true for an ask, false for a tell and for a second reply', async t => {
	const {system} = useSystem(t);
	const results = new Future<boolean[]>();
	const ref = system.spawn(function * replier() {
		const seen: boolean[] = [];
		yield * receive();
		seen.push(yield * reply('first'), yield * reply('second'));
		yield * receive();
		seen.push(yield * reply('to a tell'));
		results.set(seen);
	});
	const answer = ref.ask('ask');
	ref.tell('tell');
	t.deepEqual(await results, [true, false, false]);
	t.is(await answer, 'first');
});

test('replyError rejects the ask with the error and the actor lives on', async t => {
	const {system} = useSystem(t);
	const error = new TypeError('bad request');
	const ref = system.spawn<string, string>(function * strict() {
		for (;;) {
			const message = yield * receive<string>();
			yield * (message === '' ? replyError(error) : reply(message));
		}
	});
	t.is(await t.throwsAsync(async () => ref.ask('')), error);
	t.true(ref.isAlive());
	t.is(await ref.ask('ok'), 'ok');
});

test('deferReply answers later, after the actor handled other messages', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn<string, string>(function * deferrer() {
		let owed: Reply<string> | undefined;
		for (;;) {
			const message = yield * receive<string>();
			if (message === 'slow') {
				owed = yield * deferReply<string>();
			} else if (message === 'release') {
				owed?.resolve('slow done');
			} else {
				yield * reply(`${message} done`);
			}
		}
	});
	const slow = ref.ask('slow');
	const fast = ref.ask('fast');
	t.is(await fast, 'fast done');
	t.false(slow.settled);
	ref.tell('release');
	t.is(await slow, 'slow done');
});

test('a deferred Reply can be answered from outside the actor, once', async t => {
	const {system} = useSystem(t);
	const handed = new Future<Reply<number>>();
	const ref = system.spawn<string, number>(function * deferrer() {
		yield * receive();
		handed.set(yield * deferReply<number>());
		// Receiving again does not answer a deferred ask with undefined.
		for (;;) {
			yield * receive();
		}
	});
	const answer = ref.ask('go');
	const owed = await handed;
	t.true(owed.expected);
	t.false(owed.settled);
	ref.tell('next');
	await turn();
	t.false(answer.settled);
	t.true(owed.resolve(7));
	t.true(owed.settled);
	t.false(owed.resolve(8));
	t.false(owed.reject(new Error('late')));
	t.is(await answer, 7);
});

test('a deferred Reply rejected makes the ask reject with that error', async t => {
	const kit = useKit(t);
	const error = new Error('rejected later');
	const ref = kit.spawn<string, number>(function * deferrer() {
		yield * receive();
		const owed = yield * deferReply<number>();
		yield * sleep(0);
		owed.reject(error);
		yield * receive();
	});
	const answer = ref.ask('go');
	await kit.advance(0);
	t.is(await t.throwsAsync(async () => answer), error);
	t.true(ref.isAlive());
});

test('deferReply for a told message gives a Reply that expects nothing', async t => {
	const {system} = useSystem(t);
	const handed = new Future<Reply<number>>();
	const ref = system.spawn(function * deferrer() {
		yield * receive();
		handed.set(yield * deferReply<number>());
	});
	ref.tell('no ask');
	const owed = await handed;
	t.false(owed.expected);
	t.true(owed.settled);
	t.false(owed.resolve(1));
	t.false(owed.reject(new Error('x')));
});

test('after deferReply, reply to the same message gives false', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn<string>(function * deferrer() {
		yield * receive();
		const owed = yield * deferReply();
		const replied = yield * reply('direct');
		owed.resolve(['deferred', replied]);
	});
	t.deepEqual(await ref.ask('go'), ['deferred', false]);
});

test('a deferred reply still owed when the actor stops rejects with ActorDeadError', async t => {
	const {system} = useSystem(t);
	const deferred = new Future<void>();
	const ref = system.spawn(function * forgetful() {
		yield * receive();
		yield * deferReply();
		deferred.set();
		yield * receive();
	});
	const answer = ref.ask('go');
	await deferred;
	t.true(await ref.stop());
	const error = await t.throwsAsync(async () => answer, {instanceOf: ActorDeadError});
	t.is(error?.message, `${String(ref)} is not alive`);
});

// Unanswered asks

test('an unanswered ask is answered undefined when the behaviour receives again', async t => {
	const {system} = useSystem(t);
	const received = new Future<void>();
	const gate = new Future<void>();
	const ref = system.spawn(function * mute() {
		yield * receive();
		received.set();
		yield * gate;
		yield * receive();
	});
	const answer = ref.ask('first');
	await received;
	await turn();
	t.false(answer.settled);
	gate.set();
	t.is(await answer, undefined);
	t.true(ref.isAlive());
});

// Return and throw

test('a behaviour that returns stops its actor, answering its ask undefined', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn<string, undefined>(function * once() {
		yield * receive();
	});
	t.is(system.registry.size, 1);
	const answer = ref.ask('only');
	const queued = ref.ask('queued');
	t.is(await answer, undefined);
	await t.throwsAsync(async () => queued, {instanceOf: ActorDeadError});
	t.false(ref.isAlive());
	t.is(system.registry.size, 0);
	t.throws(() => {
		ref.tell('more');
	}, {instanceOf: ActorDeadError});
	t.false(await ref.stop());
});

test('a behaviour that returns at once stops its actor without any message', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn(function * nothing() {
		// Returns at once.
	});
	t.true(ref.isAlive());
	await turn();
	t.false(ref.isAlive());
	t.false(await ref.stop());
});

test('a behaviour that throws fails its actor: the current ask rejects with the error, and it is logged', async t => {
	const {system, log} = useSystem(t);
	const error = new Error('boom');
	const ref = system.spawn<string, string>(function * fragile() {
		yield * receive();
		throw error;
	});
	const current = ref.ask('first');
	const queued = ref.ask('second');
	t.is(await t.throwsAsync(async () => current), error);
	await t.throwsAsync(async () => queued, {instanceOf: ActorDeadError});
	t.false(ref.isAlive());
	t.is(system.registry.size, 0);
	t.is(log.errors.length, 1);
	t.deepEqual(log.warnings, []);
	t.is(log.errors[0]?.error, error);
	t.true(log.errors[0]?.message.includes(String(ref)));
});

test('a behaviour that throws while handling a tell fails its actor and is logged', async t => {
	const {system, log} = useSystem(t);
	const error = new Error('tell crash');
	const stopped = new Future<void>();
	const ref = system.spawn(function * fragile() {
		try {
			yield * receive();
			throw error;
		} finally {
			stopped.set();
		}
	});
	ref.tell('crash');
	await stopped;
	await turn();
	t.false(ref.isAlive());
	t.deepEqual(log.errors.map(entry => entry.error), [error]);
	t.deepEqual(log.warnings, []);
	t.false(await ref.stop());
});

test('yielding something that is not an effect throws TypeError inside the behaviour', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn<string>(function * confused() {
		yield * receive();
		try {
			yield 'oops' as unknown as Effect;
		} catch (error) {
			yield * reply(error);
		}

		yield * receive();
	});
	const error = await ref.ask('go');
	t.true(error instanceof TypeError);
	t.regex((error as Error).message, /yielded "oops"/);
	t.true(ref.isAlive());
});

// Selective receive is linear

test('selective receive over N queued non-matching messages, receiving M more, calls its predicate O(N + M) times', async t => {
	const {system} = useSystem(t);
	const queued = 2000;
	const arriving = 2000;
	let calls = 0;
	const isWanted = (message: unknown): boolean => {
		calls++;
		return typeof message === 'number' && message >= 0;
	};

	const gate = new Future<void>();
	const received: number[] = [];
	const done = new Future<number[]>();
	const ref = system.spawn(function * picky() {
		yield * gate;
		for (let index = 0; index < arriving; index++) {
			received.push(yield * receive<number>({match: isWanted}));
		}

		done.set(received);
		yield * receive();
	});
	for (let index = 0; index < queued; index++) {
		ref.tell(`skip ${index}`);
	}

	gate.set();
	// The M wanted messages arrive one at a time, each after the behaviour waits again.
	for (let index = 0; index < arriving; index++) {
		ref.tell(index);
		await turn();
	}

	t.deepEqual(await done, Array.from({length: arriving}, (_, index) => index));
	t.log(`${calls} predicate calls for ${queued} queued and ${arriving} arriving`);
	// Each message looked at once or twice, not N times per arrival (which would be 4,000,000).
	t.true(calls <= 2 * (queued + arriving), `${calls} predicate calls`);
});

test('selective receive still finds an earlier message when the predicate changes', async t => {
	const {system} = useSystem(t);
	const taken: string[] = [];
	const done = new Future<string[]>();
	const ref = system.spawn<string>(function * picky() {
		const isB = (message: unknown): boolean => message === 'b';
		taken.push(yield * receive<string>({match: isB}), yield * receive<string>({match: message => message === 'a'}), yield * receive<string>({match: isB}));
		done.set(taken);
	});
	ref.tell('a');
	ref.tell('c');
	ref.tell('b');
	ref.tell('b');
	t.deepEqual(await done, ['b', 'a', 'b']);
});
