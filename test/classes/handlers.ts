import test from 'ava';
import {Actor, ActorDeadError, Future, receive, sleep, type ActorProxy, type ActorRef} from 'pykka';
import {flush, useKit, useSystem} from '../helpers/index.js';

/**
 * Each method notes when it begins and ends, and between the two waits on
 * `gate` in its own way: the actor must take no other message meanwhile.
 */
class Worker extends Actor {
	readonly log: string[] = [];

	plain(id: string): string {
		this.log.push(`${id} begins`, `${id} ends`);
		return id;
	}

	async viaAsync(id: string, gate: Future<void>, begun: Future<void>): Promise<string> {
		this.log.push(`${id} begins`);
		begun.set();
		await gate;
		this.log.push(`${id} ends`);
		return id;
	}

	* viaGenerator(id: string, gate: Future<void>, begun: Future<void>) {
		this.log.push(`${id} begins`);
		begun.set();
		yield * gate;
		this.log.push(`${id} ends`);
		return id;
	}

	viaFuture(id: string, gate: Future<void>, begun: Future<void>): Future<string> {
		this.log.push(`${id} begins`);
		begun.set();
		return gate.map(() => {
			this.log.push(`${id} ends`);
			return id;
		});
	}

	viaPromise(id: string, gate: Future<void>, begun: Future<void>): Promise<string> {
		this.log.push(`${id} begins`);
		begun.set();
		return gate.then(() => {
			this.log.push(`${id} ends`);
			return id;
		});
	}
}

type Slow = 'viaAsync' | 'viaGenerator' | 'viaFuture' | 'viaPromise';

for (const method of ['viaAsync', 'viaGenerator', 'viaFuture', 'viaPromise'] as const satisfies readonly Slow[]) {
	test(`a second message waits until ${method} has finished the first`, async t => {
		const {system} = useSystem(t);
		const worker: ActorProxy<Worker> = system.startProxy(Worker);
		const gate = new Future<void>();
		const begun = new Future<void>();
		const first = worker[method]('first', gate, begun);
		const second = worker.plain('second');
		const third = worker[method]('third', Future.from(undefined), new Future());
		const logRead = worker.log;
		await begun;
		await flush(system);
		t.false(first.settled);
		t.false(second.settled);
		t.false(logRead.settled);
		gate.set();
		t.deepEqual(await Promise.all([first, second, third]), ['first', 'second', 'third']);
		t.deepEqual(await worker.log, ['first begins', 'first ends', 'second begins', 'second ends', 'third begins', 'third ends']);
	});
}

test('plain methods are handled one at a time, in the order sent', async t => {
	const {system} = useSystem(t);
	const worker = system.startProxy(Worker);
	const ids = Array.from({length: 50}, (_, index) => `m${index}`);
	const answers = ids.map(id => worker.plain(id));
	t.deepEqual(await Promise.all(answers), ids);
	t.deepEqual(await worker.log, ids.flatMap(id => [`${id} begins`, `${id} ends`]));
});

test('an async onReceive holds the actor until its promise settles', async t => {
	const {system} = useSystem(t);
	const log: string[] = [];
	const gate = new Future<void>();
	const begun = new Future<void>();
	class AsyncReceiver extends Actor {
		override async onReceive(message: string): Promise<string> {
			log.push(`${message} begins`);
			if (message === 'first') {
				begun.set();
				await gate;
			}

			log.push(`${message} ends`);
			return message;
		}
	}

	const ref = system.start(AsyncReceiver);
	const first = ref.ask('first');
	const second = ref.ask('second');
	await begun;
	await flush(system);
	t.false(second.settled);
	t.deepEqual(log, ['first begins']);
	gate.set();
	t.deepEqual(await Promise.all([first, second]), ['first', 'second']);
	t.deepEqual(log, ['first begins', 'first ends', 'second begins', 'second ends']);
});

test('a generator onReceive holds the actor while it sleeps', async t => {
	const kit = useKit(t);
	const log: string[] = [];
	class Sleeper extends Actor {
		override * onReceive(message: string) {
			log.push(`${message} begins`);
			yield * sleep(message === 'first' ? 20 : 0);
			log.push(`${message} ends`);
			return message;
		}
	}

	const ref = kit.start(Sleeper);
	const answers = [ref.ask('first'), ref.ask('second')];
	await kit.advance(20);
	t.deepEqual(await Promise.all(answers), ['first', 'second']);
	t.deepEqual(log, ['first begins', 'first ends', 'second begins', 'second ends']);
});

test('react handles the messages when onReceive is not overridden', async t => {
	const {system, log} = useSystem(t);
	class Reacting extends Actor {
		override react(message: number): number {
			return message * 2;
		}
	}

	const ref = system.start(Reacting);
	t.is(await ref.ask(21), 42);
	t.deepEqual(log.warnings, []);
});

test('onReceive, when overridden, is called instead of react', async t => {
	const {system, log} = useSystem(t);
	const calls: string[] = [];
	class Both extends Actor {
		override onReceive(message: number): number {
			calls.push('onReceive');
			return message + 1;
		}

		override react(message: number): number {
			calls.push('react');
			return message - 1;
		}
	}

	const ref = system.start(Both);
	t.is(await ref.ask(1), 2);
	t.deepEqual(calls, ['onReceive']);
	t.deepEqual(log.warnings, []);
});

test('an async react is waited on like an async onReceive', async t => {
	const {system} = useSystem(t);
	class AsyncReact extends Actor {
		override async react(message: string): Promise<string> {
			await Promise.resolve();
			return `reacted to ${message}`;
		}
	}

	const ref = system.start(AsyncReact);
	t.is(await ref.ask('ping'), 'reacted to ping');
});

