import process from 'node:process';
import test from 'ava';
import {deferReply, Future, getAll, PykkaError, receive, reply, TimeoutError} from 'pykka';
import type {TestKit} from 'pykka/testing';
import {advanceUntilSettled, turn, useKit, useSystem} from './helpers/index.js';

/**
 * A pending future whose timeouts run on the kit's virtual clock: the future
 * of an ask to an actor that takes the answer over and never gives it. (The
 * timeouts of a future made with `new Future()` run on the real clock.)
 */
function pendingOn(kit: TestKit): Future<number> {
	const silent = kit.spawn<string, number>(function * silent() {
		for (;;) {
			yield * receive();
			yield * deferReply();
		}
	});
	return silent.ask('answer me');
}

// Await

test('await gives the value a future is set to', async t => {
	const future = new Future<number>();
	setImmediate(() => {
		future.set(42);
	});
	t.is(await future, 42);
});

test('await throws the error a future is rejected with', async t => {
	const future = new Future<number>();
	const error = new Error('nope');
	future.setException(error);
	const thrown = await t.throwsAsync(async () => future);
	t.is(thrown, error);
});

test('a future can be awaited many times, each giving the same value', async t => {
	const future = new Future<{n: number}>();
	const value = {n: 1};
	future.set(value);
	t.is(await future, value);
	t.is(await future, value);
	t.is(await future.get(), value);
});

test('settled and rejected tell the state', t => {
	const pending = new Future<number>();
	t.false(pending.settled);
	t.false(pending.rejected);
	const fulfilled = new Future<number>();
	fulfilled.set(1);
	t.true(fulfilled.settled);
	t.false(fulfilled.rejected);
	const rejected = new Future<number>();
	rejected.setException(new Error('x'));
	t.true(rejected.settled);
	t.true(rejected.rejected);
});

test('a future has the string tag Future', t => {
	t.is(Object.prototype.toString.call(new Future()), '[object Future]');
});

// Yield* inside behaviours

test('yield* future inside a behaviour gives its value once it is set', async t => {
	const {system} = useSystem(t);
	const gate = new Future<string>();
	const ref = system.spawn<string, string>(function * waiter() {
		yield * receive();
		const value = yield * gate;
		yield * reply(`got ${value}`);
	});
	const answer = ref.ask('go');
	await turn();
	t.false(answer.settled);
	gate.set('it');
	t.is(await answer, 'got it');
});

test('yield* on a rejected future throws its error inside the behaviour', async t => {
	const {system} = useSystem(t);
	const gate = new Future<string>();
	const error = new Error('gate failed');
	const ref = system.spawn<string>(function * catcher() {
		yield * receive();
		try {
			yield * gate;
			yield * reply('no error');
		} catch (error_) {
			yield * reply(error_);
		}
	});
	const answer = ref.ask('go');
	gate.setException(error);
	t.is(await answer, error);
});

test('yield* on an already settled future goes on at once with its value', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn<string, number>(function * settled() {
		yield * receive();
		yield * reply(yield * Future.from(7));
	});
	t.is(await ref.ask('go'), 7);
});

test('a future settled by an actor is awaited outside', async t => {
	const {system} = useSystem(t);
	const result = new Future<string>();
	const ref = system.spawn<string>(function * setter() {
		const message = yield * receive<string>();
		result.set(message.toUpperCase());
	});
	ref.tell('done');
	t.is(await result, 'DONE');
});

// Get and wait

test('get gives a Promise of the value', async t => {
	const future = new Future<number>();
	const promise = future.get();
	t.true(promise instanceof Promise);
	future.set(3);
	t.is(await promise, 3);
});

test('get with a timeout rejects with TimeoutError if the future does not settle, and leaves the future pending', async t => {
	const kit = useKit(t);
	const future = pendingOn(kit);
	const timedOut = t.throwsAsync(future.get({timeout: 5}), {instanceOf: TimeoutError, message: 'Future was not settled within 5 ms'});
	await kit.advance(5);
	await timedOut;
	t.false(future.settled);
	future.set(1);
	t.is(await future, 1);
});

