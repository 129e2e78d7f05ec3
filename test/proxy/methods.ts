import test from 'ava';
import {Actor, Future, type ActorProxy} from 'pykka';
import {useSystem} from '../helpers/index.js';

class Calculator extends Actor {
	total = 0;

	add(a: number, b: number): number {
		return a + b;
	}

	accumulate(n: number): number {
		this.total += n;
		return this.total;
	}

	async addLater(a: number, b: number): Promise<number> {
		await Promise.resolve();
		return a + b;
	}

	* addInSteps(a: number, b: number) {
		const first = yield * Future.from(a);
		const second = yield * Future.from(Promise.resolve(b));
		return first + second;
	}

	futureSum(a: number, b: number): Future<number> {
		return Future.from(a + b);
	}

	identity<T>(value: T): T {
		return value;
	}

	nothing(): void {
		this.total += 0;
	}

	readonly double = (n: number): number => n * 2;

	fail(message: string): never {
		throw new RangeError(message);
	}
}

class ScientificCalculator extends Calculator {
	square(n: number): number {
		return this.add(0, n) * n;
	}
}

test('a method call gives a Future of its result at once', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Calculator);
	const sum = proxy.add(1, 2);
	t.true(sum instanceof Future);
	t.is(await sum, 3);
});

test('an async method\'s future gives the awaited value', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Calculator);
	const sum = proxy.addLater(2, 3);
	t.true(sum instanceof Future);
	t.is(await sum, 5);
});

test('a generator method\'s future gives its return value', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Calculator);
	t.is(await proxy.addInSteps(3, 4), 7);
});

test('a method returning a Future gives the future\'s value, not the future', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Calculator);
	t.is(await proxy.futureSum(4, 5), 9);
});

test('a method that returns nothing gives a future of undefined', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Calculator);
	t.is(await proxy.nothing(), undefined);
});

test('arguments and results pass by reference', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Calculator);
	const object = {nested: [1, 2, 3]};
	t.is(await proxy.identity(object), object);
});

test('methods run with this bound to the actor', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Calculator);
	await proxy.accumulate(5);
	t.is(await proxy.accumulate(6), 11);
	t.is(await proxy.total, 11);
});

test('calls from one caller are handled in the order sent', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Calculator);
	const totals = [1, 2, 3, 4, 5].map(n => proxy.accumulate(n));
	t.deepEqual(await Promise.all(totals), [1, 3, 6, 10, 15]);
});

test('an error thrown by a method rejects its future, and the actor lives on', async t => {
	const {system, log} = useSystem(t);
	const proxy = system.startProxy(Calculator);
	await t.throwsAsync(proxy.fail('no'), {instanceOf: RangeError, message: 'no'});
	t.is(await proxy.add(1, 1), 2);
	t.deepEqual(log.errors, []);
});

test('inherited methods are exposed, and subclass methods too', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(ScientificCalculator);
	t.is(await proxy.add(2, 2), 4);
	t.is(await proxy.square(3), 9);
});

test('a function-valued field is exposed as a method', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Calculator);
	t.is(await proxy.double(21), 42);
});

test('a method seen through the proxy is the same function each time', t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Calculator);
	t.is(proxy.add, proxy.add);
	t.is(typeof proxy.add.defer, 'function');
});

test('a generator method can wait on another actor\'s proxy with yield*', async t => {
	const {system} = useSystem(t);
	class Delegator extends Actor {
		readonly #calculator: ActorProxy<Calculator>;

		constructor(calculator: ActorProxy<Calculator>) {
			super();
			this.#calculator = calculator;
		}

		* sumOfSums(pairs: Array<[number, number]>) {
			let total = 0;
			for (const [a, b] of pairs) {
				total += yield * this.#calculator.add(a, b);
			}

			return total;
		}
	}

	const calculator = system.startProxy(Calculator);
	const delegator = system.startProxy(Delegator, calculator);
	t.is(await delegator.sumOfSums([[1, 2], [3, 4], [5, 6]]), 21);
});

test('a generator method sees another actor\'s error thrown at its yield*', async t => {
	const {system} = useSystem(t);
	class Catcher extends Actor {
		readonly #calculator: ActorProxy<Calculator>;

		constructor(calculator: ActorProxy<Calculator>) {
			super();
			this.#calculator = calculator;
		}

		* tryIt() {
			try {
				yield * this.#calculator.fail('inner');
				return 'no error';
			} catch (error) {
				return `caught ${String(error)}`;
			}
		}
	}

	const calculator = system.startProxy(Calculator);
	const catcher = system.startProxy(Catcher, calculator);
	t.is(await catcher.tryIt(), 'caught RangeError: inner');
});

test('an async method can await another actor\'s proxy call', async t => {
	const {system} = useSystem(t);
	class AsyncDelegator extends Actor {
		readonly #calculator: ActorProxy<Calculator>;

		constructor(calculator: ActorProxy<Calculator>) {
			super();
			this.#calculator = calculator;
		}

		async addTwice(n: number): Promise<number> {
			const once = await this.#calculator.add(n, n);
			return this.#calculator.add(once, once);
		}
	}

	const calculator = system.startProxy(Calculator);
	const delegator = system.startProxy(AsyncDelegator, calculator);
	t.is(await delegator.addTwice(3), 12);
});
