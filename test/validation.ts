import test, {type ExecutionContext} from 'ava';
import {
	Actor, call, createSystem, Future, getAll, receive, reply, sleep, traversable,
	type ActorRef, type ActorSystem, type Behaviour, type Logger, type SpawnOptions,
} from 'pykka';
import {captureLog, label, stopAfter, unchecked, useKit, useSystem} from './helpers/index.js';

/** Asserts that `fn` throws, synchronously, a TypeError naming `name` and showing `shown`. */
function throwsTypeError(t: ExecutionContext, fn: () => unknown, name: string, shown: string): void {
	const error = t.throws(fn, {instanceOf: TypeError});
	t.true(error?.message.includes(`\`${name}\``), `"${error?.message}" should name \`${name}\``);
	t.true(error?.message.endsWith(`got ${shown}`), `"${error?.message}" should show ${shown}`);
}

/** The system still spawns actors and answers asks. */
async function stillWorks(t: ExecutionContext, system: ActorSystem): Promise<void> {
	const ref = system.spawn<string, string>(function * echo() {
		for (;;) {
			yield * reply(yield * receive<string>());
		}
	});
	t.is(await ref.ask('still working', {timeout: 60_000}), 'still working');
	t.true(await ref.stop());
}

function spawnEcho(system: ActorSystem, handled: unknown[] = []) {
	return system.spawn<string, string>(function * echo() {
		for (;;) {
			const message = yield * receive<string>();
			handled.push(message);
			yield * reply(message);
		}
	});
}

const badTimeouts: ReadonlyArray<[unknown, string]> = [
	[-1, '-1'],
	[Number.NaN, 'NaN'],
	[Number.POSITIVE_INFINITY, 'Infinity'],
	['10', '"10"'],
	[null, 'null'],
	[true, 'true'],
	[{ms: 10}, '{ ms: 10 }'],
];

// Timeouts

test('receive with a bad timeout throws TypeError', t => {
	for (const [value, shown] of badTimeouts) {
		throwsTypeError(t, () => receive({timeout: unchecked<number>(value)}), 'timeout', shown);
	}
});

test('sleep with a bad duration throws TypeError', t => {
	for (const [value, shown] of badTimeouts) {
		throwsTypeError(t, () => sleep(unchecked<number>(value)), 'ms', shown);
	}

	throwsTypeError(t, () => sleep(unchecked<number>(undefined)), 'ms', 'undefined');
});

test('call with a bad timeout throws TypeError', t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	for (const [value, shown] of badTimeouts) {
		throwsTypeError(t, () => call(ref, 'x', {timeout: unchecked<number>(value)}), 'timeout', shown);
	}
});

test('ask with a bad timeout throws TypeError and sends nothing', async t => {
	const {system} = useSystem(t);
	const handled: unknown[] = [];
	const ref = spawnEcho(system, handled);
	for (const [value, shown] of badTimeouts) {
		throwsTypeError(t, () => ref.ask('bad', {timeout: unchecked<number>(value)}), 'timeout', shown);
		throwsTypeError(t, () => ref.sendRequestReply('bad', {timeout: unchecked<number>(value)}), 'timeout', shown);
	}

	t.is(await ref.ask('good'), 'good');
	t.deepEqual(handled, ['good']);
});

test('stop with a bad timeout throws TypeError and does not stop the actor', async t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	for (const [value, shown] of badTimeouts) {
		throwsTypeError(t, () => ref.stop({timeout: unchecked<number>(value)}), 'timeout', shown);
	}

	t.true(ref.isAlive());
	t.is(await ref.ask('alive'), 'alive');
	t.true(await ref.stop());
});

test('get and wait with a bad timeout throw TypeError at once', t => {
	const future = new Future<number>();
	for (const [value, shown] of badTimeouts) {
		throwsTypeError(t, () => future.get({timeout: unchecked<number>(value)}), 'timeout', shown);
		throwsTypeError(t, () => future.wait({timeout: unchecked<number>(value)}), 'timeout', shown);
	}
});