test('get with a timeout gives the value of a future that settles in time', async t => {
	const future = new Future<number>();
	const promise = future.get({timeout: 60_000});
	future.set(9);
	t.is(await promise, 9);
});

test('get with a timeout gives the error of a future that rejects in time', async t => {
	const future = new Future<number>();
	const error = new Error('bad');
	const promise = future.get({timeout: 60_000});
	future.setException(error);
	t.is(await t.throwsAsync(promise), error);
});

test('wait is get by its Pykka name', async t => {
	const kit = useKit(t);
	const future = new Future<string>();
	future.set('v');
	t.is(await future.wait(), 'v');
	const timedOut = t.throwsAsync(pendingOn(kit).wait({timeout: 1}), {instanceOf: TimeoutError});
	await kit.advance(1);
	await timedOut;
});

// Settles once

test('set on a settled future throws PykkaError and keeps the first value', async t => {
	const future = new Future<number>();
	future.set(1);
	t.throws(() => {
		future.set(2);
	}, {instanceOf: PykkaError, message: /already settled/});
	t.throws(() => {
		future.setException(new Error('late'));
	}, {instanceOf: PykkaError, message: /already settled/});
	t.false(future.rejected);
	t.is(await future, 1);
});

test('setException on a rejected future throws PykkaError and keeps the first error', async t => {
	const future = new Future<number>();
	const first = new Error('first');
	future.setException(first);
	t.throws(() => {
		future.setException(new Error('second'));
	}, {instanceOf: PykkaError});
	t.throws(() => {
		future.set(5);
	}, {instanceOf: PykkaError});
	t.is(await t.throwsAsync(async () => future), first);
});

// Map, filter, reduce, join

test('map gives a future of fn(value), calling fn once however often it is read', async t => {
	let calls = 0;
	const source = new Future<number>();
	const mapped = source.map(n => {
		calls++;
		return n * 2;
	});
	t.false(mapped.settled);
	t.is(calls, 0);
	source.set(21);
	t.is(await mapped, 42);
	t.is(await mapped, 42);
	t.is(await mapped.get(), 42);
	t.is(await mapped.map(n => n + 1), 43);
	t.is(calls, 1);
});

test('map on a settled future applies fn once', async t => {
	let calls = 0;
	const mapped = Future.from('a').map(text => {
		calls++;
		return text + 'b';
	});
	t.is(await mapped, 'ab');
	t.is(await mapped, 'ab');
	t.is(calls, 1);
});

test('map passes an error through without calling fn', async t => {
	let calls = 0;
	const source = new Future<number>();
	const error = new Error('source');
	const mapped = source.map(n => {
		calls++;
		return n;
	});
	source.setException(error);
	t.is(await t.throwsAsync(async () => mapped), error);
	t.is(calls, 0);
});

test('map rejects with the error fn throws', async t => {
	const error = new Error('from fn');
	const mapped = Future.from(1).map(() => {
		throw error;
	});
	t.is(await t.throwsAsync(async () => mapped), error);
});

test('filter keeps the items that pass, calling the predicate once per item', async t => {
	const seen: number[] = [];
	const source = new Future<number[]>();
	const evens = source.filter(n => {
		seen.push(n);
		return n % 2 === 0;
	});
	source.set([1, 2, 3, 4]);
	t.deepEqual(await evens, [2, 4]);
	t.deepEqual(await evens, [2, 4]);
	t.deepEqual(await evens.get(), [2, 4]);
	t.deepEqual(seen, [1, 2, 3, 4]);
});

test('filter takes any iterable', async t => {
	t.deepEqual(await Future.from(new Set(['a', 'bb', 'ccc'])).filter(text => text.length > 1), ['bb', 'ccc']);
});

test('filter on a non-iterable value rejects with TypeError', async t => {
	const future = unsafeIterable(Future.from(5));
	await t.throwsAsync(async () => future.filter(() => true), {instanceOf: TypeError, message: /iterable.*got 5/});
});