class SelfStopping extends Actor {
	readonly #log: string[];

	constructor(log: string[]) {
		super();
		this.#log = log;
	}

	override onReceive(message: string): string {
		this.#log.push(message);
		if (message === 'stop') {
			this.stop();
			this.#log.push('after this.stop()');
		}

		return `handled ${message}`;
	}

	async stopLater(gate: Future<void>): Promise<string> {
		this.stop();
		await gate;
		this.#log.push('async method ends');
		return 'done';
	}

	override onStop(): void {
		this.#log.push('onStop');
	}
}

test('this.stop() queues a stop behind the messages already sent, as Pykka does; later ones reject with ActorDeadError', async t => {
	const {system} = useSystem(t);
	const log: string[] = [];
	const ref = system.start(SelfStopping, log);
	const answer = ref.ask('stop');
	const queued = ref.ask('queued');
	t.is(await answer, 'handled stop');
	t.is(await queued, 'handled queued');
	// The actor stopped itself: a stop sent now is answered false, once it is dead.
	t.false(await ref.stop());
	t.false(ref.isAlive());
	t.deepEqual(log, ['stop', 'after this.stop()', 'queued', 'onStop']);
	t.deepEqual(system.registry.getAll(), []);
	t.false(await ref.stop());
	t.throws(() => {
		ref.tell('late');
	}, {instanceOf: ActorDeadError});
});

test('this.actorRef.tell(x); this.stop() handles x before stopping', async t => {
	const {system} = useSystem(t);
	const log: string[] = [];
	const stopped = new Future<void>();
	class Finisher extends Actor {
		override onReceive(message: string): void {
			log.push(message);
			if (message === 'finish') {
				(this.actorRef as ActorRef<Finisher>).tell('last words');
				this.stop();
			}
		}

		override onStop(): void {
			log.push('onStop');
			stopped.set();
		}
	}

	const ref = system.start(Finisher);
	ref.tell('finish');
	await stopped;
	t.deepEqual(log, ['finish', 'last words', 'onStop']);
	t.false(await ref.stop());
});

test('this.stop() works while the actor is idle, called from a timer or a promise callback', async t => {
	const {system} = useSystem(t);
	class Idler extends Actor {
		readonly #stopped: Future<string>;
		#how = '';

		constructor(stopped: Future<string>) {
			super();
			this.#stopped = stopped;
		}

		later(how: 'timer' | 'promise'): void {
			this.#how = how;
			if (how === 'timer') {
				setImmediate(() => {
					this.stop();
				});
			} else {
				void Promise.resolve().then(() => {
					this.stop();
				});
			}
		}

		override onStop(): void {
			this.#stopped.set(this.#how);
		}
	}

	for (const how of ['timer', 'promise'] as const) {
		const stopped = new Future<string>();
		const proxy = system.startProxy(Idler, stopped);
		await proxy.later(how);
		t.is(await stopped, how);
		t.false(await proxy.actorRef.stop(), how);
		t.false(proxy.actorRef.isAlive());
	}
});

test('this.stop() in an async method lets the method finish and answer, then the queued messages', async t => {
	const {system} = useSystem(t);
	const log: string[] = [];
	const gate = new Future<void>();
	const proxy = system.startProxy(SelfStopping, log);
	const answer = proxy.stopLater(gate);
	const queued = proxy.actorRef.ask('queued');
	await flush(system);
	t.false(answer.settled);
	gate.set();
	t.is(await answer, 'done');
	t.is(await queued, 'handled queued');
	t.false(await proxy.actorRef.stop());
	t.deepEqual(log, ['async method ends', 'queued', 'onStop']);
});

test('after this.stop() the actor is not alive and has left the registry while onStop runs', async t => {
	const {system} = useSystem(t);
	const seen: Array<[boolean, boolean]> = [];
	class Quitter extends Actor {
		quit(): void {
			this.stop();
		}

		override onStop(): void {
			seen.push([this.actorRef.isAlive(), system.registry.getByUrn(this.actorUrn) !== undefined]);
		}
	}

	const proxy = system.startProxy(Quitter);
	await proxy.quit();
	t.false(await proxy.actorRef.stop());
	await t.throwsAsync(proxy.actorRef.ask(undefined), {instanceOf: ActorDeadError});
	t.deepEqual(seen, [[false, false]]);
});

class Receiver extends Actor {
	* takeMessage() {
		return yield * receive();
	}

	* catchReceive() {
		try {
			yield * receive();
			return 'received';
		} catch (error) {
			return `caught ${(error as Error).name}`;
		}
	}

	override * onReceive() {
		return yield * receive();
	}
}

test('receive inside a class actor\'s method is refused with a TypeError', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Receiver);
	const error = await t.throwsAsync(proxy.takeMessage(), {instanceOf: TypeError});
	t.is(error.message, `${String(proxy.actorRef)} cannot \`receive\` inside a method: a class actor's messages go to onReceive and its methods, one at a time`);
	t.true(proxy.actorRef.isAlive());
});

test('receive inside a generator onReceive is refused with a TypeError', async t => {
	const {system} = useSystem(t);
	const ref = system.start(Receiver);
	await t.throwsAsync(ref.ask('hello'), {instanceOf: TypeError, message: /cannot `receive` inside a method/});
	t.true(ref.isAlive());
});

test('a method may catch the refused receive and go on', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Receiver);
	t.is(await proxy.catchReceive(), 'caught TypeError');
});

test('receive refused in a tell\'s handler fails the actor', async t => {
	const {system, log} = useSystem(t);
	const ref = system.start(Receiver);
	ref.tell('hello');
	const {error} = await log.nextError();
	t.true(error instanceof TypeError);
	t.false(ref.isAlive());
});