test('getAll with a bad timeout throws TypeError', t => {
	for (const [value, shown] of badTimeouts) {
		throwsTypeError(t, () => getAll([Future.from(1)], {timeout: unchecked<number>(value)}), 'timeout', shown);
	}
});

test('a zero timeout is allowed', async t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	t.notThrows(() => receive({timeout: 0}));
	t.notThrows(() => sleep(0));
	t.notThrows(() => call(ref, 'x', {timeout: 0}));
	const future = Future.from(1);
	t.is(await future.get({timeout: 0}), 1);
	t.deepEqual(await getAll([future], {timeout: 0}), [1]);
});

// Options bags

test('options that are not an object throw TypeError', t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	const cases: ReadonlyArray<[unknown, string]> = [[5, '5'], ['fast', '"fast"'], [null, 'null'], [[1], '[ 1 ]']];
	for (const [value, shown] of cases) {
		throwsTypeError(t, () => receive(unchecked<object>(value)), 'options', shown);
		throwsTypeError(t, () => call(ref, 'x', unchecked<object>(value)), 'options', shown);
		throwsTypeError(t, () => ref.ask('x', unchecked<object>(value)), 'options', shown);
		throwsTypeError(t, () => ref.stop(unchecked<object>(value)), 'options', shown);
		throwsTypeError(t, () => Future.from(1).get(unchecked<object>(value)), 'options', shown);
		throwsTypeError(t, () => getAll([], unchecked<object>(value)), 'options', shown);
		throwsTypeError(t, () => system.spawn(function * behaviour() {}, unchecked<SpawnOptions>(value)), 'options', shown);
		throwsTypeError(t, () => createSystem(unchecked<object>(value)), 'options', shown);
	}
});

test('spawn with a bad name or args throws TypeError and starts nothing', async t => {
	const {system} = useSystem(t);
	let started = 0;
	function * counted() {
		started++;
		yield * receive();
	}

	throwsTypeError(t, () => system.spawn(counted, {name: ''}), 'name', '""');
	throwsTypeError(t, () => system.spawn(counted, {name: unchecked<string>(7)}), 'name', '7');
	throwsTypeError(t, () => system.spawn(counted, unchecked<SpawnOptions>({args: 'abc'})), 'args', '"abc"');
	throwsTypeError(t, () => system.spawn(counted, unchecked<SpawnOptions>({args: {length: 1}})), 'args', '{ length: 1 }');
	t.is(system.registry.size, 0);
	await stillWorks(t, system);
	t.is(started, 0);
});

test('createSystem with a bad budget or logger throws TypeError', t => {
	const quiet = captureLog().logger;
	throwsTypeError(t, () => createSystem({budget: 0}), 'budget', '0');
	throwsTypeError(t, () => createSystem({budget: -3}), 'budget', '-3');
	throwsTypeError(t, () => createSystem({budget: 1.5}), 'budget', '1.5');
	throwsTypeError(t, () => createSystem({budget: Number.NaN}), 'budget', 'NaN');
	throwsTypeError(t, () => createSystem({budget: unchecked<number>('64')}), 'budget', '"64"');
	throwsTypeError(t, () => createSystem({logger: unchecked<Logger>({error: 5})}), 'logger.error', '5');
	throwsTypeError(t, () => createSystem({logger: unchecked<Logger>({error() {}, warn: 'loud'})}), 'logger.warn', '"loud"');
	throwsTypeError(t, () => createSystem({logger: unchecked<Logger>('console')}), 'logger', '"console"');
	throwsTypeError(t, () => createSystem({logger: unchecked<Logger>(null)}), 'logger', 'null');
	t.notThrows(() => stopAfter(t, createSystem({budget: 1, logger: quiet})));
});

// Behaviours