test('reduce folds the items with an initial value, calling the reducer once per item', async t => {
	let calls = 0;
	const source = new Future<number[]>();
	const total = source.reduce((sum: string, n: number) => {
		calls++;
		return sum + String(n);
	}, '>');
	source.set([1, 2, 3]);
	t.is(await total, '>123');
	t.is(await total, '>123');
	t.is(await total.get(), '>123');
	t.is(calls, 3);
});

test('reduce without an initial value starts from the first item', async t => {
	let calls = 0;
	const total = Future.from([1, 2, 3, 4]).reduce((sum, n) => {
		calls++;
		return sum + n;
	});
	t.is(await total, 10);
	t.is(await total, 10);
	t.is(calls, 3);
});

test('reduce of an empty iterable without an initial value rejects with TypeError', async t => {
	await t.throwsAsync(async () => Future.from<number[]>([]).reduce((a, b) => a + b), {instanceOf: TypeError});
	t.is(await Future.from<number[]>([]).reduce((a, b) => a + b, 0), 0);
});

test('join gives the values of all the futures, in order', async t => {
	const a = new Future<number>();
	const b = new Future<string>();
	const c = new Future<boolean>();
	const joined = a.join(b, c);
	c.set(true);
	a.set(1);
	t.false(joined.settled);
	b.set('two');
	const values: [number, string, boolean] = await joined;
	t.deepEqual(values, [1, 'two', true]);
	t.deepEqual(await joined, [1, 'two', true]);
});

test('join rejects with the first error among the futures', async t => {
	const a = new Future<number>();
	const b = new Future<number>();
	const c = new Future<number>();
	const joined = a.join(b, c);
	const first = new Error('first');
	c.setException(first);
	b.setException(new Error('second'));
	a.set(1);
	t.is(await t.throwsAsync(async () => joined), first);
});

// GetAll

test('getAll gives the values in order of the futures, not of settling', async t => {
	const a = new Future<string>();
	const b = new Future<string>();
	const all = getAll([a, b]);
	b.set('b');
	a.set('a');
	t.deepEqual(await all, ['a', 'b']);
});

test('getAll of no futures gives an empty array', async t => {
	t.deepEqual(await getAll([]), []);
});

test('getAll gives the replies of asks', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn<number, number>(function * doubler() {
		for (;;) {
			yield * reply(2 * (yield * receive<number>()));
		}
	});
	t.deepEqual(await getAll([ref.ask(1), ref.ask(2), ref.ask(3)], {timeout: 60_000}), [2, 4, 6]);
});

test('getAll rejects with the first error', async t => {
	const a = new Future<number>();
	const b = new Future<number>();
	const error = new Error('b failed');
	const all = getAll([a, b]);
	b.setException(error);
	t.true(all.rejected);
	t.is(await t.throwsAsync(async () => all), error);
});

test('getAll with a timeout takes a future that settles before the deadline', async t => {
	const a = new Future<number>();
	const b = new Future<number>();
	const all = getAll([a, b], {timeout: 60_000});
	a.set(1);
	setImmediate(() => {
		b.set(2);
	});
	t.deepEqual(await all, [1, 2]);
});

test('getAll with a timeout rejects with TimeoutError when one future never settles', async t => {
	const kit = useKit(t);
	const early = new Future<number>();
	const never = pendingOn(kit);
	const all = getAll([early, never], {timeout: 20});
	early.set(1);
	await kit.advance(20);
	await t.throwsAsync(async () => all, {instanceOf: TimeoutError, message: '2 futures were not all settled within 20 ms'});
	t.true(early.settled);
	t.false(never.settled);
});

test('getAll has one deadline for all the futures, not one each', async t => {
	const kit = useKit(t);
	const timeout = 30;
	const first = pendingOn(kit);
	const second = pendingOn(kit);
	const all = getAll([first, second], {timeout});
	// Each settles within `timeout` of the one before, but the second only after
	// the deadline of the whole: a timeout per future would let it through.
	kit.clock.setTimeout(() => {
		first.set(1);
		kit.clock.setTimeout(() => {
			second.set(2);
		}, timeout);
	}, timeout / 2);
	await advanceUntilSettled(kit, all);
	await t.throwsAsync(async () => all, {instanceOf: TimeoutError});
	t.false(second.settled);
});

