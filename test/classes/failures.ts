import test from 'ava';
import {Actor, ActorDeadError, deferReply, Future, reply, TimeoutError, type Operation, type Reply} from 'pykka';
import {flush, label, labelPattern, useKit, useSystem} from '../helpers/index.js';

class Flaky extends Actor {
	readonly #log: string[];

	constructor(log: string[]) {
		super();
		this.#log = log;
	}

	override onReceive(message: string): string | Promise<never> {
		if (message === 'fail') {
			throw new Error('flaky failed');
		}

		if (message === 'fail async') {
			return this.failAsync();
		}

		this.#log.push(message);
		return message.toUpperCase();
	}

	async failAsync(): Promise<never> {
		await Promise.resolve();
		throw new Error('flaky failed later');
	}

	* failInGenerator(): Generator<never, never, unknown> {
		throw new Error('flaky generator failed');
	}

	override onFailure(error: unknown): void {
		this.#log.push(`onFailure: ${(error as Error).message}`);
	}

	override onStop(): void {
		this.#log.push('onStop');
	}
}

test('an error in an ask\'s handler rejects that ask, and the actor lives on', async t => {
	const {system, log} = useSystem(t);
	const hooks: string[] = [];
	const ref = system.start(Flaky, hooks);
	const error = await t.throwsAsync(ref.ask('fail'), {message: 'flaky failed'});
	t.true(error instanceof Error);
	t.is(await ref.ask('still here'), 'STILL HERE');
	t.true(ref.isAlive());
	t.deepEqual(hooks, ['still here']);
	t.deepEqual(log.errors, []);
});

test('a rejected promise of an ask\'s handler rejects that ask, and the actor lives on', async t => {
	const {system, log} = useSystem(t);
	const ref = system.start(Flaky, []);
	await t.throwsAsync(ref.ask('fail async'), {message: 'flaky failed later'});
	t.is(await ref.ask('ok'), 'OK');
	t.deepEqual(log.errors, []);
});

test('an error in a generator method called by ask rejects that ask, and the actor lives on', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Flaky, []);
	await t.throwsAsync(proxy.failInGenerator(), {message: 'flaky generator failed'});
	t.true(proxy.actorRef.isAlive());
});

test('an error in a tell\'s handler is logged with the actor\'s name and the error\'s stack', async t => {
	const {system, log} = useSystem(t);
	const ref = system.start(Flaky, []);
	ref.tell('fail');
	const {message, error} = await log.nextError();
	t.true(message.startsWith(String(ref)), message);
	t.regex(String(ref), labelPattern('Flaky'));
	t.true(error instanceof Error);
	t.is((error as Error).message, 'flaky failed');
	t.regex((error as Error).stack ?? '', /Flaky\.onReceive/);
	t.is(log.errors.length, 1);
});

test('an error in a tell\'s handler runs onFailure with the error; the actor dies without onStop', async t => {
	const {system} = useSystem(t);
	const hooks: string[] = [];
	const ref = system.start(Flaky, hooks);
	ref.tell('before');
	ref.tell('fail');
	await t.throwsAsync(ref.ask('after'), {instanceOf: ActorDeadError});
	t.deepEqual(hooks, ['before', 'onFailure: flaky failed']);
	t.false(ref.isAlive());
	t.deepEqual(system.registry.getAll(), []);
	t.false(await ref.stop());
});

test('a rejected promise of a tell\'s handler fails the actor', async t => {
	const {system, log} = useSystem(t);
	const hooks: string[] = [];
	const ref = system.start(Flaky, hooks);
	ref.tell('fail async');
	const {error} = await log.nextError();
	t.is((error as Error).message, 'flaky failed later');
	await t.throwsAsync(ref.ask('after'), {instanceOf: ActorDeadError});
	t.deepEqual(hooks, ['onFailure: flaky failed later']);
});

test('asks queued behind a failing tell reject with ActorDeadError naming the actor', async t => {
	const {system} = useSystem(t);
	const ref = system.start(Flaky, []);
	ref.tell('fail');
	const queued = [ref.ask('one'), ref.ask('two')];
	for (const ask of queued) {
		const error = await t.throwsAsync(ask, {instanceOf: ActorDeadError});
		t.is(error.message, `${String(ref)} is not alive`);
		t.is(error.actorUrn, ref.actorUrn);
	}
});

test('tell to an actor that failed throws ActorDeadError', async t => {
	const {system, log} = useSystem(t);
	const ref = system.start(Flaky, []);
	ref.tell('fail');
	await log.nextError();
	t.throws(() => {
		ref.tell('late');
	}, {instanceOf: ActorDeadError});
});

