/**
 * Cancellation with an AbortSignal: ask, call and future.get.
 */
import test from 'ava';
import {call, Future, receive, reply, sleep, type Handles, type Receives} from 'pykka';
import {unchecked, useKit} from './helpers/index.js';

/** Handles each message after a 1 s sleep; records what it handled. */
function * slow(handled: string[]): Handles<Receives<string, string>> {
	for (;;) {
		const message = yield * receive<string>();
		yield * sleep(1000);
		handled.push(message);
		yield * reply(`done ${message}`);
	}
}

test('aborting an ask rejects it at once with the reason, and a message not yet taken is never handled', async t => {
	const kit = useKit(t);
	const handled: string[] = [];
	const ref = kit.spawn(slow, {args: [handled]});
	const first = ref.ask('first');
	const controller = new AbortController();
	const second = ref.ask('second', {signal: controller.signal});
	await kit.advance(500);
	controller.abort(new Error('no longer needed'));
	await t.throwsAsync(second, {message: 'no longer needed'});
	await kit.advance(5000);
	t.is(await first, 'done first');
	t.deepEqual(handled, ['first']);
});

test('aborting an ask whose message is being handled rejects the wait; the late answer is dropped', async t => {
	const kit = useKit(t);
	const handled: string[] = [];
	const ref = kit.spawn(slow, {args: [handled]});
	const controller = new AbortController();
	const asked = ref.ask('in hand', {signal: controller.signal});
	await kit.advance(500);
	controller.abort();
	// The default reason: a DOMException named AbortError.
	const reason = await asked.get().catch((error: unknown) => error);
	t.is((reason as {name?: unknown}).name, 'AbortError');
	await kit.advance(1000);
	t.deepEqual(handled, ['in hand']);
	t.true(asked.rejected);
});

test('an ask with an already aborted signal is never sent', async t => {
	const kit = useKit(t);
	const handled: string[] = [];
	const ref = kit.spawn(slow, {args: [handled]});
	const asked = ref.ask('never', {signal: AbortSignal.abort('too late')});
	t.true(asked.rejected);
	t.is(await asked.get().catch((error: unknown) => error), 'too late');
	await kit.advance(5000);
	t.deepEqual(handled, []);
});

test('aborting a call throws the reason into the calling behaviour at once', async t => {
	const kit = useKit(t);
	const handled: string[] = [];
	const target = kit.spawn(slow, {args: [handled]});
	const controller = new AbortController();
	const caller = kit.spawn(function * caller(): Handles<Receives<'go', string>> {
		yield * receive<'go'>();
		try {
			yield * reply(String(yield * call(target, 'work', {signal: controller.signal})));
		} catch (error) {
			yield * reply(`aborted: ${String(error)}`);
		}
	});
	const answer = caller.ask('go');
	await kit.advance(10);
	controller.abort('changed my mind');
	await kit.runUntilIdle();
	t.is(await answer, 'aborted: changed my mind');
});

test('get({signal}) gives up waiting when aborted and leaves the future as it was', async t => {
	const future = new Future<number>();
	const controller = new AbortController();
	const waiting = future.get({signal: controller.signal});
	controller.abort(new Error('enough'));
	await t.throwsAsync(waiting, {message: 'enough'});
	t.false(future.settled);
	future.set(1);
	t.is(await future, 1);
	// A settled future gives its value, whatever the signal.
	t.is(await future.get({signal: AbortSignal.abort('at once')}), 1);
	const pending = new Future<number>();
	t.is(await pending.get({signal: AbortSignal.abort('at once')}).catch((error: unknown) => error), 'at once');
});

test('a signal that is not an AbortSignal is refused with a TypeError', t => {
	const kit = useKit(t);
	const ref = kit.spawn(slow, {args: [[]]});
	for (const signal of [{aborted: false}, 'signal', 1]) {
		t.throws(() => ref.ask('x', {signal: unchecked<AbortSignal>(signal)}), {instanceOf: TypeError, message: /^Expected `signal` to be an AbortSignal, got /});
		t.throws(() => call(ref, 'x', {signal: unchecked<AbortSignal>(signal)}), {instanceOf: TypeError, message: /^Expected `signal` to be an AbortSignal, got /});
		t.throws(() => new Future().get({signal: unchecked<AbortSignal>(signal)}), {instanceOf: TypeError, message: /^Expected `signal` to be an AbortSignal, got /});
	}
});
