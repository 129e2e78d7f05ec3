/**
 * The test kit of `pykka/testing`: a system on a virtual clock, run until
 * idle, moved through time, probed.
 */
import test from 'ava';
import {Actor, DeadlockError, deferReply, Future, getAll, receive, reply, self, sleep, TimeoutError, call, type ActorProxy, type ActorRef, type Clock, type Handles, type Receives} from 'pykka';
import {createTestKit} from 'pykka/testing';
import {unchecked, useKit} from './helpers/index.js';

function * ticker(to: ActorRef<Receives<number, unknown>>, everyMs: number): Handles<Receives<'stop', void>> {
	for (let tick = 1; ; tick++) {
		yield * sleep(everyMs);
		to.tell(tick);
	}
}

test('runUntilIdle runs the actors until none can step; time does not move', async t => {
	const kit = useKit(t);
	const seen: string[] = [];
	const ref = kit.spawn(function * recorder() {
		for (;;) {
			seen.push(yield * receive<string>());
		}
	});
	ref.tell('a');
	ref.tell('b');
	t.deepEqual(seen, []);
	await kit.runUntilIdle();
	t.deepEqual(seen, ['a', 'b']);
	t.is(kit.clock.now(), 0);
});

test('advance fires due timers in time order, those set within the window too, and ends the given time later', async t => {
	const kit = useKit(t);
	const probe = kit.probe<number>();
	kit.spawn(ticker, {args: [probe.ref, 1000]});
	await kit.advance(3500);
	t.deepEqual(probe.received, [1, 2, 3]);
	t.is(kit.clock.now(), 3500);
	t.true(await kit.advanceToNext());
	t.is(kit.clock.now(), 4000);
	t.deepEqual(probe.received, [1, 2, 3, 4]);
});

test('a ticker tested over 24 virtual hours in well under a second of real time', async t => {
	const kit = useKit(t);
	const probe = kit.probe<number>();
	kit.spawn(ticker, {args: [probe.ref, 1000]});
	const started = performance.now();
	await kit.advance(24 * 60 * 60 * 1000);
	const elapsed = performance.now() - started;
	t.is(probe.received.length, 24 * 60 * 60);
	t.is(probe.received.at(-1), 86_400);
	t.log(`86,400 timers over 24 virtual hours in ${elapsed.toFixed(0)} ms of real time`);
});

test('timeouts of receive, sleep, ask, get, getAll and stop run on the kit\'s virtual clock', async t => {
	const kit = useKit(t);
	const silent = kit.spawn(function * silent() {
		for (;;) {
			yield * receive();
			yield * sleep(60_000);
		}
	});
	const timedOut = kit.probe<string>('timed out');
	kit.spawn(function * impatient() {
		try {
			yield * receive({timeout: 500});
		} catch (error) {
			timedOut.ref.tell(error instanceof TimeoutError ? `receive timed out at ${kit.clock.now()}` : 'other');
		}
	});
	const asked = silent.ask('hello', {timeout: 1000});
	// A get with a timeout runs on the clock of the system whose ask made the future.
	const gotten = silent.ask('and again').get({timeout: 2000});
	const all = getAll([silent.ask('again'), Future.from(1)], {timeout: 3000});
	const outcomes = Promise.allSettled([asked, gotten, all]);
	await timedOut.expectNoMessage({within: 499});
	await timedOut.expectMessage('receive timed out at 500', {within: 1});
	t.false(asked.settled);
	await kit.advance(500);
	t.true(asked.rejected);
	await kit.advance(2000);
	const [askOutcome, getOutcome, allOutcome] = await outcomes;
	t.is(askOutcome.status, 'rejected');
	t.is(getOutcome.status, 'rejected');
	t.is(allOutcome.status, 'rejected');
	t.is(kit.clock.now(), 3000);
});

test('a stop with a timeout runs on the virtual clock, and the stop goes ahead', async t => {
	const kit = useKit(t);
	class Slow extends Actor {
		override * onStop() {
			yield * sleep(10_000);
		}
	}

	const ref = kit.start(Slow);
	const stopping = ref.stop({timeout: 5000});
	await kit.advance(5000);
	await t.throwsAsync(stopping, {instanceOf: TimeoutError});
	t.false(ref.isAlive());
	const later = ref.stop();
	await kit.advance(5000);
	t.false(await later);
});

