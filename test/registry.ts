import test from 'ava';
import {Actor, ActorDeadError, Future, receive, reply, TimeoutError, type ActorRef} from 'pykka';
import {flush, useKit, useSystem} from './helpers/index.js';

class Animal extends Actor {
	readonly heard: unknown[] = [];

	override onReceive(message: unknown): unknown[] {
		this.heard.push(message);
		return this.heard;
	}
}

class Dog extends Animal {}

class Cat extends Animal {}

class Plant extends Actor {
	readonly heard: unknown[] = [];

	override onReceive(message: unknown): unknown[] {
		this.heard.push(message);
		return this.heard;
	}
}

function * echo() {
	for (;;) {
		yield * reply(yield * receive());
	}
}

test('getAll lists every running actor, class-based or spawned, in start order', t => {
	const {system} = useSystem(t);
	const dog = system.start(Dog);
	const spawned = system.spawn(echo);
	const plant = system.start(Plant);
	t.deepEqual(system.registry.getAll(), [dog, spawned, plant]);
	t.is(system.registry.size, 3);
});

test('getAll gives a new array each time', t => {
	const {system} = useSystem(t);
	system.start(Dog);
	const all = system.registry.getAll();
	all.length = 0;
	t.is(system.registry.getAll().length, 1);
});

test('getByClass finds the actors of a class and of its subclasses, in start order', t => {
	const {system} = useSystem(t);
	const dog = system.start(Dog);
	system.start(Plant);
	const animal = system.start(Animal);
	const cat = system.start(Cat);
	system.spawn(echo);
	t.deepEqual(system.registry.getByClass(Animal), [dog, animal, cat]);
	t.deepEqual(system.registry.getByClass(Cat), [cat]);
	t.is(system.registry.getByClass(Actor).length, 4);
});

test('getByClassName matches the exact name only, spawned behaviours included', t => {
	const {system} = useSystem(t);
	const dog = system.start(Dog);
	const animal = system.start(Animal);
	const spawned = system.spawn(echo, {name: 'Dog'});
	t.deepEqual(system.registry.getByClassName('Animal'), [animal]);
	t.deepEqual(system.registry.getByClassName('Dog'), [dog, spawned]);
	t.deepEqual(system.registry.getByClassName('echo'), []);
	t.deepEqual(system.registry.getByClassName('dog'), []);
	t.deepEqual(system.registry.getByClassName('Actor'), []);
});

test('getByUrn finds an actor by its URN, or gives undefined', async t => {
	const {system} = useSystem(t);
	const dog = system.start(Dog);
	const spawned = system.spawn(echo);
	t.is(system.registry.getByUrn(dog.actorUrn), dog);
	t.is(system.registry.getByUrn(spawned.actorUrn), spawned);
	t.is(system.registry.getByUrn('urn:uuid:00000000-0000-4000-8000-000000000000'), undefined);
	await dog.stop();
	t.is(system.registry.getByUrn(dog.actorUrn), undefined);
});

test('broadcast tells a message to every actor', async t => {
	const {system} = useSystem(t);
	const dog = system.start(Dog);
	const plant = system.start(Plant);
	system.registry.broadcast('hello');
	t.deepEqual(await dog.ask('next'), ['hello', 'next']);
	t.deepEqual(await plant.ask('next'), ['hello', 'next']);
});

test('broadcast to a class tells only its actors and its subclasses\' actors', async t => {
	const {system} = useSystem(t);
	const dog = system.start(Dog);
	const cat = system.start(Cat);
	const plant = system.start(Plant);
	system.registry.broadcast('feed', Animal);
	system.registry.broadcast('meow', Cat);
	t.deepEqual(await dog.proxy().heard, ['feed']);
	t.deepEqual(await cat.proxy().heard, ['feed', 'meow']);
	t.deepEqual(await plant.proxy().heard, []);
});

test('broadcast to a class name tells only the actors of exactly that name', async t => {
	const {system} = useSystem(t);
	const dog = system.start(Dog);
	const animal = system.start(Animal);
	system.registry.broadcast('sit', 'Dog');
	t.deepEqual(await dog.proxy().heard, ['sit']);
	t.deepEqual(await animal.proxy().heard, []);
});

test('broadcast to nobody does nothing', async t => {
	const {system} = useSystem(t);
	const plant = system.start(Plant);
	system.registry.broadcast('bark', Dog);
	t.deepEqual(await plant.proxy().heard, []);
});

/** An actor whose onStop notes its name and then waits for its gate. */
class Slow extends Actor {
	readonly #name: string;
	readonly #log: string[];
	readonly #gate: Future<void>;
	readonly #stopping: Future<void>;

	constructor(name: string, log: string[], gate: Future<void>, stopping: Future<void>) {
		super();
		this.#name = name;
		this.#log = log;
		this.#gate = gate;
		this.#stopping = stopping;
	}

	override async onStop(): Promise<void> {
		this.#log.push(`${this.#name} stopping`);
		this.#stopping.set();
		await this.#gate;
		this.#log.push(`${this.#name} stopped`);
	}
}