test('an error in onFailure is logged too, and the actor still dies', async t => {
	const {system, log} = useSystem(t);
	class BadFailure extends Actor {
		override onReceive(): never {
			throw new Error('handler failed');
		}

		override onFailure(): never {
			throw new Error('onFailure failed');
		}
	}

	const ref = system.start(BadFailure);
	ref.tell('anything');
	await t.throwsAsync(ref.ask('after'), {instanceOf: ActorDeadError});
	t.deepEqual(log.errors.map(({message, error}) => [message, (error as Error).message]), [
		[`${String(ref)} failed in onFailure:`, 'onFailure failed'],
		[`${String(ref)} failed:`, 'handler failed'],
	]);
});

class StartFails extends Actor {
	readonly #log: string[];

	constructor(log: string[]) {
		super();
		this.#log = log;
	}

	override onStart(): void {
		throw new Error('onStart failed');
	}

	override onFailure(): void {
		this.#log.push('onFailure');
	}

	override onStop(): void {
		this.#log.push('onStop');
	}

	hello(): string {
		this.#log.push('hello');
		return 'hello';
	}
}

test('an error in onStart kills the actor without onFailure or onStop, and is logged', async t => {
	const {system, log} = useSystem(t);
	const hooks: string[] = [];
	const proxy = system.startProxy(StartFails, hooks);
	const hello = proxy.hello();
	const error = await t.throwsAsync(hello, {instanceOf: ActorDeadError});
	t.is(error.actorUrn, proxy.actorRef.actorUrn);
	t.deepEqual(hooks, []);
	t.false(proxy.actorRef.isAlive());
	t.deepEqual(system.registry.getAll(), []);
	t.is(log.errors.length, 1);
	const [logged] = log.errors;
	t.true(logged?.message.startsWith(String(proxy.actorRef)));
	t.is((logged?.error as Error).message, 'onStart failed');
});

test('asks queued during an async onStart reject with ActorDeadError when it fails', async t => {
	const {system, log} = useSystem(t);
	const gate = new Future<void>();
	const started = new Future<void>();
	const hooks: string[] = [];
	class AsyncStartFails extends Actor {
		override async onStart(): Promise<void> {
			started.set();
			await gate;
			throw new Error('async onStart failed');
		}

		override onFailure(): void {
			hooks.push('onFailure');
		}

		override onStop(): void {
			hooks.push('onStop');
		}

		override onReceive(message: string): string {
			hooks.push(message);
			return message;
		}
	}

	const ref = system.start(AsyncStartFails);
	const queued = [ref.ask('one'), ref.ask('two')];
	const stopped = ref.stop();
	await started;
	t.false(queued.some(ask => ask.settled));
	gate.setException(new Error('async onStart failed'));
	for (const ask of queued) {
		await t.throwsAsync(ask, {instanceOf: ActorDeadError});
	}

	t.false(await stopped);
	t.deepEqual(hooks, []);
	t.is(log.errors.length, 1);
	t.is((log.errors[0]?.error as Error).message, 'async onStart failed');
});

test('an error in onStop is logged and stop still resolves true', async t => {
	const {system, log} = useSystem(t);
	class StopFails extends Actor {
		override onStop(): never {
			throw new Error('onStop failed');
		}
	}

	const ref = system.start(StopFails);
	t.true(await ref.stop());
	t.false(ref.isAlive());
	t.deepEqual(log.errors.map(({message, error}) => [message, (error as Error).message]), [
		[`${String(ref)} failed in onStop:`, 'onStop failed'],
	]);
});

test('a rejection in an async onStop is logged and stop still resolves true', async t => {
	const {system, log} = useSystem(t);
	class AsyncStopFails extends Actor {
		override async onStop(): Promise<void> {
			await Promise.resolve();
			throw new Error('async onStop failed');
		}
	}

	const ref = system.start(AsyncStopFails);
	t.true(await ref.stop());
	t.is(log.errors.length, 1);
	t.is((log.errors[0]?.error as Error).message, 'async onStop failed');
});

test('stop resolves only after an async onStop has finished', async t => {
	const {system} = useSystem(t);
	const gate = new Future<void>();
	const stopping = new Future<void>();
	const log: string[] = [];
	class SlowStop extends Actor {
		override async onStop(): Promise<void> {
			stopping.set();
			await gate;
			log.push('onStop done');
		}
	}

	const ref = system.start(SlowStop);
	const stopped = ref.stop();
	await stopping;
	await flush(system);
	t.false(stopped.settled);
	t.false(ref.isAlive());
	gate.set();
	t.true(await stopped);
	t.deepEqual(log, ['onStop done']);
});