test('spawn of something that is not a generator function throws TypeError', async t => {
	const {system} = useSystem(t);
	const cases: ReadonlyArray<[unknown, string]> = [
		[function plain() {}, 'function plain'],
		[async function asyncPlain() {}, 'function asyncPlain'],
		[async function * asyncGenerator() {}, 'function asyncGenerator'],
		[() => undefined, 'an anonymous function'],
		[class Thing {}, 'class Thing'],
		[42, '42'],
		[undefined, 'undefined'],
		[{next() {}}, '{ next: [Function: next] }'],
	];
	for (const [value, shown] of cases) {
		throwsTypeError(t, () => system.spawn(unchecked<Behaviour>(value)), 'behaviour', shown);
	}

	t.is(system.registry.size, 0);
	await stillWorks(t, system);
});

test('a generator object instead of a generator function throws TypeError', t => {
	const {system} = useSystem(t);
	function * behaviour() {
		yield * receive();
	}

	const error = t.throws(() => system.spawn(unchecked<Behaviour>(behaviour())), {instanceOf: TypeError});
	t.regex(error?.message ?? '', /`behaviour`/);
	t.is(system.registry.size, 0);
});

// Functions

test('receive with a match that is not a function throws TypeError', t => {
	const cases: ReadonlyArray<[unknown, string]> = [['ping', '"ping"'], [/ping/, '/ping/'], [1, '1'], [null, 'null']];
	for (const [value, shown] of cases) {
		throwsTypeError(t, () => receive({match: unchecked<() => boolean>(value)}), 'match', shown);
	}
});

test('map, filter and reduce with a non-function throw TypeError', t => {
	const future = Future.from([1, 2]);
	throwsTypeError(t, () => future.map(unchecked<() => number>('double')), 'fn', '"double"');
	throwsTypeError(t, () => future.filter(unchecked<() => boolean>(undefined)), 'predicate', 'undefined');
	throwsTypeError(t, () => future.reduce(unchecked<(a: number, b: number) => number>(0), 0), 'reducer', '0');
});

test('call with something that is not a ref throws TypeError', t => {
	const cases: ReadonlyArray<[unknown, string]> = [['actor', '"actor"'], [{}, '{}'], [null, 'null'], [undefined, 'undefined']];
	for (const [value, shown] of cases) {
		throwsTypeError(t, () => call(unchecked<Parameters<typeof call>[0]>(value), 'x'), 'ref', shown);
	}
});

// Futures

test('getAll with a non-array throws TypeError', t => {
	throwsTypeError(t, () => getAll(unchecked<Array<Future<number>>>({length: 0})), 'futures', '{ length: 0 }');
	t.throws(() => getAll(unchecked<Array<Future<number>>>(Future.from(1))), {instanceOf: TypeError, message: /^Expected `futures` to be an array/});
	throwsTypeError(t, () => getAll(unchecked<Array<Future<number>>>('abc')), 'futures', '"abc"');
	throwsTypeError(t, () => getAll(unchecked<Array<Future<number>>>(undefined)), 'futures', 'undefined');
});

test('getAll with a non-future among the futures throws TypeError naming its index', t => {
	const good = Future.from(1);
	throwsTypeError(t, () => getAll(unchecked<Array<Future<number>>>([good, 2])), 'futures[1]', '2');
	throwsTypeError(t, () => getAll(unchecked<Array<Future<number>>>([Promise.resolve(1)])), 'futures[0]', 'Promise { 1 }');
	throwsTypeError(t, () => getAll(unchecked<Array<Future<number>>>([good, good, null])), 'futures[2]', 'null');
});

test('join with a non-future throws TypeError naming the argument', t => {
	const good = Future.from(1);
	throwsTypeError(t, () => good.join(unchecked<Future<number>>(5)), 'futures[0]', '5');
	throwsTypeError(t, () => good.join(good, unchecked<Future<number>>('x')), 'futures[1]', '"x"');
});

