/**
 * Supervision: restart in place, with a limit and a backoff on the system's
 * clock, in virtual time.
 */
import test from 'ava';
import {Actor, Down, receive, reply, restart, startTimer, watch, type Handles, type Receives} from 'pykka';
import {unchecked, useKit} from './helpers/index.js';

/** Answers asks with `start + count`; fails on 'fail'. Starts record their arguments in `starts`. */
function * flaky(start: number, starts: number[]): Handles<Receives<'fail' | 'count', number>> {
	starts.push(start);
	let count = start;
	for (;;) {
		const message = yield * receive<'fail' | 'count'>();
		if (message === 'fail') {
			throw new Error('flaky failed');
		}

		count++;
		yield * reply(count);
	}
}

test('a supervised behaviour restarts in place after the backoff: same ref, URN and registry entry, its queued messages kept, its original args', async t => {
	const kit = useKit(t);
	const starts: number[] = [];
	const ref = kit.spawn(flaky, {args: [10, starts], supervise: restart({backoff: {minMs: 100}})});
	const urn = ref.actorUrn;
	t.is(await ref.ask('count'), 11);
	const failing = ref.ask('fail');
	const queued = ref.ask('count');
	await kit.runUntilIdle();
	await t.throwsAsync(failing, {message: 'flaky failed'});
	t.true(ref.isAlive());
	t.false(queued.settled);
	await kit.advance(99);
	t.false(queued.settled);
	await kit.advance(1);
	t.is(await queued, 11);
	t.deepEqual(starts, [10, 10]);
	t.is(ref.actorUrn, urn);
	t.deepEqual(kit.system.registry.getAll(), [ref]);
	t.is(kit.failures().length, 1);
	t.regex(kit.failures()[0]?.message ?? '', /^flaky \(urn:uuid:[\da-f-]+\) failed; restarting in 100 ms \(restart 1 of 3 within 60000 ms\):$/);
});

test('the backoff doubles with each restart within the window, up to maxMs', async t => {
	const kit = useKit(t);
	const starts: number[] = [];
	const ref = kit.spawn(flaky, {args: [0, starts], supervise: restart({limit: {restarts: 10, withinMs: 1_000_000}, backoff: {minMs: 100, maxMs: 300}})});
	const restartedAt: number[] = [];
	for (let round = 0; round < 4; round++) {
		ref.tell('fail');
		const before = starts.length;
		while (starts.length === before) {
			await kit.advanceToNext();
		}

		restartedAt.push(kit.clock.now());
	}

	t.deepEqual(restartedAt.map((time, index) => time - (index === 0 ? 0 : restartedAt[index - 1]!)), [100, 200, 300, 300]);
});

test('past its limit an actor fails for good, and its watchers get {reason: failed}', async t => {
	const kit = useKit(t);
	const starts: number[] = [];
	const ref = kit.spawn(flaky, {args: [0, starts], supervise: restart({limit: {restarts: 2, withinMs: 1000}})});
	const probe = kit.probe<Down>();
	kit.spawn(function * watcher() {
		yield * watch(ref);
		probe.ref.tell(yield * receive<Down>());
	});
	await kit.runUntilIdle();
	for (let failure = 0; failure < 3; failure++) {
		ref.tell('fail');
		await kit.runUntilIdle();
	}

	t.false(ref.isAlive());
	t.deepEqual(starts, [0, 0, 0]);
	const down = await probe.expectMessage(message => message instanceof Down);
	t.is(down.exit.reason, 'failed');
	t.is(kit.failures().length, 3);
	t.regex(kit.failures()[2]?.message ?? '', /^flaky \(urn:uuid:[\da-f-]+\) failed:$/);
});

test('restarts older than the window do not count against the limit', async t => {
	const kit = useKit(t);
	const starts: number[] = [];
	const ref = kit.spawn(flaky, {args: [0, starts], supervise: restart({limit: {restarts: 1, withinMs: 1000}})});
	ref.tell('fail');
	await kit.runUntilIdle();
	await kit.advance(1000);
	ref.tell('fail');
	await kit.runUntilIdle();
	t.true(ref.isAlive());
	t.deepEqual(starts, [0, 0, 0]);
});

test('when decides which failures restart; the others fail the actor for good', async t => {
	const kit = useKit(t);
	const starts: number[] = [];
	const ref = kit.spawn(flaky, {args: [0, starts], supervise: restart({when: error => (error as Error).message !== 'flaky failed'})});
	ref.tell('fail');
	await kit.runUntilIdle();
	t.false(ref.isAlive());
	t.deepEqual(starts, [0]);
});