// User-created futures

test('a user-created future settled from a timer is awaited', async t => {
	const future = new Future<string>();
	setTimeout(() => {
		future.set('later');
	}, 1);
	t.is(await future, 'later');
});

test('an actor can settle a future the test created, and the test one the actor waits on', async t => {
	const {system} = useSystem(t);
	const request = new Future<number>();
	const response = new Future<number>();
	system.spawn(function * relay() {
		const n = yield * request;
		response.set(n + 1);
	});
	request.set(1);
	t.is(await response, 2);
});

// Future.from

test('Future.from(promise) gives a future of its value', async t => {
	const future = Future.from(Promise.resolve('p'));
	t.false(future.settled);
	t.is(await future, 'p');
	t.true(future.settled);
});

test('Future.from(promise) rejects with the promise\'s error', async t => {
	const error = new Error('promise failed');
	const future = Future.from(Promise.reject(error));
	t.is(await t.throwsAsync(async () => future), error);
	t.true(future.rejected);
});

test('Future.from(value) gives a future already fulfilled with it', async t => {
	const value = {a: 1};
	const future = Future.from(value);
	t.true(future.settled);
	t.false(future.rejected);
	t.is(await future, value);
});

test('Future.from(future) gives the same future', t => {
	const future = new Future<number>();
	t.is(Future.from(future), future);
});

test('Future.from(promise) lets a behaviour wait on a promise with yield*', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn<string, string>(function * reader() {
		const name = yield * receive<string>();
		const text = yield * Future.from(new Promise<string>(resolve => {
			setImmediate(resolve, `hello ${name}`);
		}));
		yield * reply(text);
	});
	t.is(await ref.ask('world'), 'hello world');
});

test('Future.from(rejected promise) throws inside a behaviour waiting on it', async t => {
	const {system} = useSystem(t);
	const error = new Error('io failed');
	const ref = system.spawn<string>(function * reader() {
		yield * receive();
		try {
			yield * Future.from(Promise.reject(error));
		} catch (error_) {
			yield * reply(error_);
		}
	});
	t.is(await ref.ask('go'), error);
});

// Unhandled rejections

test.serial('an unobserved rejected future does not cause an unhandledRejection', async t => {
	const {system} = useSystem(t);
	const reasons: unknown[] = [];
	const listener = (reason: unknown): void => {
		reasons.push(reason);
	};

	process.on('unhandledRejection', listener);
	t.teardown(() => {
		process.off('unhandledRejection', listener);
	});

	new Future<number>().setException(new Error('ignored'));
	const pending = new Future<number>();
	pending.map(n => n + 1);
	pending.setException(new Error('ignored through map'));
	Future.from(Promise.reject(new Error('ignored promise')));
	getAll([Future.from(1), Future.from(Promise.reject(new Error('ignored in getAll')))]);
	const dead = system.spawn(function * quitter() {
		yield * receive();
	});
	dead.tell('bye');
	await dead.stop();
	dead.ask('ignored ask to a dead actor');
	const failer = system.spawn(function * failer() {
		yield * receive();
		throw new Error('ignored failure');
	});
	const failed = failer.ask('fail');
	await failer.stop();
	t.true(failed.rejected);

	await turn();
	await turn();
	t.deepEqual(reasons, []);
});

/** A future whose value the types say is iterable, to test the run-time check. */
function unsafeIterable(future: Future<unknown>): Future<unknown[]> {
	return future as Future<unknown[]>;
}

// Long chains (settling is a loop, not a recursion)

const chainLength = 100_000;

test('a chain of 100,000 maps settles without growing the stack', async t => {
	const source = new Future<number>();
	let end: Future<number> = source;
	for (let index = 0; index < chainLength; index++) {
		end = end.map(n => n + 1);
	}

	t.notThrows(() => {
		source.set(0);
	});
	t.true(end.settled);
	t.is(await end, chainLength);
});