test('a bad argument changes nothing: the system keeps working afterwards', async t => {
	const kit = useKit(t);
	const {system} = kit;
	const handled: unknown[] = [];
	const ref = spawnEcho(system, handled);
	t.throws(() => ref.ask('a', {timeout: -1}), {instanceOf: TypeError});
	t.throws(() => ref.stop({timeout: Number.NaN}), {instanceOf: TypeError});
	t.throws(() => system.spawn(unchecked<Behaviour>(() => undefined)), {instanceOf: TypeError});
	t.throws(() => getAll([Future.from(1)], {timeout: -5}), {instanceOf: TypeError});
	// A bad effect made inside a behaviour throws there, and the actor can go on.
	const careful = system.spawn<number, string>(function * careful() {
		for (;;) {
			const ms = yield * receive<number>();
			try {
				yield * sleep(ms);
				yield * reply('slept');
			} catch (error) {
				yield * reply((error as Error).name);
			}
		}
	});
	t.is(await careful.ask(-1), 'TypeError');
	const slept = careful.ask(0);
	await kit.advance(0);
	t.is(await slept, 'slept');
	t.is(await ref.ask('b'), 'b');
	t.deepEqual(handled, ['b']);
	t.is(system.registry.size, 2);
	await stillWorks(t, system);
});

test('start and startProxy of a class that does not extend Actor throw TypeError and start nothing', async t => {
	const {system} = useSystem(t);
	class NotAnActor {
		greet() {
			return 'hi';
		}
	}

	const notActor = unchecked<Parameters<ActorSystem['start']>[0]>(NotAnActor);
	throwsTypeError(t, () => system.start(notActor), 'actorClass', 'class NotAnActor');
	throwsTypeError(t, () => system.startProxy(notActor), 'actorClass', 'class NotAnActor');
	throwsTypeError(t, () => system.start(unchecked<Parameters<ActorSystem['start']>[0]>(42)), 'actorClass', '42');
	t.is(system.registry.size, 0);
	await stillWorks(t, system);
});

test('constructing an actor class with new throws TypeError saying how to start it', t => {
	class Direct extends Actor {}
	const error = t.throws(() => new Direct(), {instanceOf: TypeError});
	t.is(error?.message, 'Actors are started with Direct.start(…) or system.start(Direct, …), not constructed with new');
});

test('traversable of a primitive throws TypeError naming the argument', t => {
	throwsTypeError(t, () => traversable(unchecked<object>('engine')), 'object', '"engine"');
	throwsTypeError(t, () => traversable(unchecked<object>(null)), 'object', 'null');
});

test('registry lookups with arguments of the wrong type throw TypeError', async t => {
	const {system} = useSystem(t);
	const {registry} = system;
	throwsTypeError(t, () => registry.getByClass(unchecked<typeof Actor>('Adder')), 'actorClass', '"Adder"');
	throwsTypeError(t, () => registry.getByClassName(unchecked<string>(Actor)), 'name', 'class Actor');
	throwsTypeError(t, () => registry.getByUrn(unchecked<string>(42)), 'urn', '42');
	throwsTypeError(t, () => {
		registry.broadcast('hi', unchecked<string>(42));
	}, 'target', '42');
	throwsTypeError(t, () => registry.stopAll({timeout: -5}), 'timeout', '-5');
	await stillWorks(t, system);
});

// Timeouts longer than a timer can hold

test('a timeout longer than a timer can hold (2³¹−1 ms) is refused at the call, naming the largest accepted', async t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	const tooLong = 2 ** 31;
	const refused = (fn: () => unknown, name = 'timeout'): void => {
		const error = t.throws(fn, {instanceOf: TypeError});
		t.is(error?.message, `Expected \`${name}\` to be at most 2147483647 ms (2³¹−1, about 24.8 days, the longest a timer can wait), got ${tooLong}`);
	};

	refused(() => ref.ask('hi', {timeout: tooLong}));
	refused(() => new Future().get({timeout: tooLong}));
	refused(() => new Future().wait({timeout: tooLong}));
	refused(() => getAll([new Future()], {timeout: tooLong}));
	refused(() => ref.stop({timeout: tooLong}));
	refused(() => system.stopAll({timeout: tooLong}));
	refused(() => receive({timeout: tooLong}));
	refused(() => call(ref, 'hi', {timeout: tooLong}));
	refused(() => sleep(tooLong), 'ms');
	// The largest accepted is accepted, and nothing fires early.
	const patient = ref.ask('patience', {timeout: (2 ** 31) - 1});
	t.is(await patient, 'patience');
	t.notThrows(() => sleep((2 ** 31) - 1));
	await stillWorks(t, system);
});