test('stopAll stops in reverse start order, each after the previous one has stopped, giving booleans', async t => {
	const {system} = useSystem(t);
	const log: string[] = [];
	const actors = ['first', 'second', 'third'].map(name => {
		const gate = new Future<void>();
		const stopping = new Future<void>();
		const ref = system.start(Slow, name, log, gate, stopping);
		return {name, ref, gate, stopping};
	});
	const [first, second, third] = actors as [typeof actors[0], typeof actors[0], typeof actors[0]];
	const result = system.stopAll();

	await third.stopping;
	await flush(system);
	t.deepEqual(log, ['third stopping']);
	t.true(first.ref.isAlive());
	t.true(second.ref.isAlive());
	t.false(result.settled);

	third.gate.set();
	await second.stopping;
	await flush(system);
	t.deepEqual(log, ['third stopping', 'third stopped', 'second stopping']);
	t.true(first.ref.isAlive());

	first.gate.set();
	second.gate.set();
	t.deepEqual(await result, [true, true, true]);
	t.deepEqual(log, ['third stopping', 'third stopped', 'second stopping', 'second stopped', 'first stopping', 'first stopped']);
	t.deepEqual(system.registry.getAll(), []);
});

test('stopAll gives false for an actor that another stop request reached first', async t => {
	const {system} = useSystem(t);
	const gate = new Future<void>();
	const busy = new Future<void>();
	class Busy extends Actor {
		async work(): Promise<void> {
			busy.set();
			await gate;
		}
	}

	const plant = system.start(Plant);
	const proxy = system.startProxy(Busy);
	const work = proxy.work();
	await busy;
	// Queued behind the work; it will stop the actor before stopAll's request is taken.
	const earlier = proxy.actorRef.stop();
	const result = system.stopAll();
	gate.set();
	await work;
	t.true(await earlier);
	t.deepEqual(await result, [false, true]);
	t.false(plant.isAlive());
});

test('stopAll of an empty registry gives an empty array', async t => {
	const {system} = useSystem(t);
	t.deepEqual(await system.stopAll(), []);
});

test('stopAll with a timeout rejects with TimeoutError if the actors are not all stopped in time; they stop anyway', async t => {
	const kit = useKit(t);
	const gate = new Future<void>();
	const stopping = new Future<void>();
	const ref = kit.start(Slow, 'slow', [], gate, stopping);
	const result = kit.system.stopAll({timeout: 10});
	await kit.advance(10);
	await t.throwsAsync(result, {instanceOf: TimeoutError});
	await stopping;
	gate.set();
	t.false(await ref.stop());
	t.false(ref.isAlive());
});

test('stopAll called from inside an actor stops that actor last, without waiting on itself', async t => {
	const {system} = useSystem(t);
	const log: string[] = [];
	class Janitor extends Actor {
		async stopEveryone(): Promise<boolean[]> {
			const stopped = await this.system.registry.stopAll();
			log.push('janitor got the result');
			return stopped;
		}

		override onStop(): void {
			log.push('janitor stopped');
		}
	}

	class Tenant extends Actor {
		override onStop(): void {
			log.push('tenant stopped');
		}
	}

	system.start(Tenant);
	const janitor = system.startProxy(Janitor);
	system.start(Tenant);
	t.deepEqual(await janitor.stopEveryone(), [true, true, true]);
	await t.throwsAsync(janitor.actorRef.ask(undefined), {instanceOf: ActorDeadError});
	t.deepEqual(log, ['tenant stopped', 'tenant stopped', 'janitor got the result', 'janitor stopped']);
	t.deepEqual(system.registry.getAll(), []);
});

test('a stopped actor leaves the registry', async t => {
	const {system} = useSystem(t);
	const dog = system.start(Dog);
	const cat = system.start(Cat);
	t.true(await dog.stop());
	t.deepEqual(system.registry.getAll(), [cat]);
	t.deepEqual(system.registry.getByClass(Dog), []);
	t.deepEqual(system.registry.getByClassName('Dog'), []);
});

test('a spawned actor whose behaviour returns leaves the registry', async t => {
	const {system} = useSystem(t);
	const ref = system.spawn(function * once() {
		yield * reply(yield * receive());
	});
	t.is(await ref.ask('bye'), 'bye');
	t.deepEqual(system.registry.getAll(), []);
});

test('a failed actor leaves the registry', async t => {
	const {system, log} = useSystem(t);
	class Fragile extends Actor {
		override onReceive(): never {
			throw new Error('broken');
		}
	}

	const ref = system.start(Fragile);
	ref.tell('anything');
	await log.nextError();
	t.deepEqual(system.registry.getAll(), []);
	t.is(system.registry.getByUrn(ref.actorUrn), undefined);
});

test('unregister removes an actor, which runs on; register adds it back at the end', async t => {
	const {system} = useSystem(t);
	const dog = system.start(Dog);
	const cat = system.start(Cat);
	system.registry.unregister(dog);
	t.deepEqual(system.registry.getAll(), [cat]);
	t.true(dog.isAlive());
	t.deepEqual(await dog.ask('still here'), ['still here']);
	system.registry.unregister(dog);
	t.deepEqual(system.registry.getAll(), [cat]);
	system.registry.register(dog);
	system.registry.register(dog);
	t.deepEqual(system.registry.getAll(), [cat, dog]);
});

test('an unregistered actor is left out of broadcast and stopAll', async t => {
	const {system} = useSystem(t);
	const dog = system.start(Dog);
	system.registry.unregister(dog);
	system.registry.broadcast('ignored');
	t.deepEqual(await system.stopAll(), []);
	t.true(dog.isAlive());
	t.deepEqual(await dog.ask('direct'), ['direct']);
	t.true(await dog.stop());
});

test('register ignores a dead actor', async t => {
	const {system} = useSystem(t);
	const dog: ActorRef<Dog> = system.start(Dog);
	await dog.stop();
	system.registry.register(dog);
	t.deepEqual(system.registry.getAll(), []);
});
