import test from 'ava';
import {Actor, createSystem, Future, receive, reply, type Logger} from 'pykka';
import {stopAfter, useSystem} from './helpers/index.js';

function * echo() {
	for (;;) {
		yield * reply(yield * receive());
	}
}

test('an actor that throws fails alone: the others go on', async t => {
	const {system, log} = useSystem(t);
	const survivor = system.spawn(echo);
	const doomed = system.spawn(function * doomed() {
		yield * receive();
		throw new Error('boom');
	});
	await t.throwsAsync(doomed.ask('go'), {message: 'boom'});
	t.false(doomed.isAlive());
	t.is(await survivor.ask('still here'), 'still here');
	t.is(log.errors.length, 1);
	t.is(log.errors[0]?.message, `${String(doomed)} failed:`);
});

for (const thrown of ['a string', undefined, 42]) {
	test(`a behaviour that throws ${String(thrown)} is handled like an error`, async t => {
		const {system, log} = useSystem(t);
		const ref = system.spawn(function * thrower() {
			yield * receive();
			throw thrown;
		});
		const outcome = await ref.ask('go').then(() => 'fulfilled', (error: unknown) => ({rejectedWith: error}));
		t.deepEqual(outcome, {rejectedWith: thrown});
		t.false(ref.isAlive());
		t.is(log.errors.length, 1);
		t.is(log.errors[0]?.error, thrown);
	});
}

test('a behaviour that yields something other than an effect gets a TypeError listing the effects', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn(function * confused() {
		yield * receive();
		try {
			yield 'not an effect' as never;
		} catch (error) {
			yield * reply(error);
		}

		yield * receive();
	});
	const error = await ref.ask('go');
	t.true(error instanceof TypeError);
	t.regex(String(error), /yielded "not an effect"; a behaviour may yield only effects \(receive, call, sleep, self, await, reply, deferReply, watch, unwatch, startTimer, cancelTimer\)/);
});

test('a user callback that throws on a future settled by an actor does not disturb the interpreter', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn(echo);
	const mapped = ref.ask(1).map(() => {
		throw new Error('callback failed');
	});
	await t.throwsAsync(mapped, {message: 'callback failed'});
	t.is(await ref.ask(2), 2);
});

class Fragile extends Actor {
	override onReceive(): never {
		throw new Error('handler failed');
	}

	override onFailure(): never {
		throw new Error('onFailure failed too');
	}
}

test('an onFailure that throws is reported, and the actor still stops; others go on', async t => {
	const {system, log} = useSystem(t);
	const fragile = system.start(Fragile);
	const survivor = system.spawn(echo);
	const stopped = new Future<boolean>();
	fragile.tell('break');
	// The stop request queued behind the failing tell finds the actor dead.
	fragile.stop().listen({
		futureSettled(future) {
			stopped.set(future.result as boolean);
		},
	});
	t.false(await stopped);
	t.false(fragile.isAlive());
	t.is(await survivor.ask('ok'), 'ok');
	t.deepEqual(log.errors.map(entry => entry.message), [`${String(fragile)} failed in onFailure:`, `${String(fragile)} failed:`]);
});

test('a logger that throws never stops the runtime', async t => {
	const logger: Logger = {
		error() {
			throw new Error('logger broke');
		},
		warn() {
			throw new Error('logger broke');
		},
		debug() {
			throw new Error('logger broke');
		},
	};
	const system = stopAfter(t, createSystem({logger}));
	const originalConsoleError = console.error;
	const reported: string[] = [];
	console.error = (message: string) => {
		reported.push(message);
	};

	try {
		const doomed = system.spawn(function * doomed() {
			yield * receive();
			throw new Error('boom');
		});
		const survivor = system.spawn(echo);
		await t.throwsAsync(doomed.ask('go'), {message: 'boom'});
		t.is(await survivor.ask('fine'), 'fine');
		await system.stopAll();
	} finally {
		console.error = originalConsoleError;
	}

	t.true(reported.some(line => line.includes('the logger threw while reporting')));
	t.is(system.registry.size, 0);
});

test('a malformed effect made by hand is thrown into the behaviour, not into the interpreter', async t => {
	const {system} = useSystem(t);
	const survivor = system.spawn(echo);
	const ref = system.spawn(function * handMade() {
		yield * receive();
		const caught: unknown[] = [];
		for (const effect of [{type: 'call', ref: 'not a ref', message: 1}, {type: 'await', future: 42}]) {
			try {
				yield effect as never;
			} catch (error) {
				caught.push(error);
			}
		}

		yield * reply(caught);
		yield * receive();
	});
	const caught = await ref.ask('go') as unknown[];
	t.is(caught.length, 2);
	t.true(caught.every(error => error instanceof TypeError));
	t.is(await survivor.ask('still fine'), 'still fine');
	t.true(ref.isAlive());
});
