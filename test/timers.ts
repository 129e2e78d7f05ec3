/**
 * Keyed timers (startTimer/cancelTimer, this.timers) and tellAfter, in virtual time.
 */
import test from 'ava';
import {Actor, cancelTimer, receive, startTimer, type Handles, type Receives} from 'pykka';
import {useKit} from './helpers/index.js';

type Command = {readonly start: string; readonly message: string; readonly afterMs?: number; readonly everyMs?: number} | {readonly cancel: string} | 'hold' | 'release';

/** Starts and cancels timers as told, and forwards everything else (timer messages) to `to`. */
function * timed(to: {tell(message: string): void}): Handles<Receives<Command, boolean>> {
	for (;;) {
		const command = yield * receive<Command | string>();
		if (typeof command === 'object' && 'start' in command) {
			yield * startTimer(command.start, command.message, command.everyMs === undefined ? {afterMs: command.afterMs ?? 0} : {everyMs: command.everyMs});
		} else if (typeof command === 'object' && 'cancel' in command) {
			yield * cancelTimer(command.cancel);
		} else {
			to.tell(command);
		}
	}
}

test('a one-shot timer sends its message once after afterMs; a repeating one every everyMs', async t => {
	const kit = useKit(t);
	const probe = kit.probe<string>();
	const ref = kit.spawn(timed, {args: [probe.ref]});
	ref.tell({start: 'once', message: 'once', afterMs: 100});
	ref.tell({start: 'often', message: 'often', everyMs: 40});
	await kit.advance(130);
	t.deepEqual(probe.received, ['often', 'often', 'once', 'often']);
	await kit.advance(100);
	t.deepEqual(probe.received, ['often', 'often', 'once', 'often', 'often', 'often']);
});

test('starting a timer with a key in use replaces it; cancelTimer stops it', async t => {
	const kit = useKit(t);
	const probe = kit.probe<string>();
	const ref = kit.spawn(timed, {args: [probe.ref]});
	ref.tell({start: 'k', message: 'first', afterMs: 100});
	await kit.advance(50);
	ref.tell({start: 'k', message: 'second', afterMs: 100});
	await kit.advance(200);
	t.deepEqual(probe.received, ['second']);
	ref.tell({start: 'k', message: 'third', everyMs: 10});
	await kit.advance(25);
	ref.tell({cancel: 'k'});
	await kit.advance(100);
	t.deepEqual(probe.received, ['second', 'third', 'third']);
});

test('the message of a cancelled or replaced timer is never received, even if it is already in the mailbox', async t => {
	const kit = useKit(t);
	const probe = kit.probe<string>();
	const seen: string[] = [];
	const ref = kit.spawn(function * busy() {
		for (;;) {
			const message = yield * receive<Command | string>();
			if (typeof message === 'object' && 'start' in message) {
				yield * startTimer(message.start, message.message, {afterMs: message.afterMs ?? 0});
			} else if (typeof message === 'object' && 'cancel' in message) {
				yield * cancelTimer(message.cancel);
			} else if (message === 'hold') {
				// Receives nothing but 'release' meanwhile: the timers' messages queue up.
				yield * receive({match: other => other === 'release'});
				// Both ticks are queued now, ahead of anything else: cancel one, replace the other.
				yield * cancelTimer('a');
				yield * startTimer('b', 'from the new b', {afterMs: 10});
			} else {
				seen.push(message);
				probe.ref.tell(message);
			}
		}
	});
	ref.tell({start: 'a', message: 'from a', afterMs: 10});
	ref.tell({start: 'b', message: 'from b', afterMs: 10});
	ref.tell('hold');
	await kit.advance(20);
	ref.tell('release');
	await kit.advance(50);
	t.deepEqual(seen, ['from the new b']);
});

test('all timers end when the actor stops', async t => {
	const kit = useKit(t);
	const probe = kit.probe<string>();
	const ref = kit.spawn(timed, {args: [probe.ref]});
	ref.tell({start: 'often', message: 'often', everyMs: 10});
	await kit.advance(15);
	await ref.stop();
	t.is(kit.clock.pending, 0);
	await kit.advance(100);
	t.deepEqual(probe.received, ['often']);
});

test('a class actor has this.timers.start and this.timers.cancel', async t => {
	const kit = useKit(t);
	const ticks: string[] = [];
	const cancels: boolean[] = [];
	class Clock extends Actor {
		override onStart(): void {
			this.timers.start('tick', 'tick', {everyMs: 1000});
		}

		override onReceive(message: string): void {
			ticks.push(message);
			if (ticks.length === 3) {
				cancels.push(this.timers.cancel('tick'), this.timers.cancel('tick'));
			}
		}
	}

	kit.start(Clock);
	await kit.advance(10_000);
	t.deepEqual(ticks, ['tick', 'tick', 'tick']);
	t.deepEqual(cancels, [true, false]);
});

test('timer options are checked', t => {
	t.throws(() => startTimer('k', 'm', {} as never), {instanceOf: TypeError, message: /^Expected `options` to be {afterMs} \(once\) or {everyMs} \(repeatedly, every > 0 ms\), got {}$/});
	t.throws(() => startTimer('k', 'm', {afterMs: 1, everyMs: 1} as never), {instanceOf: TypeError});
	t.throws(() => startTimer('k', 'm', {everyMs: 0}), {instanceOf: TypeError});
	t.throws(() => startTimer('k', 'm', {afterMs: -1}), {instanceOf: TypeError, message: /^Expected `afterMs` to be a finite number of milliseconds >= 0, got -1$/});
});

test('tellAfter sends a message after a delay on the system clock; cancel calls it off', async t => {
	const kit = useKit(t);
	const probe = kit.probe<string>();
	const sent = probe.ref.tellAfter(100, 'later');
	const cancelled = probe.ref.tellAfter(100, 'never');
	t.true(cancelled.cancel());
	t.false(cancelled.cancel());
	await kit.advance(99);
	t.deepEqual(probe.received, []);
	await kit.advance(1);
	t.deepEqual(probe.received, ['later']);
	t.false(sent.cancel());
	t.throws(() => probe.ref.tellAfter(-5, 'x'), {instanceOf: TypeError, message: /^Expected `ms` to be a finite number of milliseconds >= 0, got -5$/});
});
