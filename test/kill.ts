/**
 * kill: stop at once, without handling queued messages; killAll after a stopAll that timed out.
 */
import test from 'ava';
import {Actor, ActorDeadError, Future, receive, sleep, TimeoutError} from 'pykka';
import {useKit} from './helpers/index.js';
import {runScript} from './helpers/process.js';

test('kill cuts a spawned behaviour short where it is suspended: its finally runs, queued asks reject, watchers hear killed', async t => {
	const kit = useKit(t);
	const log: string[] = [];
	const ref = kit.spawn(function * sleeper() {
		try {
			for (;;) {
				log.push(String(yield * receive()));
				yield * sleep(60_000);
			}
		} finally {
			log.push('finally');
		}
	});
	ref.tell('first');
	const queued = ref.ask('queued');
	await kit.runUntilIdle();
	const killed = ref.kill();
	await kit.runUntilIdle();
	t.true(await killed);
	await t.throwsAsync(queued, {instanceOf: ActorDeadError});
	t.deepEqual(log, ['first', 'finally']);
	t.deepEqual(await ref.whenStopped(), {reason: 'killed'});
	t.false(await ref.kill());
	t.is(kit.clock.pending, 0);
});

test('a class actor killed in the middle of an async handler finishes the synchronous step in hand only, then runs onStop', async t => {
	const kit = useKit(t);
	const log: string[] = [];
	const gate = new Future<void>();
	class Busy extends Actor {
		async work(): Promise<string> {
			log.push('work begins');
			await gate;
			log.push('work ends');
			return 'done';
		}

		override onReceive(message: string): void {
			log.push(`handled ${message}`);
		}

		override onStop(): void {
			log.push('onStop');
		}
	}

	const proxy = kit.startProxy(Busy);
	const working = proxy.work();
	proxy.actorRef.tell('never handled');
	await kit.runUntilIdle();
	t.true(await proxy.actorRef.kill());
	await t.throwsAsync(working, {instanceOf: ActorDeadError});
	gate.set();
	await kit.runUntilIdle();
	t.deepEqual(log.slice(0, 2), ['work begins', 'onStop']);
	t.false(log.includes('handled never handled'));
});

test('stopAll that times out on an actor that will not stop, then killAll', async t => {
	const kit = useKit(t);
	class Stubborn extends Actor {
		async work(): Promise<void> {
			// A class actor finishes the message in hand: this one never does.
			await new Future<void>();
		}
	}

	const stubborn = kit.start(Stubborn);
	void stubborn.proxy().work();
	const idle = kit.spawn(function * idle() {
		for (;;) {
			yield * receive();
		}
	});
	const stopping = kit.system.stopAll({timeout: 1000});
	await kit.advance(1000);
	await t.throwsAsync(stopping, {instanceOf: TimeoutError});
	t.false(idle.isAlive());
	t.true(stubborn.isAlive());
	const killed = kit.system.killAll();
	await kit.runUntilIdle();
	t.deepEqual(await killed, [true]);
	t.deepEqual(await stubborn.whenStopped(), {reason: 'killed'});
	t.is(kit.system.registry.size, 0);
});

test('a process whose actors were all killed exits', async t => {
	const run = await runScript('test/helpers/killed-process.ts');
	t.is(run.stderr, '');
	t.is(run.stdout, 'killed: true, true\n');
	t.is(run.code, 0);
});
