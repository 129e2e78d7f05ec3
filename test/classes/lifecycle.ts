import test from 'ava';
import {Actor, ActorDeadError, Future, receive, sleep, type ActorProxy, type ActorRef, type ActorSystem} from 'pykka';
import {advanceUntilSettled, flush, turn, useKit, useSystem} from '../helpers/index.js';

class Recorder extends Actor {
	readonly #log: string[];

	constructor(log: string[]) {
		super();
		this.#log = log;
	}

	override onStart(): void {
		this.#log.push('onStart');
	}

	override onStop(): void {
		this.#log.push('onStop');
	}

	override onReceive(message: string): string {
		this.#log.push(message);
		return message;
	}
}

test('onStart runs before any message', async t => {
	const {system} = useSystem(t);
	const log: string[] = [];
	const ref = system.start(Recorder, log);
	ref.tell('first');
	t.is(await ref.ask('second'), 'second');
	t.deepEqual(log, ['onStart', 'first', 'second']);
});

test('onStart runs inside the actor, after start has returned', async t => {
	const {system} = useSystem(t);
	const log: string[] = [];
	const ref = system.start(Recorder, log);
	t.deepEqual(log, []);
	await ref.ask('ping');
	t.deepEqual(log, ['onStart', 'ping']);
});

class SlowStarter extends Actor {
	readonly #log: string[];
	readonly #gate: Future<void>;
	readonly #started: Future<void>;

	constructor(log: string[], gate: Future<void>, started: Future<void>) {
		super();
		this.#log = log;
		this.#gate = gate;
		this.#started = started;
	}

	override async onStart(): Promise<void> {
		this.#log.push('onStart begins');
		this.#started.set();
		await this.#gate;
		this.#log.push('onStart ends');
	}

	override onStop(): void {
		this.#log.push('onStop');
	}

	record(entry: string): string[] {
		this.#log.push(entry);
		return [...this.#log];
	}
}

test('messages sent right after start wait for an async onStart', async t => {
	const {system} = useSystem(t);
	const gate = new Future<void>();
	const started = new Future<void>();
	const proxy = system.startProxy(SlowStarter, [], gate, started);
	const answer = proxy.record('message');
	await started;
	await flush(system);
	t.false(answer.settled);
	gate.set();
	t.deepEqual(await answer, ['onStart begins', 'onStart ends', 'message']);
});

test('a stop sent during an async onStart waits for it, then runs onStop', async t => {
	const {system} = useSystem(t);
	const log: string[] = [];
	const gate = new Future<void>();
	const started = new Future<void>();
	const ref = system.start(SlowStarter, log, gate, started);
	await started;
	const stopped = ref.stop();
	await flush(system);
	t.false(stopped.settled);
	gate.set();
	t.true(await stopped);
	t.deepEqual(log, ['onStart begins', 'onStart ends', 'onStop']);
});

class Source extends Actor {
	value(): number {
		return 42;
	}
}

class GeneratorHooks extends Actor {
	readonly #source: ActorProxy<Source>;
	readonly #log: string[];
	fromSource = 0;

	constructor(source: ActorProxy<Source>, log: string[]) {
		super();
		this.#source = source;
		this.#log = log;
	}

	override * onStart() {
		this.fromSource = yield * this.#source.value();
	}

