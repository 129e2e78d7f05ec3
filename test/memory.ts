import process from 'node:process';
import test from 'ava';
import {Actor, Down, Future, getAll, receive, reply, watch, type ActorRef, type ActorSystem} from 'pykka';
import {turn, useSystem} from './helpers/index.js';

function collectGarbage(): void {
	const {gc} = globalThis;
	if (gc === undefined) {
		throw new Error('Run with --expose-gc (ava does, through its nodeArguments)');
	}

	gc();
}

/**
 * Collects garbage until `done()` or `rounds` tries. FinalizationRegistry
 * callbacks run in a later task, so each round lets the event loop turn.
 */
async function collectUntil(done: () => boolean, rounds = 10): Promise<void> {
	for (let round = 0; round < rounds && !done(); round++) {
		collectGarbage();
		await turn();
	}
}

async function heapAfterGc(): Promise<number> {
	for (let round = 0; round < 3; round++) {
		collectGarbage();
		await turn();
	}

	return process.memoryUsage().heapUsed;
}

const mb = 1024 * 1024;

type Finalized = {refs: number; instances: number};

class Tracked extends Actor {
	static registry: FinalizationRegistry<string> | undefined;
	value = 0;

	constructor() {
		super();
		Tracked.registry?.register(this, 'instance');
	}

	add(n: number): number {
		this.value += n;
		return this.value;
	}
}

function * echo() {
	for (;;) {
		yield * reply(yield * receive());
	}
}

/**
 * Starts `count` spawned and `count` class actors, talks to each once, stops
 * them all, and keeps nothing: only the FinalizationRegistry knows them.
 */
async function startAndStop(system: ActorSystem, count: number, registry: FinalizationRegistry<string>): Promise<void> {
	const refs = [];
	const answers = [];
	for (let index = 0; index < count; index++) {
		const spawned = system.spawn(echo);
		const started = system.start(Tracked);
		registry.register(spawned, 'ref');
		registry.register(started, 'ref');
		answers.push(spawned.ask(index), started.proxy().add(index));
		refs.push(spawned, started);
	}

	await Promise.all(answers);
	await Promise.all(refs.map(async ref => ref.stop()));
}

test.serial('10,000 started and stopped actors are all collected', async t => {
	const {system} = useSystem(t);
	const finalized: Finalized = {refs: 0, instances: 0};
	const registry = new FinalizationRegistry<string>(what => {
		if (what === 'ref') {
			finalized.refs++;
		} else {
			finalized.instances++;
		}
	});
	Tracked.registry = registry;
	try {
		await startAndStop(system, 5000, registry);
	} finally {
		Tracked.registry = undefined;
	}

	t.is(system.registry.size, 0);
	await collectUntil(() => finalized.refs === 10_000 && finalized.instances === 5000);
	t.log(`finalized: ${finalized.refs} of 10,000 refs, ${finalized.instances} of 5,000 class instances`);
	// All of them: a stopped actor is reachable from nothing the system keeps.
	t.is(finalized.refs, 10_000);
	t.is(finalized.instances, 5000);
});

type Message = {readonly seq: number; readonly body: string};

/**
 * Sends `count` messages in batches of 10,000: every hundredth with `ask`,
 * the rest with `tell`; waits for a batch's asks (so for the batch) before
 * the next.
 */
async function sendInBatches(count: number, ask: (message: Message) => PromiseLike<unknown>, tell: (message: Message) => void): Promise<void> {
	for (let sent = 0; sent < count; sent += 10_000) {
		const answers = [];
		for (let index = sent; index < sent + 10_000; index++) {
			const message = {seq: index, body: `message number ${index}`};
			if (index % 100 === 0) {
				answers.push(ask(message));
			} else {
				tell(message);
			}
		}

		await Promise.all(answers);
	}
}

test.serial('an actor that handled 1,000,000 messages keeps no memory for them', async t => {
	const {system} = useSystem(t);
	const counter = system.spawn<Message, number>(function * counter() {
		let total = 0;
		for (;;) {
			const message = yield * receive<Message>();
			total += message.body.length;
			yield * reply(total);
		}
	});

	const send = async (count: number): Promise<void> => sendInBatches(count, message => counter.ask(message), message => {
		counter.tell(message);
	});

	await send(20_000); // Warm up: compile the paths, grow the arrays once.
	const before = await heapAfterGc();
	await send(1_000_000);
	const after = await heapAfterGc();
	const growth = (after - before) / mb;
	t.log(`heap after GC: ${(before / mb).toFixed(1)} MB before, ${(after / mb).toFixed(1)} MB after 1,000,000 messages (${growth.toFixed(2)} MB growth)`);
	// A message here is an object and a string of some 25 characters: 50 to
	// 100 bytes on the heap. Keeping 1,000,000 of them (and the futures of the
	// asks) would cost 50 MB or more; 10 MB is far below that. (A mailbox made
	// to keep one message in five grew the heap by 20 MB here.)
	t.true(growth < 10, `the heap grew by ${growth.toFixed(2)} MB`);
	t.true(counter.isAlive());
});

test.serial('a class actor that handled 1,000,000 proxy calls keeps no memory for them', async t => {
	const {system} = useSystem(t);
	class Summer extends Actor {
		total = 0;

		add(message: Message): number {
			this.total += message.body.length;
			return this.total;
		}
	}

	const summer = system.startProxy(Summer);
	const send = async (count: number): Promise<void> => sendInBatches(count, message => summer.add(message), message => {
		summer.add.defer(message);
	});

	await send(20_000);
	const before = await heapAfterGc();
	await send(1_000_000);
	const after = await heapAfterGc();
	const growth = (after - before) / mb;
	t.log(`heap after GC: ${(before / mb).toFixed(1)} MB before, ${(after / mb).toFixed(1)} MB after 1,000,000 proxy calls (${growth.toFixed(2)} MB growth)`);
	// As above: retaining the calls (message, ProxyMessage, future) would cost well over 50 MB.
	t.true(growth < 10, `the heap grew by ${growth.toFixed(2)} MB`);
	t.true(summer.actorRef.isAlive());
});

