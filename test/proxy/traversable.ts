import {inspect} from 'node:util';
import test from 'ava';
import {Actor, ActorDeadError, Future, traversable} from 'pykka';
import {flush, useSystem} from '../helpers/index.js';

class Engine {
	running = false;
	readonly log: string[];

	constructor(log: string[]) {
		this.log = log;
	}

	start(): string {
		this.log.push('engine start');
		this.running = true;
		return 'vroom';
	}

	async warmUp(gate: Future<void>, begun: Future<void>): Promise<string> {
		begun.set();
		await gate;
		this.log.push('engine warm');
		return 'warm';
	}

	/** Named like Actor's own `stop`; the engine is no actor, so its proxy must expose it. */
	stop(): string {
		this.running = false;
		return 'stopped';
	}

	onStart(): string {
		return 'engine onStart';
	}
}

class Car extends Actor {
	readonly log: string[] = [];
	readonly engine = traversable(new Engine(this.log));
	readonly dashboard = traversable({
		speed: 0,
		lights: traversable({
			on: false,
			toggle(): boolean {
				this.on = !this.on;
				return this.on;
			},
		}),
		accelerate(by: number): number {
			this.speed += by;
			return this.speed;
		},
	});

	readonly plainObject = {wheels: 4};

	honk(): string {
		this.log.push('honk');
		return 'honk';
	}
}

test('a traversable attribute gives a nested proxy whose calls run inside the actor', async t => {
	const {system} = useSystem(t);
	const car = system.startProxy(Car);
	const started = car.engine.start();
	t.true(started instanceof Future);
	t.is(await started, 'vroom');
	t.true(await car.engine.running);
	t.deepEqual(await car.log, ['engine start']);
});

test('calls on a nested proxy are handled in order with the actor\'s other messages', async t => {
	const {system} = useSystem(t);
	const car = system.startProxy(Car);
	const gate = new Future<void>();
	const begun = new Future<void>();
	const warm = car.engine.warmUp(gate, begun);
	const honk = car.honk();
	await begun;
	await flush(system);
	t.false(honk.settled);
	gate.set();
	t.deepEqual(await Promise.all([warm, honk]), ['warm', 'honk']);
	t.deepEqual(await car.log, ['engine warm', 'honk']);
});

test('nested fields read as futures of their values', async t => {
	const {system} = useSystem(t);
	const car = system.startProxy(Car);
	t.is(await car.dashboard.speed, 0);
	t.is(await car.dashboard.accelerate(30), 30);
	t.is(await car.dashboard.speed, 30);
});

test('traversable attributes nest', async t => {
	const {system} = useSystem(t);
	const car = system.startProxy(Car);
	t.true(await car.dashboard.lights.toggle());
	t.true(await car.dashboard.lights.on);
	t.false(await car.dashboard.lights.toggle());
});

test('writing a nested field applies it inside the actor', async t => {
	const {system} = useSystem(t);
	const car = system.startProxy(Car);
	(car.dashboard as unknown as {speed: number}).speed = 88;
	t.is(await car.dashboard.speed, 88);
});

test('a nested proxy is the same object each time, and has the actor\'s ref', t => {
	const {system} = useSystem(t);
	const car = system.startProxy(Car);
	t.is(car.engine, car.engine);
	t.is(car.dashboard.lights, car.dashboard.lights);
	t.is(car.engine.actorRef, car.actorRef);
	t.is(car.dashboard.lights.actorRef, car.actorRef);
});

test('a nested proxy prints the actor and the attribute path', t => {
	const {system} = useSystem(t);
	const car = system.startProxy(Car);
	const expected = `ActorProxy for ${String(car.actorRef)}, attribute path dashboard.lights`;
	t.is(String(car.dashboard.lights), expected);
	t.is(inspect(car.dashboard.lights), expected);
});

test('an unknown member of a nested proxy throws a TypeError naming it', t => {
	const {system} = useSystem(t);
	const car = system.startProxy(Car);
	t.throws(() => (car.engine as unknown as Record<string, unknown>)['turbo'], {
		instanceOf: TypeError,
		message: `ActorProxy for ${String(car.actorRef)}, attribute path engine has no member \`turbo\``,
	});
});

test('a traversable attribute\'s members named like Actor\'s own are exposed', async t => {
	const {system} = useSystem(t);
	const car = system.startProxy(Car);
	await car.engine.start();
	t.is(await car.engine.stop(), 'stopped');
	t.is(await car.engine.onStart(), 'engine onStart');
	t.false(await car.engine.running);
});

test('an object not marked traversable reads as a field, not a nested proxy', async t => {
	const {system} = useSystem(t);
	const car = system.startProxy(Car);
	const object = car.plainObject;
	t.true(object instanceof Future);
	t.deepEqual(await object, {wheels: 4});
});

test('calls on a dead actor\'s nested proxy reject with ActorDeadError', async t => {
	const {system} = useSystem(t);
	const car = system.startProxy(Car);
	const {engine} = car;
	await car.actorRef.stop();
	await t.throwsAsync(engine.start(), {instanceOf: ActorDeadError});
	await t.throwsAsync(car.dashboard.speed, {instanceOf: ActorDeadError});
});

test('traversable gives the same object back, marked', t => {
	const object = {a: 1};
	t.is<object, object>(traversable(object), object);
	t.is<object, object>(traversable(traversable(object)), object);
	t.deepEqual(Object.keys(object), ['a']);
});

test('traversable throws a TypeError for a primitive', t => {
	for (const value of [null, undefined, 1, 'text', true]) {
		t.throws(() => traversable(value as unknown as object), {instanceOf: TypeError, message: /^Expected `object` to be an object or a class, got /});
	}
});

test('traversable of a class makes every instance of it traversable (Pykka\'s class-level marker)', async t => {
	const {system} = useSystem(t);
	const Engine = traversable(class Engine {
		rpm = 0;

		rev(by: number): number {
			this.rpm += by;
			return this.rpm;
		}
	});

	class Car extends Actor {
		engine = new Engine();
		spare = new Engine();
	}

	const car = system.startProxy(Car);
	t.is(await car.engine.rev(100), 100);
	t.is(await car.spare.rev(5), 5);
	t.is(await car.engine.rpm, 100);
	t.is(car.engine.actorRef, car.actorRef);
});