// Hostile values at every entry point

test('registry lookups with a non-class, and register/unregister with a non-ref, throw TypeError', async t => {
	const {system} = useSystem(t);
	const {registry} = system;
	throwsTypeError(t, () => registry.getByClass(unchecked<typeof Actor>(() => Actor)), 'actorClass', 'an anonymous function');
	throwsTypeError(t, () => registry.getByClass(unchecked<typeof Actor>({})), 'actorClass', '{}');
	throwsTypeError(t, () => registry.getByClassName(unchecked<string>(class Adder extends Actor {})), 'name', 'class Adder');
	throwsTypeError(t, () => {
		registry.register(unchecked<ActorRef>({cell: {}}));
	}, 'ref', '{ cell: {} }');
	throwsTypeError(t, () => {
		registry.unregister(unchecked<ActorRef>('urn:uuid:x'));
	}, 'ref', '"urn:uuid:x"');
	class Named extends Actor {}
	const proxy = system.startProxy(Named);
	const error = t.throws(() => {
		registry.unregister(unchecked<ActorRef>(proxy));
	}, {instanceOf: TypeError});
	t.regex(error?.message ?? '', new RegExp(`^Expected \`ref\` to be an ActorRef, got ActorProxy for ${label('Named')}; pass \`proxy.actorRef\`$`));
	t.deepEqual(registry.getAll(), [proxy.actorRef]);
	await stillWorks(t, system);
});

test('call given a proxy instead of a ref throws TypeError saying to pass proxy.actorRef', t => {
	const {system} = useSystem(t);
	class Adder extends Actor {
		ask(): string {
			return 'a method named ask';
		}
	}

	const proxy = system.startProxy(Adder);
	const error = t.throws(() => call(unchecked<ActorRef>(proxy), 'hi'), {instanceOf: TypeError});
	t.regex(error?.message ?? '', new RegExp(`^Expected \`ref\` to be an ActorRef, got ActorProxy for ${label('Adder')}; pass \`proxy.actorRef\``));
	t.notThrows(() => call(proxy.actorRef, unchecked<never>('hi')));
});

test('ask and get options that are not plain objects throw TypeError', t => {
	const {system} = useSystem(t);
	const ref = spawnEcho(system);
	class Options {
		timeout = 10;
	}

	for (const options of [new Options(), [], new Map(), null, 5, 'soon']) {
		t.throws(() => ref.ask('hi', unchecked<{timeout: number}>(options)), {instanceOf: TypeError, message: /^Expected `options` to be a plain object, got /});
		t.throws(() => new Future().get(unchecked<{timeout: number}>(options)), {instanceOf: TypeError, message: /^Expected `options` to be a plain object, got /});
	}

	t.notThrows(() => ref.ask('hi', Object.assign(Object.create(null) as object, {timeout: 10})));
});

test('traversable of a frozen, sealed or non-extensible object throws TypeError naming the argument', t => {
	for (const object of [Object.freeze({a: 1}), Object.seal({b: 2}), Object.preventExtensions({c: 3})]) {
		const error = t.throws(() => traversable(object), {instanceOf: TypeError});
		t.regex(error?.message ?? '', /^Expected `object` to be extensible, to take the traversable mark, got a frozen, sealed or non-extensible { [abc]: \d }/);
	}
});

test('a logger missing warn or debug is filled from the console logger: nothing about "the logger threw"', async t => {
	const errors: string[] = [];
	const stderr: string[] = [];
	const original = console.error;
	console.error = (...parts: unknown[]) => {
		stderr.push(parts.map(String).join(' '));
	};

	try {
		const system = stopAfter(t, createSystem({
			logger: {
				error(message) {
					errors.push(message);
				},
			},
		}));
		class Deaf extends Actor {}
		const deaf = system.start(Deaf);
		t.is(await deaf.ask('unheard'), undefined);
		await system.stopAll();
	} finally {
		console.error = original;
	}

	t.deepEqual(errors, []);
	// The warning about the unhandled message went to the console's warn, once.
	t.is(stderr.length, 1);
	t.regex(stderr[0] ?? '', new RegExp(`^${label('Deaf')} got a message it does not handle: "unheard"$`));
});