test('an unhandled message is warned about, naming the actor and the message, and its ask answers undefined', async t => {
	const {system, log} = useSystem(t);
	class Deaf extends Actor {}
	const ref = system.start(Deaf);
	ref.tell('told');
	t.is(await ref.ask({kind: 'hello'}), undefined);
	t.is(log.warnings.length, 2);
	const [told = '', asked = ''] = log.warnings;
	t.true(told.startsWith(String(ref)), told);
	t.true(told.includes('"told"'), told);
	t.true(asked.startsWith(String(ref)), asked);
	t.true(asked.includes('{ kind: \'hello\' }'), asked);
	t.true(ref.isAlive());
	t.deepEqual(log.errors, []);
});

test('constructor arguments reach the constructor', async t => {
	const {system} = useSystem(t);
	class Greeter extends Actor {
		readonly greeting: string;
		readonly names: string[];

		constructor(greeting: string, names: string[]) {
			super();
			this.greeting = greeting;
			this.names = names;
		}

		greet(): string[] {
			return this.names.map(name => `${this.greeting}, ${name}!`);
		}
	}

	const names = ['Ada', 'Grace'];
	const greeter = system.startProxy(Greeter, 'Hello', names);
	t.deepEqual(await greeter.greet(), ['Hello, Ada!', 'Hello, Grace!']);
	t.is(await greeter.names, names);
});

test('an error in the constructor is thrown to the caller of start, and no actor is left', t => {
	const {system, log} = useSystem(t);
	const error = new RangeError('bad configuration');
	class BadConstructor extends Actor {
		constructor(fail: boolean) {
			super();
			if (fail) {
				throw error;
			}
		}
	}

	t.is(t.throws(() => system.start(BadConstructor, true)), error);
	t.is(t.throws(() => system.startProxy(BadConstructor, true)), error);
	t.deepEqual(system.registry.getAll(), []);
	t.deepEqual(log.errors, []);
});

test('an error in the constructor before super() is thrown to the caller of start', t => {
	const {system} = useSystem(t);
	class EarlyFailure extends Actor {
		constructor() {
			if (Math.sqrt(4) === 2) {
				throw new Error('before super');
			}

			super();
		}
	}

	t.throws(() => system.start(EarlyFailure), {message: 'before super'});
	t.deepEqual(system.registry.getAll(), []);
});

test('an actor constructed with new throws a TypeError telling how to start it', t => {
	class Plain extends Actor {}
	t.throws(() => new Plain(), {instanceOf: TypeError, message: /Plain\.start/});
});

class LateFailer extends Actor {
	* replyEarlyThenThrow(): Operation<string> {
		yield * reply('early answer');
		throw new Error('after replying');
	}

	* deferThenThrow(keep: Array<Reply<string>>): Operation<string> {
		keep.push(yield * deferReply<string>());
		throw new Error('after deferring');
	}

	ping(): string {
		return 'pong';
	}
}

test('a handler that throws after its ask was answered early does not fail the actor; the error is a warning naming actor and message', async t => {
	const {system, log} = useSystem(t);
	const proxy = system.startProxy(LateFailer);
	t.is(await proxy.replyEarlyThenThrow(), 'early answer');
	const warning = await log.nextWarning();
	t.regex(warning, new RegExp(`^${label('LateFailer')} failed handling .*replyEarlyThenThrow.* after its ask was settled; no caller will see this error:\nError: after replying`));
	t.is(await proxy.ping(), 'pong');
	t.true(proxy.actorRef.isAlive());
	t.deepEqual(log.errors, []);
});

test('a handler that throws after deferring its reply does not fail the actor; the reply can still be given', async t => {
	const {system, log} = useSystem(t);
	const proxy = system.startProxy(LateFailer);
	const kept: Array<Reply<string>> = [];
	const answer = proxy.deferThenThrow(kept);
	t.regex(await log.nextWarning(), /after its ask was settled; no caller will see this error:\nError: after deferring/);
	t.is(await proxy.ping(), 'pong');
	kept[0]?.resolve('given later');
	t.is(await answer, 'given later');
	t.deepEqual(log.errors, []);
});

test('a handler that throws after its ask timed out does not fail the actor: it was an ask, and the error is a warning', async t => {
	const kit = useKit(t);
	class Slow extends Actor {
		override async onReceive(message: Future<void> | 'ping'): Promise<string> {
			if (message === 'ping') {
				return 'pong';
			}

			await message;
			throw new Error('after the caller gave up');
		}
	}

	const ref = kit.start(Slow);
	const gate = new Future<void>();
	const asked = ref.ask(gate, {timeout: 0});
	await kit.advance(0);
	await t.throwsAsync(asked, {instanceOf: TimeoutError});
	gate.set();
	await kit.runUntilIdle();
	t.regex(kit.warnings[0] ?? '', new RegExp(`^${label('Slow')} failed handling Future { undefined } after its ask was settled; no caller will see this error:\nError: after the caller gave up`));
	t.is(await ref.ask('ping'), 'pong');
	t.true(ref.isAlive());
	t.deepEqual(kit.failures(), []);
});