/** Polls `pending` `count` times in batches of 10,000, each poll a wait that times out at once. */
async function poll(count: number, once: () => PromiseLike<unknown>): Promise<void> {
	for (let done = 0; done < count; done += 10_000) {
		const polls = [];
		for (let index = 0; index < 10_000; index++) {
			polls.push(once());
		}

		const outcomes = await Promise.allSettled(polls);
		if (outcomes.some(outcome => outcome.status !== 'rejected' || (outcome.reason as Error).name !== 'TimeoutError')) {
			throw new Error('a poll did not time out');
		}
	}
}

for (const [kind, once] of [
	['get({timeout})', (pending: Future<number>) => pending.get({timeout: 0})],
	['getAll(…, {timeout})', (pending: Future<number>) => getAll([pending, Future.from(1)], {timeout: 0})],
	['join(…).get({timeout})', (pending: Future<number>) => pending.join(Future.from(1)).get({timeout: 0})],
] as const) {
	test.serial(`200,000 polls of one pending future with ${kind} that time out leave nothing attached to it`, async t => {
		const pending = new Future<number>();
		await poll(10_000, () => once(pending));
		const before = await heapAfterGc();
		await poll(200_000, () => once(pending));
		const after = await heapAfterGc();
		const growth = (after - before) / mb;
		t.log(`heap after GC: ${(before / mb).toFixed(1)} MB before, ${(after / mb).toFixed(1)} MB after (${growth.toFixed(2)} MB growth)`);
		// A listener left behind per poll (an object, its closure or part, a
		// timer's state) costs 100 bytes or more: 20 MB for 200,000. 4 MB is far below.
		t.true(growth < 4, `the heap grew by ${growth.toFixed(2)} MB`);
		pending.set(1);
		t.is(await pending, 1);
	});
}

test.serial('100,000 actors stopped while waiting on one pending future are all collected while it stays pending', async t => {
	const {system} = useSystem(t);
	const pending = new Future<string>();
	let finalized = 0;
	const registry = new FinalizationRegistry<string>(() => {
		finalized++;
	});
	const count = 100_000;
	const waiting = new Future<void>();
	let started = 0;
	await (async () => {
		const stops = [];
		for (let index = 0; index < count; index++) {
			const ref = system.spawn(function * waiter() {
				// Held only by this generator's frame.
				const local = {index};
				registry.register(local, 'generator');
				started++;
				if (started === count) {
					waiting.set();
				}

				yield * pending;
				return local;
			});
			registry.register(ref, 'ref');
			stops.push(ref);
		}

		await waiting;
		await Promise.all(stops.map(async ref => ref.stop()));
	})();
	t.is(system.registry.size, 0);
	await collectUntil(() => finalized === 2 * count, 40);
	t.log(`finalized: ${finalized} of ${2 * count} (refs and generator frames)`);
	t.is(finalized, 2 * count);
	t.false(pending.settled);
	pending.set('too late');
});

test.serial('10,000 watchers that stop are all collected while the actor they watched lives on; so are 10,000 watched actors that die', async t => {
	const {system} = useSystem(t);
	let finalized = 0;
	const kinds: Record<string, number> = {};
	const registry = new FinalizationRegistry<string>(kind => {
		finalized++;
		kinds[kind] = (kinds[kind] ?? 0) + 1;
	});
	const lasting = system.spawn(function * lasting() {
		for (;;) {
			yield * receive();
		}
	});
	const count = 10_000;
	await (async () => {
		const watchers = [];
		for (let index = 0; index < count; index++) {
			const watcher = system.spawn(function * watcher() {
				yield * watch(lasting);
				yield * receive();
			});
			registry.register(watcher, 'watcher');
			watchers.push(watcher);
		}

		await turn();
		await Promise.all(watchers.map(async watcher => watcher.stop()));
		// The other way round: a watcher that lives on, watching actors that die.
		const watched: Array<ActorRef<unknown>> = [];
		for (let index = 0; index < count; index++) {
			const ref = system.spawn(function * short() {
				yield * receive();
			});
			registry.register(ref, 'watched');
			watched.push(ref);
		}

		// Told whom to watch, so that it holds no list of them itself.
		const observer = system.spawn(function * observer() {
			for (;;) {
				const message = yield * receive<ActorRef<unknown> | 'sync'>();
				if (message === 'sync') {
					yield * reply('synced');
				} else if (!(message instanceof Down)) {
					yield * watch(message);
				}
			}
		});
		for (const ref of watched) {
			observer.tell(ref);
		}

		await observer.ask('sync');
		await Promise.all(watched.map(async ref => ref.stop()));
		// Its Downs taken, the observer holds none of them.
		await observer.ask('sync');
	})();
	await collectUntil(() => finalized === 2 * count, 40);
	t.log(`finalized: ${finalized} of ${2 * count} (${JSON.stringify(kinds)})`);
	// A leak through death watch would keep thousands (every watcher, or every
	// watched actor). In about half of the runs the very last watched actor is
	// still reachable when the collections end, from nothing this test or the
	// runtime keeps that could be found: at most one is let through.
	t.is(kinds['watcher'], count);
	t.true(count - (kinds['watched'] ?? 0) <= 1, `${count - (kinds['watched'] ?? 0)} watched actors were not collected`);
	t.true(lasting.isAlive());
});
