import test from 'ava';
import {
	Actor, ActorRegistry, consoleLogger, createSystem, defaultSystem, receive, reply, type ActorProxy, type Logger,
} from 'pykka';
import {captureLog, stopAfter, useSystem} from './helpers/index.js';

class Counter extends Actor {
	count = 0;

	increment(): number {
		this.count += 1;
		return this.count;
	}
}

function * echo() {
	for (;;) {
		yield * reply(yield * receive());
	}
}

test('two systems do not see each other\'s actors', t => {
	const {system: one} = useSystem(t);
	const {system: two} = useSystem(t);
	const a = one.start(Counter);
	const b = two.start(Counter);
	const c = two.spawn(echo);
	t.deepEqual(one.registry.getAll(), [a]);
	t.deepEqual(two.registry.getAll(), [b, c]);
	t.deepEqual(one.registry.getByClass(Counter), [a]);
	t.is(one.registry.getByUrn(b.actorUrn), undefined);
	t.is(two.registry.getByUrn(a.actorUrn), undefined);
	t.deepEqual(one.registry.getByClassName('echo'), []);
	t.false(ActorRegistry.getAll().some(ref => ref === a || ref === b || ref === c));
});

test('stopAll of one system leaves the other\'s actors running', async t => {
	const {system: one} = useSystem(t);
	const {system: two} = useSystem(t);
	const a = one.startProxy(Counter);
	const b = two.startProxy(Counter);
	t.deepEqual(await one.stopAll(), [true]);
	t.false(a.actorRef.isAlive());
	t.true(b.actorRef.isAlive());
	t.is(await b.increment(), 1);
});

test('broadcast reaches only the actors of its own system', async t => {
	const {system: one} = useSystem(t);
	const {system: two} = useSystem(t);
	const a = one.startProxy(Counter);
	const b = two.startProxy(Counter);
	class Listener extends Actor {
		readonly heard: unknown[] = [];

		override onReceive(message: unknown): void {
			this.heard.push(message);
		}
	}

	const listenerOne = one.startProxy(Listener);
	const listenerTwo = two.startProxy(Listener);
	one.registry.broadcast('only one', Listener);
	t.deepEqual(await listenerOne.heard, ['only one']);
	t.deepEqual(await listenerTwo.heard, []);
	t.is(await a.count, 0);
	t.is(await b.count, 0);
});

test('an actor\'s system is the one that started it, and actors it starts join that system', async t => {
	const {system} = useSystem(t);
	class Parent extends Actor {
		startChild(): ActorProxy<Counter> {
			return this.system.startProxy(Counter);
		}
	}

	const parent = system.startProxy(Parent);
	const child = await parent.startChild();
	t.deepEqual(system.registry.getAll(), [parent.actorRef, child.actorRef]);
	t.is(await child.increment(), 1);
});

test('an actor of one system can call an actor of another', async t => {
	const {system: one} = useSystem(t);
	const {system: two} = useSystem(t);
	class Caller extends Actor {
		readonly #counter: ActorProxy<Counter>;

		constructor(counter: ActorProxy<Counter>) {
			super();
			this.#counter = counter;
		}

		* twice() {
			yield * this.#counter.increment();
			return yield * this.#counter.increment();
		}
	}

	const counter = one.startProxy(Counter);
	const caller = two.startProxy(Caller, counter);
	t.is(await caller.twice(), 2);
});

test('the logger given to createSystem gets the system\'s reports', async t => {
	const log = captureLog();
	const system = stopAfter(t, createSystem({logger: log.logger}));
	t.is(system.logger, log.logger);
	class Deaf extends Actor {}
	const ref = system.start(Deaf);
	await ref.ask('unheard');
	t.is(log.warnings.length, 1);
	t.true(log.warnings[0]?.startsWith(String(ref)));
});

test('the logger can be replaced while actors run', async t => {
	const {system, log: before} = useSystem(t);
	const after = captureLog();
	class Fragile extends Actor {
		override onReceive(message: string): string {
			if (message === 'fail') {
				throw new Error('fragile failed');
			}

			return message;
		}
	}

	const ref = system.start(Fragile);
	await ref.ask('unused');
	system.logger = after.logger;
	t.is(system.logger, after.logger);
	ref.tell('fail');
	const {message} = await after.nextError();
	t.is(message, `${String(ref)} failed:`);
	t.deepEqual(before.errors, []);
});

test('without a logger a system reports through consoleLogger', t => {
	const system = stopAfter(t, createSystem());
	t.is(system.logger, consoleLogger);
});

test('the default system serves Actor.start, startProxy, spawn and ActorRegistry', async t => {
	const system = defaultSystem();
	t.is(defaultSystem(), system);
	t.is(ActorRegistry.size, system.registry.size);
	const ref = Counter.start();
	const proxy = Counter.startProxy();
	t.is(ActorRegistry.getByUrn(ref.actorUrn), ref);
	t.is(ActorRegistry.getByUrn(proxy.actorRef.actorUrn), proxy.actorRef);
	t.is(await proxy.increment(), 1);
	t.true(await ref.stop());
	t.true(await proxy.actorRef.stop());
	t.is(ActorRegistry.getByUrn(ref.actorUrn), undefined);
});

test.serial('the default logger prints a failed actor\'s name and the error\'s stack to stderr', async t => {
	const printed: string[] = [];
	const original = console.error;
	console.error = (...parts: unknown[]) => {
		printed.push(parts.map(String).join(' '));
	};

	try {
		const system = stopAfter(t, createSystem());
		class Doomed extends Actor {
			override onReceive(): never {
				throw new Error('doomed failed');
			}
		}

		const ref = system.start(Doomed);
		ref.tell('anything');
		await t.throwsAsync(ref.ask('after'), {name: 'ActorDeadError'});
		t.is(printed.length, 1);
		const [output = ''] = printed;
		t.true(output.startsWith(`${String(ref)} failed:\nError: doomed failed\n`), output);
		t.regex(output, /\n {4}at Doomed\.onReceive /);
	} finally {
		console.error = original;
	}
});

test.serial('a logger that throws does not stop the actors', async t => {
	const thrown: string[] = [];
	const logger: Logger = {
		error() {
			throw new Error('logger broke');
		},
		warn() {
			throw new Error('logger broke');
		},
		debug() {},
	};
	const system = createSystem({logger});
	const original = console.error;
	// The runtime reports the logger's own failure to stderr; keep it from the test output.
	console.error = (...parts: unknown[]) => {
		thrown.push(parts.map(String).join(' '));
	};

	// Teardowns run last first: the actors stop before stderr is given back.
	t.teardown(() => {
		console.error = original;
	});
	stopAfter(t, system);

	class Deaf extends Actor {}
	const ref = system.start(Deaf);
	t.is(await ref.ask('unheard'), undefined);
	t.is(await ref.ask('unheard again'), undefined);
	t.true(ref.isAlive());
	t.is(thrown.length, 2);
	t.true(thrown[0]?.includes('the logger threw'));
});
