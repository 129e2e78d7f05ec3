import {inspect} from 'node:util';
import test from 'ava';
import {Actor, ActorDeadError, Future, type ActorProxy} from 'pykka';
import {label, urn, useSystem} from '../helpers/index.js';

class Vault extends Actor {
	visible = 'visible';
	_hidden = 'hidden';
	readonly #secret = 'secret';
	getterRuns = 0;

	get watched(): number {
		this.getterRuns += 1;
		return this.getterRuns;
	}

	reveal(): string {
		return `${this._hidden} ${this.#secret}`;
	}

	_helper(): string {
		return 'helper';
	}

	async hold(gate: Future<void>, begun: Future<void>): Promise<void> {
		begun.set();
		await gate;
	}
}

function member(proxy: object, name: string): unknown {
	return (proxy as Record<string, unknown>)[name];
}

test('members starting with _ are not exposed', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Vault);
	for (const name of ['_hidden', '_helper']) {
		t.false(name in proxy);
		t.throws(() => member(proxy, name), {
			instanceOf: TypeError,
			message: `ActorProxy for ${String(proxy.actorRef)} has no member \`${name}\` (members starting with _ are not exposed)`,
		});
	}

	t.is(await proxy.reveal(), 'hidden secret');
});

test('#private members are not exposed', t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Vault);
	t.false('secret' in proxy);
	t.false('#secret' in proxy);
	t.throws(() => member(proxy, 'secret'), {instanceOf: TypeError, message: /has no member `secret`/});
	t.throws(() => member(proxy, '#secret'), {instanceOf: TypeError, message: /has no member `#secret`/});
});

test('Actor\'s own members are not exposed', t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Vault);
	for (const name of ['onStart', 'onStop', 'onFailure', 'onReceive', 'react', 'actorUrn', 'system']) {
		t.false(name in proxy, name);
		t.throws(() => member(proxy, name), {instanceOf: TypeError, message: new RegExp(`has no member \`${name}\``)});
	}

	t.true(proxy.actorRef.isAlive());
});

test('an unknown member throws a TypeError naming it and the actor', t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Vault);
	const error = t.throws(() => member(proxy, 'nonexistent'), {instanceOf: TypeError});
	t.is(error.message, `ActorProxy for ${String(proxy.actorRef)} has no member \`nonexistent\``);
	t.regex(error.message, new RegExp(urn));
});

test('in tells which members the proxy exposes', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Vault);
	t.true('visible' in proxy);
	t.true('reveal' in proxy);
	t.true('watched' in proxy);
	t.true('actorRef' in proxy);
	t.false('nonexistent' in proxy);
	t.is(await proxy.getterRuns, 0);
});

test('a proxy is not thenable: awaiting it gives the proxy itself', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Vault);
	t.is(member(proxy, 'then'), undefined);
	t.is(await proxy, proxy);
	t.is(await Promise.resolve(proxy), proxy);
});

test('String(proxy) and util.inspect(proxy) print the actor without calling it', async t => {
	const {system} = useSystem(t);
	const proxy: ActorProxy<Vault> = system.startProxy(Vault);
	const gate = new Future<void>();
	const begun = new Future<void>();
	// The actor is busy until the gate opens: printing must not wait for it.
	const held = proxy.hold(gate, begun);
	await begun;
	const expected = `ActorProxy for ${String(proxy.actorRef)}`;
	t.regex(expected, new RegExp(`^ActorProxy for ${label('Vault')}$`));
	t.is(String(proxy), expected);
	t.is(`${proxy}`, expected);
	t.is(proxy.toString(), expected);
	t.is(inspect(proxy), expected);
	t.is(inspect({proxy}, {breakLength: Number.POSITIVE_INFINITY}), `{ proxy: ${expected} }`);
	t.is(inspect([proxy], {breakLength: Number.POSITIVE_INFINITY}), `[ ${expected} ]`);
	t.is(Object.prototype.toString.call(proxy), '[object ActorProxy]');
	gate.set();
	await held;
	t.is(await proxy.getterRuns, 0);
});

test('proxy.actorRef is readable after the actor died', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Vault);
	const ref = proxy.actorRef;
	t.true(await ref.stop());
	t.is(proxy.actorRef, ref);
	t.false(proxy.actorRef.isAlive());
	t.is(String(proxy), `ActorProxy for ${String(ref)}`);
});