test('a stop during the backoff stops the actor at once; a kill too', async t => {
	const kit = useKit(t);
	for (const how of ['stop', 'kill'] as const) {
		const starts: number[] = [];
		const ref = kit.spawn(flaky, {args: [0, starts], supervise: restart({backoff: {minMs: 1000}})});
		ref.tell('fail');
		const queued = ref.ask('count');
		await kit.runUntilIdle();
		const stopped = how === 'stop' ? ref.stop() : ref.kill();
		await kit.runUntilIdle();
		t.true(await stopped, how);
		await t.throwsAsync(queued, {name: 'ActorDeadError'});
		t.deepEqual(await ref.whenStopped(), {reason: how === 'stop' ? 'stopped' : 'killed'});
		await kit.advance(2000);
		t.deepEqual(starts, [0], how);
	}
});

test('the timers of a failed incarnation are cancelled at the restart', async t => {
	const kit = useKit(t);
	const probe = kit.probe<string>();
	let incarnation = 0;
	const ref = kit.spawn(function * ticking() {
		incarnation++;
		const mine = incarnation;
		yield * startTimer(`tick ${mine}`, `tick from ${mine}`, {everyMs: 100});
		for (;;) {
			const message = yield * receive<string>();
			if (message === 'fail') {
				throw new Error('fails');
			}

			probe.ref.tell(message);
		}
	}, {supervise: restart()});
	await kit.advance(150);
	ref.tell('fail');
	await kit.advance(250);
	t.deepEqual(probe.received, ['tick from 1', 'tick from 2', 'tick from 2']);
});

test('a class with static supervision restarts with a fresh instance and its onStart; onFailure runs for the failed one; the proxy keeps working', async t => {
	const kit = useKit(t);
	const log: string[] = [];
	class Counter extends Actor {
		static override supervision = restart({backoff: {minMs: 50}});
		count: number;

		constructor(start: number) {
			super();
			this.count = start;
			log.push(`constructed with ${start}`);
		}

		override onStart(): void {
			log.push('onStart');
		}

		override onFailure(error: unknown): void {
			log.push(`onFailure ${(error as Error).message}`);
		}

		override onStop(): void {
			log.push('onStop');
		}

		increment(): number {
			return ++this.count;
		}

		override onReceive(message: unknown): void {
			if (message === 'fail') {
				throw new Error('told to fail');
			}
		}
	}

	const proxy = kit.startProxy(Counter, 5);
	t.is(await proxy.increment(), 6);
	proxy.actorRef.tell('fail');
	const after = proxy.increment();
	await kit.advance(50);
	t.is(await after, 6);
	t.deepEqual(log, ['constructed with 5', 'onStart', 'onFailure told to fail', 'constructed with 5', 'onStart']);
	t.true(proxy.actorRef.isAlive());
});

test('without supervise a failed actor fails for good, as before', async t => {
	const kit = useKit(t);
	const starts: number[] = [];
	const ref = kit.spawn(flaky, {args: [0, starts]});
	ref.tell('fail');
	await kit.runUntilIdle();
	t.false(ref.isAlive());
	t.deepEqual(await ref.whenStopped(), {reason: 'failed', error: new Error('flaky failed')});
});

test('restart validates its options', t => {
	t.throws(() => restart({limit: {restarts: -1, withinMs: 10}}), {instanceOf: TypeError, message: /^Expected `limit.restarts` to be a whole number >= 0, got -1$/});
	t.throws(() => restart({backoff: {minMs: 100, maxMs: 10}}), {instanceOf: TypeError, message: /^Expected `backoff.maxMs` to be at least `backoff.minMs` \(100\), got 10$/});
	t.throws(() => restart({backoff: {minMs: 0, jitter: 2}}), {instanceOf: TypeError, message: /^Expected `backoff.jitter` to be a number from 0 to 1, got 2$/});
	const kit = useKit(t);
	t.throws(() => kit.spawn(flaky, {args: [0, []], supervise: unchecked<never>({restarts: 1})}), {instanceOf: TypeError, message: /^Expected `supervise` to be a policy made by restart\(\), got /});
});

test('a stop queued before a failure is the one that stops the actor when it enters its backoff; a later stop gets false', async t => {
	const kit = useKit(t);
	const starts: number[] = [];
	const ref = kit.spawn(flaky, {args: [0, starts], supervise: restart({backoff: {minMs: 50}})});
	ref.tell('fail');
	const first = ref.stop();
	await kit.advance(10);
	const second = ref.stop();
	await kit.runUntilIdle();
	t.true(await first);
	t.false(await second);
	t.deepEqual(starts, [0]);
	t.deepEqual(await ref.whenStopped(), {reason: 'stopped'});
});