test('a message whose inspection throws never kills an actor, whatever the logger does with it', async t => {
	const hostile = new Proxy({}, {
		get() {
			throw new Error('trap: get');
		},
		getPrototypeOf() {
			throw new Error('trap: getPrototypeOf');
		},
		ownKeys() {
			throw new Error('trap: ownKeys');
		},
		getOwnPropertyDescriptor() {
			throw new Error('trap: getOwnPropertyDescriptor');
		},
		has() {
			throw new Error('trap: has');
		},
	});
	const {system, log} = useSystem(t);
	class Deaf extends Actor {
		ping(): string {
			return 'pong';
		}
	}

	const deaf = system.start(Deaf);
	deaf.tell(unchecked<never>(hostile));
	t.is(await deaf.ask(unchecked<never>(hostile)), undefined);
	t.is(await deaf.proxy().ping(), 'pong');
	t.true(deaf.isAlive());
	t.is(log.warnings.length, 2);
	// util.inspect shows a Proxy's target without calling its traps.
	t.regex(log.warnings[0] ?? '', /got a message it does not handle: {}$/);
	// Also with a logger that throws on what it is given.
	system.logger = {
		error() {
			throw new Error('logger: error');
		},
		warn() {
			throw new Error('logger: warn');
		},
	};
	const original = console.error;
	console.error = () => undefined;
	try {
		deaf.tell(unchecked<never>(hostile));
		t.is(await deaf.proxy().ping(), 'pong');
	} finally {
		console.error = original;
	}

	t.true(deaf.isAlive());
	// A spawned behaviour that passes the message on is unharmed too.
	const echo = spawnEcho(system);
	const answer = echo.ask(unchecked<string>(hostile));
	t.is(await echo.ask('after'), 'after');
	t.true(answer.settled);
	t.true(echo.isAlive());
});

test('an argument whose inspection throws gets the TypeError naming it, not the trap\'s error', t => {
	const hostile = new Proxy({}, {
		getPrototypeOf() {
			throw new Error('trap: getPrototypeOf');
		},
	});
	const {system} = useSystem(t);
	class Plain extends Actor {}
	class Hostile extends Actor {
		static override supervision = unchecked<never>(hostile);
	}

	t.throws(() => system.spawn(unchecked<never>(hostile)), {instanceOf: TypeError, message: /^Expected `behaviour` to be a generator function/});
	t.throws(() => system.spawn(function * () {}, {supervise: unchecked<never>(hostile)}), {instanceOf: TypeError, message: /^Expected `supervise` to be a policy made by restart\(\), got {}$/});
	t.throws(() => system.start(Hostile), {instanceOf: TypeError, message: /^Expected `Hostile.supervision` to be a policy/});
	t.throws(() => getAll([unchecked<never>(hostile)]), {instanceOf: TypeError, message: /^Expected `futures\[0]` to be a Future/});
	t.throws(() => system.start(Plain).ask('x', {signal: unchecked<never>(hostile)}), {instanceOf: TypeError, message: /^Expected `signal` to be an AbortSignal/});
});

test('a handler that returns an object whose inspection throws does not fail its actor', async t => {
	const hostile = new Proxy({}, {
		getPrototypeOf() {
			throw new Error('trap: getPrototypeOf');
		},
		get() {
			return undefined;
		},
	});
	const {system, log} = useSystem(t);
	class Odd extends Actor {
		override onReceive(): unknown {
			return hostile;
		}

		ping(): string {
			return 'pong';
		}
	}

	const odd = system.start(Odd);
	odd.tell('told');
	// An ask is answered with the object itself.
	t.true(await new Promise<boolean>(resolve => {
		odd.ask('asked').then(value => {
			resolve(value === hostile);
		}, () => {
			resolve(false);
		});
	}));
	t.is(await odd.proxy().ping(), 'pong');
	t.true(odd.isAlive());
	t.deepEqual(log.errors, []);
});
