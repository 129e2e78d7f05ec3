import test from 'ava';
import {
	call, deferReply, Future, receive, reply, replyError, self, sleep, TimeoutError,
	type ActorRef, type Effect, type Operation, type Receives,
} from 'pykka';
import {useSystem} from './helpers/index.js';

/** The own enumerable fields of an effect: what a test compares. */
function data(effect: Effect | undefined): Record<string, unknown> {
	ensure(effect !== undefined, 'expected an effect');
	return {...effect};
}

function ensure(condition: boolean, message: string): asserts condition {
	if (!condition) {
		throw new Error(message);
	}
}

/** The effect a generator yields next, given `input` for the previous one. */
function step<T>(generator: Generator<Effect, T, unknown>, input?: unknown): Effect {
	const result = generator.next(input);
	ensure(result.done !== true, 'expected the generator to yield');
	return result.value;
}

// Each creator makes plain data

test('receive() is plain data of type receive', t => {
	t.deepEqual(data(receive()), {type: 'receive', match: undefined, timeout: undefined});
});

test('receive with match and timeout carries both', t => {
	const match = (message: unknown): boolean => message === 'x';
	t.deepEqual(data(receive({match, timeout: 50})), {type: 'receive', match, timeout: 50});
});

test('call carries the ref, message and timeout', t => {
	const {system} = useSystem(t);
	const ref = system.spawn<string, number>(function * target() {
		yield * receive();
	});
	t.deepEqual(data(call(ref, 'hi')), {type: 'call', ref, message: 'hi', timeout: undefined, signal: undefined});
	t.deepEqual(data(call(ref, 'hi', {timeout: 10})), {type: 'call', ref, message: 'hi', timeout: 10, signal: undefined});
	const {signal} = new AbortController();
	t.deepEqual(data(call(ref, 'hi', {signal})), {type: 'call', ref, message: 'hi', timeout: undefined, signal});
});

test('sleep carries its milliseconds', t => {
	t.deepEqual(data(sleep(25)), {type: 'sleep', ms: 25});
	t.deepEqual(data(sleep(0)), {type: 'sleep', ms: 0});
});

test('self is plain data of type self', t => {
	t.deepEqual(data(self()), {type: 'self'});
});

test('reply and replyError carry the value and whether it is an error', t => {
	const error = new Error('no');
	t.deepEqual(data(reply(42)), {type: 'reply', value: 42, rejected: false});
	t.deepEqual(data(replyError(error)), {type: 'reply', value: error, rejected: true});
});

test('deferReply is plain data of type deferReply', t => {
	t.deepEqual(data(deferReply()), {type: 'deferReply'});
});

test('creating an effect outside any actor does nothing and needs no system', t => {
	t.notThrows(() => {
		receive({timeout: 1});
		sleep(1);
		self();
		reply('x');
		replyError(new Error('x'));
		deferReply();
	});
});

test('an effect can be serialised: its fields are data', t => {
	t.is(JSON.stringify(sleep(5)), '{"type":"sleep","ms":5}');
	t.is(JSON.stringify(reply('ok')), '{"type":"reply","value":"ok","rejected":false}');
});

// Stepping behaviours by hand

test('a behaviour stepped by hand yields receive, then reply with what it computed', t => {
	function * shout(): Operation<string> {
		const message = yield * receive<string>();
		const answered = yield * reply(message.toUpperCase());
		return answered ? 'answered' : 'not answered';
	}

	const generator = shout();
	t.deepEqual(data(step(generator)), {type: 'receive', match: undefined, timeout: undefined});
	t.deepEqual(data(step(generator, 'hi')), {type: 'reply', value: 'HI', rejected: false});
	t.deepEqual(generator.next(true), {done: true, value: 'answered'});
});

test('what is sent into the generator is what yield* of the effect gives', t => {
	const seen: unknown[] = [];
	const me = {stand: 'in for a ref'};
	const owed = {stand: 'in for a Reply'};
	function * behaviour(): Operation<void> {
		seen.push(yield * self(), yield * sleep(10), yield * deferReply<number>(), yield * replyError(new Error('x')));
	}

	const generator = behaviour();
	t.is(step(generator).type, 'self');
	t.is(step(generator, me).type, 'sleep');
	t.is(step(generator, undefined).type, 'deferReply');
	t.is(step(generator, owed).type, 'reply');
	t.true(generator.next(false).done);
	t.deepEqual(seen, [me, undefined, owed, false]);
});

test('yield* future yields an await effect holding that very future', t => {
	const future = new Future<number>();
	function * waiter(): Operation<number> {
		return 1 + (yield * future);
	}

	const generator = waiter();
	const effect = step(generator);
	t.is(effect.type, 'await');
	t.deepEqual(data(effect), {type: 'await', future});
	t.is((effect as Extract<Effect, {type: 'await'}>).future, future);
	t.deepEqual(generator.next(41), {done: true, value: 42});
});

test('a call effect is yielded by a helper operation used with yield*', t => {
	const {system} = useSystem(t);
	const counter: ActorRef<Receives<'get', number>> = system.spawn<'get', number>(function * counter() {
		yield * receive();
	});
	function * double(ref: ActorRef<Receives<'get', number>>): Operation<number> {
		return 2 * (yield * call(ref, 'get', {timeout: 100}));
	}

	function * behaviour(): Operation<string> {
		const doubled = yield * double(counter);
		return `doubled: ${doubled}`;
	}

	const generator = behaviour();
	t.deepEqual(data(step(generator)), {type: 'call', ref: counter, message: 'get', timeout: 100, signal: undefined});
	t.deepEqual(generator.next(21), {done: true, value: 'doubled: 42'});
});

test('an error thrown into the generator at a receive is thrown inside the behaviour', t => {
	function * patient(): Operation<string> {
		try {
			yield * receive({timeout: 10});
			return 'message';
		} catch (error) {
			return error instanceof TimeoutError ? 'timed out' : 'other error';
		}
	}

	const generator = patient();
	t.deepEqual(data(step(generator)), {type: 'receive', match: undefined, timeout: 10});
	t.deepEqual(generator.throw(new TimeoutError('none')), {done: true, value: 'timed out'});
});

test('a selective receive\'s match can be tested by hand', t => {
	function * picky(): Operation<unknown> {
		return yield * receive({match: message => typeof message === 'number'});
	}

	const effect = step(picky()) as Extract<Effect, {type: 'receive'}>;
	t.is(effect.type, 'receive');
	t.true(effect.match?.(1));
	t.false(effect.match?.('1'));
});

test('each yield* of an effect yields it exactly once', t => {
	const effect = sleep(1);
	const iterator = effect[Symbol.iterator]();
	const first = iterator.next();
	t.false(first.done);
	t.is(first.value, effect);
	t.deepEqual(iterator.next(undefined), {done: true, value: undefined});
});

test('the same effect object may be yielded twice', t => {
	const effect = receive<number>();
	function * twice(): Operation<number> {
		return (yield * effect) + (yield * effect);
	}

	const generator = twice();
	t.is(step(generator), effect);
	t.is(step(generator, 1), effect);
	t.deepEqual(generator.next(2), {done: true, value: 3});
});