test('probes expect messages in virtual time, show what came instead, and answer asks', async t => {
	const kit = useKit(t);
	const probe = kit.probe<{n: number}>('numbers');
	const sender = kit.spawn(function * sender() {
		yield * sleep(100);
		probe.ref.tell({n: 1});
		yield * sleep(100);
		probe.ref.tell({n: 2});
	});
	t.truthy(sender);
	t.deepEqual(await probe.expectMessage({n: 1}, {within: 150}), {n: 1});
	t.is(kit.clock.now(), 100);
	const mismatch = await t.throwsAsync(probe.expectMessage({n: 3}, {within: 1000}));
	t.regex(mismatch?.message ?? '', /^numbers expected { n: 3 }, got { n: 2 }; received so far: { n: 1 }, { n: 2 }$/);
	await probe.expectNoMessage({within: 10_000});
	const none = await t.throwsAsync(probe.expectMessage(message => message.n > 0));
	t.regex(none?.message ?? '', /^numbers received no message within 0 ms; expected a message matching an anonymous function; received so far:/);
	t.deepEqual(probe.received, [{n: 1}, {n: 2}]);

	const answering = kit.probe<string>({name: 'answering', handler: message => message.toUpperCase()});
	t.is(await answering.ref.ask('hi'), 'HI');
	const asking = kit.probe<string>('asking');
	const answer = asking.ref.ask('question');
	await asking.expectMessage('question');
	asking.reply(42);
	t.is(await answer, 42);
	t.throws(() => {
		asking.reply(43);
	}, {message: 'asking has no unanswered ask to reply to'});
});

test('expectNoMessage fails on a message that came', async t => {
	const kit = useKit(t);
	const probe = kit.probe('quiet');
	probe.ref.tell('noise');
	const error = await t.throwsAsync(probe.expectNoMessage({within: 10}));
	t.is(error?.message, 'quiet expected no message within 10 ms, got "noise"; received so far: "noise"');
});

test('the kit collects failures instead of printing them; assertNoFailures lists them', async t => {
	const kit = useKit(t);
	t.notThrows(() => {
		kit.assertNoFailures();
	});
	const ref = kit.spawn(function * fragile() {
		yield * receive();
		throw new Error('broken');
	});
	ref.tell('go');
	await kit.runUntilIdle();
	t.is(kit.failures().length, 1);
	t.regex(kit.failures()[0]?.message ?? '', /^fragile \(urn:uuid:[\da-f-]+\) failed:$/);
	const error = t.throws(() => {
		kit.assertNoFailures();
	});
	t.regex(error?.message ?? '', /^1 failure logged:\n- fragile \(urn:uuid:[\da-f-]+\) failed: Error: broken/);
});

test('a deadlock during runUntilIdle is reported, not hung on', async t => {
	const kit = useKit(t);
	class Narcissus extends Actor {
		admire(): string {
			return 'self';
		}

		* stare() {
			return yield * (this.actorRef.proxy() as ActorProxy<Narcissus>).admire();
		}
	}

	const proxy = kit.startProxy(Narcissus);
	proxy.stare.defer();
	await t.throwsAsync(kit.runUntilIdle(), {instanceOf: DeadlockError});
});

test('an async method awaiting a timer in virtual time finishes when time moves', async t => {
	const kit = useKit(t);
	class Waiter extends Actor {
		async wait(): Promise<string> {
			const napper = kit.spawn(function * napper(): Handles<Receives<'nap', string>> {
				yield * receive();
				yield * sleep(1000);
				yield * reply('rested');
			});
			return napper.ask('nap');
		}
	}

	const answer = kit.startProxy(Waiter).wait();
	await kit.runUntilIdle();
	t.false(answer.settled);
	await kit.advance(1000);
	t.is(await answer, 'rested');
});

