import {inspect} from 'node:util';
import test from 'ava';
import {Actor, Future} from 'pykka';
import {flush, label, useSystem} from '../helpers/index.js';

class Store extends Actor {
	count = 0;
	name = 'store';
	readonly items: string[] = [];
	getterRuns = 0;
	readonly writes: Array<[string, unknown]> = [];
	#limit = 10;

	/** A getter with a side effect: counts how often it ran. */
	get counted(): number {
		this.getterRuns += 1;
		return this.getterRuns;
	}

	get limit(): number {
		return this.#limit;
	}

	set limit(value: number) {
		this.writes.push(['limit', value]);
		this.#limit = value;
	}

	get broken(): number {
		throw new Error('broken getter');
	}

	increment(): number {
		this.count += 1;
		return this.count;
	}

	/** Waits on `gate`, then gives the name as it is then. */
	async slow(gate: Future<void>, begun: Future<void>): Promise<string> {
		begun.set();
		await gate;
		return this.name;
	}

	peekCount(): number {
		return this.count;
	}

	getterRunsNow(): number {
		return this.getterRuns;
	}
}

/** A field seen as writable, as the proxy is at run time; TypeScript types fields as read-only futures. */
type Writable<T> = {-readonly [K in keyof T]: unknown};

test('a field reads as a Future of its value', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Store);
	const {count} = proxy;
	t.true(count instanceof Future);
	t.is(await count, 0);
	t.is(await proxy.name, 'store');
});

test('a field read sees the state left by the messages sent before it', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Store);
	proxy.increment.defer();
	proxy.increment.defer();
	t.is(await proxy.count, 2);
});

test('a field holding an object gives the very object', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Store);
	const items = await proxy.items;
	t.true(Array.isArray(items));
	t.is(await proxy.items, items);
});

test('each read of a field is a new message and a new future', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Store);
	const before = proxy.count;
	proxy.increment.defer();
	const after = proxy.count;
	t.not(before, after);
	t.deepEqual(await Promise.all([before, after]), [0, 1]);
});

test('a getter runs inside the actor, once per read, in order with other messages', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Store);
	const gate = new Future<void>();
	const begun = new Future<void>();
	const slow = proxy.slow(gate, begun);
	const read = proxy.counted;
	await begun;
	await flush(system);
	t.false(read.settled);
	gate.set();
	await slow;
	t.is(await read, 1);
	t.is(await proxy.counted, 2);
	t.is(await proxy.getterRuns, 2);
});

test('the proxy never runs a getter to find out what a member is', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Store);
	t.true('counted' in proxy);
	t.true('limit' in proxy);
	void proxy.increment;
	void proxy.increment.defer;
	void String(proxy);
	void inspect(proxy);
	t.throws(() => {
		void (proxy as unknown as Record<string, unknown>)['missing'];
	});
	t.is(await proxy.getterRunsNow(), 0);
	t.is(await proxy.counted, 1);
	t.is(await proxy.getterRunsNow(), 1);
});

test('reading a field that holds a generator gives the generator, without running it', async t => {
	const {system} = useSystem(t);
	const steps: string[] = [];
	class Sequence extends Actor {
		readonly ids = (function * () {
			steps.push('first id');
			yield 1;
			steps.push('second id');
			yield 2;
		})();
	}

	const proxy = system.startProxy(Sequence);
	const ids = await proxy.ids;
	t.deepEqual(steps, []);
	t.is(Object.prototype.toString.call(ids), '[object Generator]');
	t.is(ids.next().value, 1);
});

test('a getter that throws rejects the read, and the actor lives on', async t => {
	const {system, log} = useSystem(t);
	const proxy = system.startProxy(Store);
	await t.throwsAsync(proxy.broken, {message: 'broken getter'});
	t.true(proxy.actorRef.isAlive());
	t.deepEqual(log.errors, []);
});

test('a field write is applied inside the actor, in order with other messages', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Store);
	const writable = proxy as unknown as Writable<typeof proxy>;
	const before = proxy.count;
	writable.count = 10;
	const incremented = proxy.increment();
	writable.count = 20;
	writable.count = 30;
	t.is(await before, 0);
	t.is(await incremented, 11);
	t.is(await proxy.count, 30);
});

test('a field write waits for the message in hand', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Store);
	const writable = proxy as unknown as Writable<typeof proxy>;
	const gate = new Future<void>();
	const begun = new Future<void>();
	const slow = proxy.slow(gate, begun);
	await begun;
	writable.name = 'renamed';
	const peek = proxy.peekCount();
	await flush(system);
	t.false(peek.settled);
	gate.set();
	t.is(await slow, 'store');
	t.is(await proxy.name, 'renamed');
});

test('writing through a setter runs the setter inside the actor', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Store);
	const writable = proxy as unknown as Writable<typeof proxy>;
	writable.limit = 5;
	writable.limit = 7;
	t.is(await proxy.limit, 7);
	t.deepEqual(await proxy.writes, [['limit', 5], ['limit', 7]]);
});

test('writing a method or an unknown member throws a TypeError naming it', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Store);
	const writable = proxy as unknown as Record<string, unknown>;
	t.throws(() => {
		writable['increment'] = 1;
	}, {instanceOf: TypeError, message: /has no field `increment` to set/});
	t.throws(() => {
		writable['missing'] = 1;
	}, {instanceOf: TypeError, message: /has no field `missing` to set/});
	t.throws(() => {
		writable['actorRef'] = 1;
	}, {instanceOf: TypeError, message: /has no field `actorRef` to set/});
	t.is(await proxy.count, 0);
});

test('a field read on a dead actor rejects with ActorDeadError', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Store);
	await proxy.actorRef.stop();
	await t.throwsAsync(proxy.count, {name: 'ActorDeadError'});
});

test('writing a getter without a setter, or a read-only field, throws a TypeError at the call and leaves the actor untouched', async t => {
	const {system, log} = useSystem(t);
	class Guarded extends Actor {
		readonly fixed = 'fixed';
		value = 1;

		get doubled(): number {
			return this.value * 2;
		}

		constructor() {
			super();
			Object.defineProperty(this, 'frozen', {value: 'frozen', writable: false, enumerable: true});
		}
	}

	const proxy = system.startProxy(Guarded);
	const writable = proxy as unknown as Record<string, unknown>;
	t.throws(() => {
		writable['doubled'] = 10;
	}, {instanceOf: TypeError, message: new RegExp(`^ActorProxy for ${label('Guarded')} cannot set \`doubled\`: it is a getter without a setter$`)});
	t.throws(() => {
		writable['frozen'] = 'thawed';
	}, {instanceOf: TypeError, message: /cannot set `frozen`: it is read-only$/});
	t.is(await proxy.doubled, 2);
	t.true(proxy.actorRef.isAlive());
	writable['value'] = 5;
	t.is(await proxy.doubled, 10);
	t.deepEqual(log.errors, []);
});