test('a chain of 100,000 links of map, filter, reduce and join settles without growing the stack', async t => {
	const source = new Future<number[]>();
	const other = Future.from('other');
	let end: Future<number[]> = source;
	for (let index = 0; index < chainLength; index++) {
		switch (index % 4) {
			case 0: {
				end = end.map(items => items);
				break;
			}

			case 1: {
				end = end.filter(() => true);
				break;
			}

			case 2: {
				end = end.reduce<number, number[]>((items, item) => [...items, item], []);
				break;
			}

			default: {
				end = end.join(other).map(([items]) => items);
			}
		}
	}

	t.notThrows(() => {
		source.set([1, 2, 3]);
	});
	t.deepEqual(await end, [1, 2, 3]);
});

test('a chain of 100,000 joins rejects without growing the stack', async t => {
	const source = new Future<number>();
	let end: Future<unknown> = source;
	for (let index = 0; index < chainLength; index++) {
		end = end.join(Future.from(index));
	}

	const error = new Error('at the root');
	t.notThrows(() => {
		source.setException(error);
	});
	t.is(await t.throwsAsync(async () => end), error);
});

test('getAll over 100,000 futures settles, in order', async t => {
	const futures = Array.from({length: chainLength}, () => new Future<number>());
	const all = getAll(futures);
	for (const [index, future] of futures.entries()) {
		future.set(index);
	}

	const values = await all;
	t.is(values.length, chainLength);
	t.true(values.every((value, index) => value === index));
});

test('an error in user code at the end of a long chain never reaches the actor that answered the ask', async t => {
	const {system, log} = useSystem(t);
	const ref = system.spawn<number, number>(function * doubler() {
		for (;;) {
			const n = yield * receive<number>();
			yield * reply(n * 2);
		}
	});
	let end: Future<number> = ref.ask(1);
	for (let index = 0; index < chainLength; index++) {
		end = end.map(n => n + 1);
	}

	const broken = end.map(() => {
		throw new Error('user code');
	});
	await t.throwsAsync(async () => broken, {message: 'user code'});
	t.is(await end, 2 + chainLength);
	t.true(ref.isAlive());
	t.is(await ref.ask(21), 42);
	t.deepEqual(log.errors, []);
	t.deepEqual(log.warnings, []);
});

// JSON

test('JSON.stringify of a future shows its state and never throws', t => {
	const pending = new Future<number>();
	t.is(JSON.stringify(pending), '{"state":"pending"}');
	t.is(JSON.stringify(Future.from({a: 1})), '{"state":"fulfilled","value":{"a":1}}');
	const failed = new Future<number>();
	failed.setException(new TypeError('bad'));
	t.is(JSON.stringify(failed), '{"state":"rejected","error":{"name":"TypeError","message":"bad"}}');
	const cyclic: {self?: unknown} = {};
	cyclic.self = cyclic;
	t.regex(JSON.stringify(Future.from(cyclic)), /^{"state":"fulfilled","value":"<ref \*1> { self: \[Circular \*1] }"}$/);
	t.is(JSON.stringify(Future.from(10n)), '{"state":"fulfilled","value":"10n"}');
});

// Leaving a future

test('a get that times out leaves the future as it was: a later set still reaches other listeners', async t => {
	const kit = useKit(t);
	const pending = pendingOn(kit);
	const timedOut = t.throwsAsync(pending.get({timeout: 0}), {instanceOf: TimeoutError});
	await kit.advance(0);
	await timedOut;
	const later = pending.get();
	pending.set(7);
	t.is(await later, 7);
});

test('a join whose get timed out is taken up again when awaited', async t => {
	const kit = useKit(t);
	const a = pendingOn(kit);
	const joined = a.join(Future.from('b'));
	const timedOut = t.throwsAsync(joined.get({timeout: 0}), {instanceOf: TimeoutError});
	await kit.advance(0);
	await timedOut;
	a.set(1);
	t.deepEqual(await joined, [1, 'b']);
	const c = pendingOn(kit);
	const again = c.join(Future.from('d'));
	const againTimedOut = t.throwsAsync(again.get({timeout: 0}), {instanceOf: TimeoutError});
	await kit.advance(0);
	await againTimedOut;
	c.set(2);
	t.true(again.settled);
	t.deepEqual(again.result, [2, 'd']);
});
