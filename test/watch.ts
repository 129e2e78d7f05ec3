/**
 * Death watch: `whenStopped`, `watch`/`unwatch` and `Down`, in virtual time.
 */
import test from 'ava';
import {Actor, Down, receive, unwatch, watch, type ActorRef, type Exit, type Handles, type Receives} from 'pykka';
import {useKit} from './helpers/index.js';

function * idle() {
	for (;;) {
		yield * receive();
	}
}

function * failsOn(word: string) {
	for (;;) {
		if ((yield * receive()) === word) {
			throw new Error(`failed on ${word}`);
		}
	}
}

const isDown = (message: unknown): message is Down => message instanceof Down;

/** Watches `target`, and forwards every Down it gets to `to`. */
function * watcher(target: ActorRef, to: ActorRef<Receives<Down, unknown>>): Handles<unknown> {
	yield * watch(target);
	for (;;) {
		to.tell(yield * receive({match: isDown}));
	}
}

test('whenStopped settles with how the actor ended: stopped, failed or killed; at once for a dead actor; never rejects', async t => {
	const kit = useKit(t);
	const stopped = kit.spawn(idle);
	const failed = kit.spawn(failsOn, {args: ['boom']});
	const killed = kit.spawn(idle);
	const exits = [stopped.whenStopped(), failed.whenStopped(), killed.whenStopped()];
	await kit.runUntilIdle();
	t.false(exits.some(exit => exit.settled));
	void stopped.stop();
	failed.tell('boom');
	void killed.kill();
	await kit.runUntilIdle();
	const [stoppedExit, failedExit, killedExit] = await Promise.all(exits);
	t.deepEqual(stoppedExit, {reason: 'stopped'});
	t.is(failedExit?.reason, 'failed');
	t.is((failedExit as Exit & {error: Error}).error.message, 'failed on boom');
	t.deepEqual(killedExit, {reason: 'killed'});
	const later = stopped.whenStopped();
	t.true(later.settled);
	t.deepEqual(await later, {reason: 'stopped'});
});

test('a watcher receives one Down with the ref and how it ended, as an ordinary message', async t => {
	const kit = useKit(t);
	const probe = kit.probe<Down>('downs');
	const target = kit.spawn(failsOn, {args: ['boom']});
	kit.spawn(watcher, {args: [target, probe.ref]});
	await kit.runUntilIdle();
	target.tell('boom');
	const down = await probe.expectMessage(isDown);
	t.is(down.ref, target);
	t.is(down.exit.reason, 'failed');
	t.regex(String(down), /^Down\(failsOn \(urn:uuid:[\da-f-]+\): failed\)$/);
	await probe.expectNoMessage({within: 1000});
});

test('watching an actor that is dead already gives its Down at once', async t => {
	const kit = useKit(t);
	const probe = kit.probe<Down>();
	const target = kit.spawn(idle);
	await target.stop();
	kit.spawn(watcher, {args: [target, probe.ref]});
	const down = await probe.expectMessage(isDown);
	t.deepEqual(down.exit, {reason: 'stopped'});
});

test('unwatch undoes a watch: no Down comes, even one already queued', async t => {
	const kit = useKit(t);
	const probe = kit.probe();
	const target = kit.spawn(idle);
	kit.spawn(function * fickle() {
		yield * watch(target);
		yield * receive({match: message => message === 'unwatch now'});
		yield * unwatch(target);
		for (;;) {
			probe.ref.tell(yield * receive());
		}
	});
	await kit.runUntilIdle();
	// The Down is queued behind the watcher's 'unwatch now', and then unwatched.
	await target.stop();
	const [fickle] = kit.system.registry.getByClassName('fickle');
	fickle?.tell('unwatch now');
	fickle?.tell('after');
	await probe.expectMessage('after');
	await probe.expectNoMessage({within: 1000});
	t.deepEqual(probe.received, ['after']);
});

test('a watcher that dies stops watching: the watched actor keeps nothing of it', async t => {
	const kit = useKit(t);
	const target = kit.spawn(idle);
	const probe = kit.probe<Down>();
	const first = kit.spawn(watcher, {args: [target, probe.ref]});
	await kit.runUntilIdle();
	await first.stop();
	kit.spawn(watcher, {args: [target, probe.ref]});
	await kit.runUntilIdle();
	await target.stop();
	await probe.expectMessage(isDown);
	await probe.expectNoMessage({within: 1000});
	t.is(probe.received.length, 1);
});

test('a class actor watches with this.watch and gets Down in onDown, or in onReceive without one', async t => {
	const kit = useKit(t);
	const target = kit.spawn(idle);
	const other = kit.spawn(idle);
	const seen: string[] = [];
	class WithHook extends Actor {
		override onStart(): void {
			this.watch(target);
		}

		onDown(down: Down): void {
			seen.push(`onDown ${down.exit.reason}`);
		}

		override onReceive(message: unknown): void {
			seen.push(`onReceive ${String(message)}`);
		}
	}

	class WithoutHook extends Actor {
		override onStart(): void {
			this.watch(other);
		}

		override onReceive(message: unknown): void {
			seen.push(`plain onReceive ${message instanceof Down ? message.exit.reason : String(message)}`);
		}
	}

	kit.start(WithHook);
	kit.start(WithoutHook);
	await kit.runUntilIdle();
	await target.kill();
	await other.stop();
	await kit.runUntilIdle();
	t.deepEqual(seen.toSorted(), ['onDown killed', 'plain onReceive stopped']);
});
