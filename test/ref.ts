import {inspect} from 'node:util';
import test from 'ava';
import {
	ActorDeadError, deferReply, Future, PykkaError, receive, reply, sleep, TimeoutError,
	type ActorSystem, type Reply,
} from 'pykka';
import {label, turn, urnPattern, useKit, useSystem} from './helpers/index.js';

/** An actor that answers every message with itself, recording what it handled. */
function spawnEcho(system: ActorSystem, handled: unknown[] = []) {
	return system.spawn<string, string>(function * Echo() {
		for (;;) {
			const message = yield * receive<string>();
			handled.push(message);
			yield * reply(message);
		}
	});
}

// Tell and ask

test('tell delivers messages in the order sent, and sendOneWay is tell', async t => {
	const {system} = useSystem(t);
	const handled: unknown[] = [];
	const ref = spawnEcho(system, handled);
	t.is(ref.tell('a'), undefined);
	ref.sendOneWay('b');
	ref.tell('c');
	t.is(await ref.ask('d'), 'd');
	t.deepEqual(handled, ['a', 'b', 'c', 'd']);
});

test('ask gives a future of the reply, and sendRequestReply is ask', async t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	const answer = ref.ask('one');
	t.true(answer instanceof Future);
	const other = ref.sendRequestReply('two', {timeout: 60_000});
	t.true(other instanceof Future);
	t.deepEqual(await Promise.all([answer, other]), ['one', 'two']);
});

test('ask with a timeout gives the reply that comes in time', async t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	t.is(await ref.ask('quick', {timeout: 60_000}), 'quick');
});

test('ask with a timeout rejects with TimeoutError, and the late reply is dropped', async t => {
	const kit = useKit(t);
	const gate = new Future<void>();
	const lateReply = new Future<boolean>();
	const ref = kit.spawn<string, string>(function * Slow() {
		yield * receive();
		yield * gate;
		lateReply.set(yield * reply('late'));
		for (;;) {
			yield * reply(yield * receive<string>());
		}
	});
	const answer = ref.ask('slow', {timeout: 5});
	await kit.advance(5);
	await t.throwsAsync(async () => answer, {instanceOf: TimeoutError, message: `${String(ref)} did not answer within 5 ms`});
	gate.set();
	t.false(await lateReply);
	t.true(answer.rejected);
	await t.throwsAsync(async () => answer, {instanceOf: TimeoutError});
	t.is(await ref.ask('next'), 'next');
});

test('a deferred reply to a timed-out ask is dropped', async t => {
	const kit = useKit(t);
	const handed = new Future<Reply<string>>();
	const ref = kit.spawn<string, string>(function * Deferrer() {
		yield * receive();
		handed.set(yield * deferReply<string>());
		yield * receive();
	});
	const answer = ref.ask('slow', {timeout: 5});
	const owed = await handed;
	await kit.advance(5);
	await t.throwsAsync(async () => answer, {instanceOf: TimeoutError});
	t.true(owed.settled);
	t.false(owed.resolve('late'));
	await t.throwsAsync(async () => answer, {instanceOf: TimeoutError});
});

// Stop

test('stop gives true when this call stopped the actor, false when it was already dead', async t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	t.true(ref.isAlive());
	const first = ref.stop();
	t.true(first instanceof Future);
	t.true(await first);
	t.false(ref.isAlive());
	const again = ref.stop();
	t.true(again.settled);
	t.false(await again);
});

test('of two stops sent together, the first gives true and the second false', async t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	const first = ref.stop();
	const second = ref.stop();
	t.deepEqual(await Promise.all([first, second]), [true, false]);
});

test('messages sent before stop are handled first', async t => {
	const {system} = useSystem(t);
	const handled: unknown[] = [];
	const ref = spawnEcho(system, handled);
	ref.tell('a');
	const answer = ref.ask('b');
	ref.tell('c');
	const stopped = ref.stop();
	t.true(await stopped);
	t.is(await answer, 'b');
	t.deepEqual(handled, ['a', 'b', 'c']);
});

test('asks queued after stop reject with ActorDeadError, and tells are dropped', async t => {
	const {system} = useSystem(t);
	const handled: unknown[] = [];
	const ref = spawnEcho(system, handled);
	const before = ref.ask('before');
	const stopped = ref.stop();
	// The stop is queued, not yet taken: the actor still takes messages.
	t.true(ref.isAlive());
	const after = ref.ask('after');
	ref.tell('dropped');
	t.is(await before, 'before');
	t.true(await stopped);
	const error = await t.throwsAsync(async () => after, {instanceOf: ActorDeadError});
	t.is(error?.actorUrn, ref.actorUrn);
	t.deepEqual(handled, ['before']);
});

test('stop with a timeout rejects with TimeoutError, yet the stop still goes ahead', async t => {
	const kit = useKit(t);
	const gate = new Future<void>();
	const finished = new Future<void>();
	const handled: string[] = [];
	const ref = kit.spawn<string>(function * Busy() {
		try {
			for (;;) {
				const message = yield * receive<string>();
				handled.push(message);
				if (message === 'block') {
					yield * gate;
				}
			}
		} finally {
			finished.set();
		}
	});
	ref.tell('block');
	ref.tell('after');
	const stopping = ref.stop({timeout: 5});
	await kit.advance(5);
	await t.throwsAsync(async () => stopping, {instanceOf: TimeoutError, message: `${String(ref)} did not stop within 5 ms`});
	t.true(ref.isAlive());
	t.deepEqual(handled, ['block']);
	gate.set();
	await finished;
	t.deepEqual(handled, ['block', 'after']);
	t.false(ref.isAlive());
	t.false(await ref.stop());
	t.is(kit.system.registry.size, 0);
});