	override * onStop() {
		const value = yield * this.#source.value();
		this.#log.push(`onStop read ${value}`);
	}
}

test('a generator onStart can wait on another actor before any message', async t => {
	const {system} = useSystem(t);
	const source = system.startProxy(Source);
	const proxy = system.startProxy(GeneratorHooks, source, []);
	t.is(await proxy.fromSource, 42);
});

test('a generator onStop runs to its end before stop resolves', async t => {
	const {system} = useSystem(t);
	const log: string[] = [];
	const source = system.startProxy(Source);
	const ref = system.start(GeneratorHooks, source, log);
	t.true(await ref.stop());
	t.deepEqual(log, ['onStop read 42']);
});

test('an async onStart may await a promise before any message', async t => {
	const {system} = useSystem(t);
	class AsyncStart extends Actor {
		ready = false;

		override async onStart(): Promise<void> {
			await turn();
			this.ready = true;
		}
	}

	const proxy = system.startProxy(AsyncStart);
	t.true(await proxy.ready);
});

test('onStop runs after the messages sent before the stop', async t => {
	const {system} = useSystem(t);
	const log: string[] = [];
	const ref = system.start(Recorder, log);
	ref.tell('a');
	ref.tell('b');
	t.true(await ref.stop());
	t.deepEqual(log, ['onStart', 'a', 'b', 'onStop']);
});

test('an actor stopped before any message runs onStart, then onStop', async t => {
	const {system} = useSystem(t);
	const log: string[] = [];
	const ref = system.start(Recorder, log);
	t.true(await ref.stop());
	t.deepEqual(log, ['onStart', 'onStop']);
});

test('an async onStop runs to its end before stop resolves', async t => {
	const {system} = useSystem(t);
	const log: string[] = [];
	class AsyncStop extends Actor {
		override async onStop(): Promise<void> {
			log.push('onStop begins');
			await turn();
			log.push('onStop ends');
		}
	}

	const ref = system.start(AsyncStop);
	t.true(await ref.stop());
	t.deepEqual(log, ['onStop begins', 'onStop ends']);
});

test('the actor is not alive and has left the registry while onStop runs', async t => {
	const {system} = useSystem(t);
	const seen: Array<[boolean, boolean]> = [];
	class Observer extends Actor {
		override onStop(): void {
			seen.push([this.actorRef.isAlive(), system.registry.getByUrn(this.actorUrn) !== undefined]);
		}
	}

	const ref = system.start(Observer);
	t.true(await ref.stop());
	t.deepEqual(seen, [[false, false]]);
});

test('inside the actor, hooks see its ref, URN, system and label', async t => {
	const {system} = useSystem(t);
	const seen: Array<[ActorRef, string, ActorSystem, string]> = [];
	class Introspective extends Actor {
		override onStart(): void {
			seen.push([this.actorRef, this.actorUrn, this.system, String(this)]);
		}
	}

	const ref = system.start(Introspective);
	t.true(await ref.stop());
	t.is(seen.length, 1);
	const [seenRef, urn, seenSystem, label] = seen[0] ?? [];
	t.is(seenRef, ref);
	t.is(urn, ref.actorUrn);
	t.is(seenSystem, system);
	t.is(label, String(ref));
});

test('an actor started from inside another starts in the same system', async t => {
	const {system} = useSystem(t);
	class Parent extends Actor {
		child: ActorRef<Source> | undefined;

		override onStart(): void {
			this.child = this.system.start(Source);
		}
	}

	const parent = system.startProxy(Parent);
	const child = await parent.child;
	t.truthy(child);
	t.deepEqual(system.registry.getAll(), [parent.actorRef, child]);
});

test('this.stop() in onStart stops the actor after the messages already sent, and onStop runs', async t => {
	const {system} = useSystem(t);
	const log: string[] = [];
	class Quitter extends Actor {
		override onStart(): void {
			log.push('onStart');
			this.stop();
		}

		override onStop(): void {
			log.push('onStop');
		}

		override onReceive(message: string): string {
			log.push(message);
			return `got ${message}`;
		}
	}

	const ref = system.start(Quitter);
	// Sent before onStart ran, so before its stop request: handled first.
	const ask = ref.ask('hello');
	t.is(await ask, 'got hello');
	t.false(await ref.stop());
	t.false(ref.isAlive());
	await t.throwsAsync(ref.ask('late'), {name: 'ActorDeadError'});
	t.deepEqual(log, ['onStart', 'hello', 'onStop']);
});

test('a constructor that hands out its ref and then throws: start throws that error, and the ref is of a dead actor', async t => {
	const {system} = useSystem(t);
	const handedOut: ActorRef[] = [];
	const failure = new Error('constructor failed');
	class Leaky extends Actor {
		constructor() {
			super();
			handedOut.push(this.actorRef);
			// A message sent to itself before failing is dropped with the actor.
			(this.actorRef as ActorRef).tell('to myself');
			throw failure;
		}
	}

	const early = new Future<unknown>();
	class Asker extends Actor {
		constructor() {
			super();
			const asked = (this.actorRef as ActorRef).ask('early');
			asked.then(value => {
				early.set(value);
			}, (error: unknown) => {
				early.setException(error);
			});
			throw failure;
		}
	}

	t.is(t.throws(() => system.start(Leaky)), failure);
	const [ref] = handedOut;
	t.truthy(ref);
	t.false(ref!.isAlive());
	t.throws(() => {
		ref!.tell('hello');
	}, {instanceOf: ActorDeadError});
	await t.throwsAsync(ref!.ask('hello'), {instanceOf: ActorDeadError});
	t.false(await ref!.stop());
	t.is(t.throws(() => system.start(Asker)), failure);
	await t.throwsAsync(early, {instanceOf: ActorDeadError});
	t.deepEqual(system.registry.getAll(), []);
});

test('every stop future settles only after onStop has finished: the first, later ones, and stopAll\'s', async t => {
	const {system} = useSystem(t);
	const gate = new Future<void>();
	const log: string[] = [];
	class Slow extends Actor {
		override async onStop(): Promise<void> {
			log.push('onStop begins');
			await gate;
			log.push('onStop ends');
		}
	}

	const ref = system.start(Slow);
	const first = ref.stop();
	const second = ref.stop();
	const all = system.stopAll();
	await flush(system);
	t.deepEqual(log, ['onStop begins']);
	t.false(first.settled);
	t.false(second.settled);
	t.false(all.settled);
	gate.set();
	t.true(await first);
	t.false(await second);
	t.deepEqual(await all, [false]);
	t.deepEqual(log, ['onStop begins', 'onStop ends']);
});

test('stopAll resolves only when every actor it stopped is dead, each after its onStop', async t => {
	const kit = useKit(t);
	const log: string[] = [];
	class Tidy extends Actor {
		readonly #name: string;

		constructor(name: string) {
			super();
			this.#name = name;
		}

		override * onStop() {
			log.push(`${this.#name} onStop begins`);
			yield * sleep(1);
			log.push(`${this.#name} onStop ends`);
		}
	}

	kit.start(Tidy, 'first');
	kit.start(Tidy, 'second');
	kit.spawn(function * spawned() {
		try {
			yield * receive();
		} finally {
			log.push('spawned finally begins');
			yield * sleep(1);
			log.push('spawned finally ends');
		}
	});
	const stopped = kit.system.stopAll();
	await advanceUntilSettled(kit, stopped);
	t.deepEqual(await stopped, [true, true, true]);
	t.deepEqual(log, [
		'spawned finally begins',
		'spawned finally ends',
		'second onStop begins',
		'second onStop ends',
		'first onStop begins',
		'first onStop ends',
	]);
});