test('advance refuses a negative or non-finite time; a kit used after shutdown throws', async t => {
	const kit = createTestKit();
	for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
		await t.throwsAsync(kit.advance(ms), {instanceOf: TypeError, message: /^Expected `ms` to be a finite number of milliseconds >= 0, got /});
	}

	kit.spawn(ticker, {args: [kit.probe().ref, 10]});
	await kit.advance(35);
	t.true(kit.clock.pending > 0);
	await kit.shutdown();
	t.is(kit.clock.pending, 0);
	t.throws(() => kit.system, {message: /^This test kit was shut down/});
	t.throws(() => kit.spawn, {message: /^This test kit was shut down/});
	await t.throwsAsync(kit.advance(1), {message: /^This test kit was shut down/});
	await t.throwsAsync(kit.runUntilIdle(), {message: /^This test kit was shut down/});
	await kit.shutdown();
});

test('a call between actors in virtual time', async t => {
	const kit = useKit(t);
	const slow = kit.spawn(function * slow(): Handles<Receives<number, number>> {
		for (;;) {
			const n = yield * receive<number>();
			yield * sleep(n);
			yield * reply(n * 2);
		}
	});
	const caller = kit.spawn(function * caller(): Handles<Receives<'go', number>> {
		yield * receive<'go'>();
		yield * reply(yield * call(slow, 250));
	});
	const answer = caller.ask('go');
	await kit.advance(249);
	t.false(answer.settled);
	await kit.advance(1);
	t.is(await answer, 500);
	kit.assertNoFailures();
});

test('runUntilIdle reports actors that keep themselves busy for ever, instead of hanging', async t => {
	const kit = createTestKit({maxTurns: 20});
	const busy = kit.spawn(function * busy() {
		const me = yield * self();
		me.tell('again');
		for (;;) {
			yield * receive();
			me.tell('again');
		}
	});
	await t.throwsAsync(kit.runUntilIdle(), {message: /^The test kit's actors did not become idle within 20 turns of the event loop/});
	await busy.kill();
	await kit.shutdown();
	t.throws(() => createTestKit({maxTurns: 0}), {instanceOf: TypeError, message: 'Expected `maxTurns` to be a whole number >= 1, got 0'});
	t.throws(() => createTestKit(unchecked<never>(5)), {instanceOf: TypeError, message: /^Expected `options` to be a plain object, got 5$/});
});

test('a future derived from an ask (map, filter, reduce, join) keeps the kit\'s clock for its timeouts', async t => {
	const kit = useKit(t);
	const silent = kit.spawn(function * silent() {
		for (;;) {
			yield * receive();
			// Owes the answer, and never gives it.
			yield * deferReply();
		}
	});
	const asked = silent.ask('x') as Future<number[]>;
	const outcomes = Promise.allSettled([
		asked.map(items => items).get({timeout: 1000}),
		asked.filter(() => true).get({timeout: 1000}),
		asked.reduce((sum, item) => sum + item, 0).get({timeout: 1000}),
		asked.join(asked).get({timeout: 1000}),
	]);
	let done = false;
	void outcomes.then(() => {
		done = true;
	});
	await kit.advance(1000);
	await kit.runUntilIdle();
	// Settled by the virtual time alone: no real timer was waited for.
	t.true(done);
	const settled = await outcomes;
	t.deepEqual(settled.map(outcome => outcome.status === 'rejected' && (outcome.reason as Error).name), ['TimeoutError', 'TimeoutError', 'TimeoutError', 'TimeoutError']);
});

test('a future made with the kit\'s clock times out in virtual time; a bad clock is refused', async t => {
	const kit = useKit(t);
	const future = new Future<number>({clock: kit.clock});
	let timedOut = false;
	const waiting = future.get({timeout: 100}).catch((error: unknown) => {
		timedOut = (error as Error).name === 'TimeoutError';
	});
	await kit.advance(99);
	t.false(timedOut);
	await kit.advance(1);
	await waiting;
	t.true(timedOut);
	const partialClock = {now: () => 0};
	t.throws(() => new Future({clock: unchecked<Clock>(partialClock)}), {instanceOf: TypeError, message: /^Expected `clock` to be an object with now, setTimeout and clearTimeout methods, got /});
});