test('stop with a timeout gives true when the actor stops in time', async t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	t.true(await ref.stop({timeout: 60_000}));
});

test('stop cuts short a sleeping behaviour, running its finally blocks', async t => {
	const {system} = useSystem(t);
	const asleep = new Future<void>();
	const events: string[] = [];
	const ref = system.spawn(function * Sleeper() {
		try {
			asleep.set();
			yield * sleep(60_000);
			events.push('woke');
		} finally {
			events.push('finally');
		}
	});
	await asleep;
	t.true(await ref.stop());
	t.deepEqual(events, ['finally']);
	t.false(ref.isAlive());
});

test('stop cuts short a behaviour waiting in receive, running its finally blocks', async t => {
	const {system} = useSystem(t);
	const events: string[] = [];
	const ref = system.spawn(function * Waiter() {
		try {
			yield * receive();
			events.push('received');
		} finally {
			events.push('finally');
		}
	});
	await turn();
	t.true(await ref.stop());
	t.deepEqual(events, ['finally']);
});

test('stop cuts short a behaviour waiting on a future, which then no longer resumes it', async t => {
	const {system} = useSystem(t);
	const gate = new Future<void>();
	const waiting = new Future<void>();
	const events: string[] = [];
	const ref = system.spawn(function * Waiter() {
		try {
			waiting.set();
			yield * gate;
			events.push('resumed');
		} finally {
			events.push('finally');
		}
	});
	await waiting;
	t.true(await ref.stop());
	gate.set();
	await turn();
	t.deepEqual(events, ['finally']);
});

test('a stopping actor is not alive while its finally blocks run, and stop waits for them', async t => {
	const {system} = useSystem(t);
	const cleaning = new Future<void>();
	const cleaned = new Future<void>();
	const ref = system.spawn(function * Tidy() {
		try {
			yield * receive();
		} finally {
			cleaning.set();
			yield * cleaned;
		}
	});
	const stopped = ref.stop();
	await cleaning;
	t.false(ref.isAlive());
	t.false(stopped.settled);
	t.throws(() => {
		ref.tell('late');
	}, {instanceOf: ActorDeadError});
	await t.throwsAsync(async () => ref.ask('late'), {instanceOf: ActorDeadError});
	// A stop that comes while the actor is stopping gives false, but only once it is dead.
	const late = ref.stop();
	await turn();
	t.false(late.settled);
	cleaned.set();
	t.true(await stopped);
	t.false(await late);
	t.false(await ref.stop());
});

// Dead actors

test('tell to a dead actor throws ActorDeadError naming it', async t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	await ref.stop();
	const error = t.throws(() => {
		ref.tell('anyone?');
	}, {instanceOf: ActorDeadError, message: `Echo (${ref.actorUrn}) is not alive`});
	t.regex(error?.message ?? '', new RegExp(`^${label('Echo')} is not alive$`));
	t.is(error?.actorUrn, ref.actorUrn);
	t.true(error instanceof PykkaError);
	t.throws(() => {
		ref.sendOneWay('anyone?');
	}, {instanceOf: ActorDeadError});
});

test('ask to a dead actor gives a future rejected with ActorDeadError', async t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	await ref.stop();
	const answer = ref.ask('anyone?');
	t.true(answer.settled);
	t.true(answer.rejected);
	const error = await t.throwsAsync(async () => answer, {instanceOf: ActorDeadError, message: `Echo (${ref.actorUrn}) is not alive`});
	t.is(error?.actorUrn, ref.actorUrn);
	await t.throwsAsync(async () => ref.sendRequestReply('anyone?'), {instanceOf: ActorDeadError});
});

test('ask to a failed actor rejects with ActorDeadError', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn(function * Fragile() {
		yield * receive();
		throw new Error('crash');
	});
	await t.throwsAsync(async () => ref.ask('crash'), {message: 'crash'});
	t.false(ref.isAlive());
	await t.throwsAsync(async () => ref.ask('again'), {instanceOf: ActorDeadError});
});

// Identity

test('isAlive is true while running and false once stopped', async t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	t.true(ref.isAlive());
	await ref.ask('x');
	t.true(ref.isAlive());
	await ref.stop();
	t.false(ref.isAlive());
});

test('actorUrn is urn:uuid:<v4>, the same on every read and unique per actor', t => {
	const {system} = useSystem(t);
	const refs = Array.from({length: 20}, () => spawnEcho(system));
	for (const ref of refs) {
		t.regex(ref.actorUrn, urnPattern);
		t.is(ref.actorUrn, ref.actorUrn);
	}

	t.is(new Set(refs.map(ref => ref.actorUrn)).size, refs.length);
});

test('toString shows the name and the URN', t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	t.is(ref.actorName, 'Echo');
	t.is(ref.toString(), `Echo (${ref.actorUrn})`);
	t.is(String(ref), `Echo (${ref.actorUrn})`);
	t.is(`${ref}`, `Echo (${ref.actorUrn})`);
	t.is(inspect(ref), `ActorRef(Echo (${ref.actorUrn}))`);
});

test('proxy of a spawned actor throws TypeError', t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	t.throws(() => ref.proxy(), {instanceOf: TypeError, message: new RegExp(String.raw`^Echo \(${ref.actorUrn}\)`)});
});