test('method calls and field reads on a dead actor\'s proxy reject with ActorDeadError', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Vault);
	await proxy.actorRef.stop();
	const call = await t.throwsAsync(proxy.reveal(), {instanceOf: ActorDeadError});
	t.is(call.message, `${String(proxy.actorRef)} is not alive`);
	await t.throwsAsync(proxy.visible, {instanceOf: ActorDeadError});
	await t.throwsAsync(proxy.watched, {instanceOf: ActorDeadError});
});

test('ref.proxy() gives the same object each time, and startProxy gives it too', t => {
	const {system} = useSystem(t);
	const ref = system.start(Vault);
	t.is(ref.proxy(), ref.proxy());
	const proxy = system.startProxy(Vault);
	t.is(proxy.actorRef.proxy(), proxy);
});

test('a spawned actor has no proxy', t => {
	const {system} = useSystem(t);
	const ref = system.spawn(function * idle() {});
	t.throws(() => ref.proxy(), {instanceOf: TypeError, message: /only class actors have a proxy/});
});

test('the probes of runtimes and libraries answer undefined', t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Vault);
	for (const name of ['then', 'toJSON', 'constructor', 'asymmetricMatch', '$$typeof', 'nodeType', 'tagName', 'valueOf']) {
		t.is(member(proxy, name), undefined, name);
	}

	t.is((proxy as unknown as Record<symbol, unknown>)[Symbol.iterator], undefined);
	t.is((proxy as unknown as Record<symbol, unknown>)[Symbol.asyncIterator], undefined);
});

test('deleting or defining a member throws a TypeError', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Vault);
	// The proxy's members are fixed, non-configurable properties: the engine
	// itself refuses, with its own wording, naming the member.
	t.throws(() => {
		delete (proxy as unknown as Partial<Record<string, unknown>>)['visible'];
	}, {instanceOf: TypeError, message: /visible/});
	t.throws(() => {
		Object.defineProperty(proxy, 'visible', {value: 1});
	}, {instanceOf: TypeError, message: /visible/});
	t.throws(() => {
		Object.defineProperty(proxy, 'brandNew', {value: 1});
	}, {instanceOf: TypeError, message: /brandNew/});
	t.is(await proxy.visible, 'visible');
});

class EarlyProxy extends Actor {
	readonly me: ActorProxy<EarlyProxy>;
	value = 42;

	constructor() {
		super();
		this.me = this.actorRef.proxy() as ActorProxy<EarlyProxy>;
	}

	answer() {
		return this.value;
	}
}

test('an actor may take its own proxy in its constructor, and it works', async t => {
	const {system} = useSystem(t);
	const ref = system.start(EarlyProxy);
	const early = await ref.proxy().me;
	t.is(early, ref.proxy());
	t.is(await early.answer(), 42);
	t.is(await early.value, 42);
});

test('proxy.stop() stops the actor as Pykka\'s proxy does: a future that settles once it is dead', async t => {
	const {system} = useSystem(t);
	const log: string[] = [];
	class Polite extends Actor {
		work(): string {
			log.push('work');
			return 'done';
		}

		override onStop(): void {
			log.push('onStop');
		}
	}

	const proxy = system.startProxy(Polite);
	const work = proxy.work();
	const stopped = proxy.stop();
	t.true(await stopped);
	t.is(await work, 'done');
	t.deepEqual(log, ['work', 'onStop']);
	t.false(proxy.actorRef.isAlive());
	t.false(await proxy.stop({timeout: 1000}));
});

test('a class that defines its own stop keeps it on its proxy', async t => {
	const {system} = useSystem(t);
	class Machine extends Actor {
		override stop(): void {
			this.halted = true;
		}

		halted = false;
	}

	const proxy = system.startProxy(Machine);
	await proxy.stop();
	t.true(await proxy.halted);
	t.true(proxy.actorRef.isAlive());
});

test('ref.proxy() of a dead actor throws ActorDeadError, as Pykka', async t => {
	const {system} = useSystem(t);
	class Short extends Actor {}
	const ref = system.start(Short);
	await ref.stop();
	t.throws(() => ref.proxy(), {name: 'ActorDeadError', message: new RegExp(`^${label('Short')} is not alive$`)});
});
