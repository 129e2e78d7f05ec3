import test from 'ava';
import {Actor, ActorDeadError, Future, traversable} from 'pykka';
import {flush, useSystem} from '../helpers/index.js';

class Journal extends Actor {
	readonly entries: string[] = [];
	readonly #hooks: string[];
	readonly notebook = traversable({
		notes: [] as string[],
		note(text: string): void {
			this.notes.push(text);
		},
	});

	constructor(hooks: string[] = []) {
		super();
		this.#hooks = hooks;
	}

	write(entry: string): number {
		this.entries.push(entry);
		return this.entries.length;
	}

	async writeLater(entry: string, gate: Future<void>, begun: Future<void>): Promise<void> {
		begun.set();
		await gate;
		this.entries.push(entry);
	}

	fail(reason: string): never {
		throw new Error(reason);
	}

	override onFailure(error: unknown): void {
		this.#hooks.push(`onFailure: ${(error as Error).message}`);
	}

	override onStop(): void {
		this.#hooks.push('onStop');
	}
}

test('defer sends the call and returns nothing', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Journal);
	t.is(proxy.write.defer('a'), undefined);
	t.deepEqual(await proxy.entries, ['a']);
});

test('deferred calls are handled in order with the other messages', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Journal);
	proxy.write.defer('a');
	const second = proxy.write('b');
	proxy.write.defer('c');
	t.is(await second, 2);
	t.deepEqual(await proxy.entries, ['a', 'b', 'c']);
});

test('a deferred async method holds the actor until it has finished', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Journal);
	const gate = new Future<void>();
	const begun = new Future<void>();
	proxy.writeLater.defer('late', gate, begun);
	const next = proxy.write('next');
	await begun;
	await flush(system);
	t.false(next.settled);
	gate.set();
	t.is(await next, 2);
	t.deepEqual(await proxy.entries, ['late', 'next']);
});

test('an error in a deferred call is logged, runs onFailure, and kills the actor without onStop', async t => {
	const {system, log} = useSystem(t);
	const hooks: string[] = [];
	const proxy = system.startProxy(Journal, hooks);
	proxy.fail.defer('deferred failure');
	const {message, error} = await log.nextError();
	t.is(message, `${String(proxy.actorRef)} failed:`);
	t.is((error as Error).message, 'deferred failure');
	await t.throwsAsync(proxy.write('after'), {instanceOf: ActorDeadError});
	t.deepEqual(hooks, ['onFailure: deferred failure']);
	t.false(proxy.actorRef.isAlive());
});

test('defer on a dead actor\'s proxy throws ActorDeadError', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Journal);
	await proxy.actorRef.stop();
	t.throws(() => {
		proxy.write.defer('late');
	}, {instanceOf: ActorDeadError, message: `${String(proxy.actorRef)} is not alive`});
});

test('defer works on the methods of a traversable attribute', async t => {
	const {system} = useSystem(t);
	const proxy = system.startProxy(Journal);
	proxy.notebook.note.defer('first');
	proxy.notebook.note.defer('second');
	t.deepEqual(await proxy.notebook.notes, ['first', 'second']);
});
