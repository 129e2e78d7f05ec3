/**
 * supervisor(): groups of children restarted by Erlang/OTP's strategies, in virtual time.
 */
import test from 'ava';
import {Actor, receive, RestartLimitError, supervisor, type ActorRef, type SupervisorStrategy} from 'pykka';
import type {TestKit} from 'pykka/testing';
import {unchecked, useKit} from './helpers/index.js';

/** A child that records its starts and stops in `log`, and fails on 'fail'. */
function * child(name: string, log: string[]) {
	log.push(`start ${name}`);
	try {
		for (;;) {
			if ((yield * receive()) === 'fail') {
				throw new Error(`${name} failed`);
			}
		}
	} finally {
		log.push(`end ${name}`);
	}
}

function group(kit: TestKit, strategy: SupervisorStrategy, log: string[]) {
	return supervisor(['a', 'b', 'c'].map(name => ({name, behaviour: child, args: [name, log]})), {strategy, system: kit.system, limit: {restarts: 5, withinMs: 1000}});
}

async function childrenOf(kit: TestKit, ref: ReturnType<typeof group>): Promise<ReadonlyArray<ActorRef<unknown>>> {
	const children = ref.ask({type: 'children'});
	await kit.runUntilIdle();
	return children;
}

for (const [strategy, restarted] of [['one-for-one', ['b']], ['one-for-all', ['a', 'b', 'c']], ['rest-for-one', ['b', 'c']]] as const) {
	test(`${strategy}: when b fails, ${restarted.join(', ')} ${restarted.length === 1 ? 'is' : 'are'} restarted, the others keep their refs`, async t => {
		const kit = useKit(t);
		const log: string[] = [];
		const ref = group(kit, strategy, log);
		const before = await childrenOf(kit, ref);
		t.deepEqual(log, ['start a', 'start b', 'start c']);
		log.length = 0;
		before[1]?.tell('fail');
		await kit.runUntilIdle();
		const after = await childrenOf(kit, ref);
		t.is(after.length, 3);
		for (const [index, name] of ['a', 'b', 'c'].entries()) {
			t.is(after[index] === before[index], !restarted.includes(name as never), name);
		}

		// The others to restart stop in reverse start order, then all start again in order.
		const stopped = restarted.filter(name => name !== 'b').toReversed().map(name => `end ${name}`);
		t.deepEqual(log, ['end b', ...stopped, ...restarted.map(name => `start ${name}`)]);
		t.is((await ref.ask({type: 'child', name: 'b'})), after[1]);
	});
}

test('a supervisor stops its children in reverse order when it stops', async t => {
	const kit = useKit(t);
	const log: string[] = [];
	const ref = group(kit, 'one-for-one', log);
	await kit.runUntilIdle();
	t.true(await ref.stop());
	t.deepEqual(log, ['start a', 'start b', 'start c', 'end c', 'end b', 'end a']);
	t.is(kit.system.registry.size, 0);
});

test('past its limit a supervisor fails with RestartLimitError, stopping its children', async t => {
	const kit = useKit(t);
	const log: string[] = [];
	const ref = supervisor([{name: 'a', behaviour: child, args: ['a', log]}], {system: kit.system, limit: {restarts: 2, withinMs: 1000}});
	for (let failure = 0; failure < 3; failure++) {
		const [current] = await childrenOf(kit, ref);
		current?.tell('fail');
		await kit.runUntilIdle();
	}

	const exit = await ref.whenStopped();
	t.is(exit.reason, 'failed');
	t.true((exit as {error: unknown}).error instanceof RestartLimitError);
	t.is(kit.system.registry.size, 0);
});

test('a child that stops (not fails) is not restarted', async t => {
	const kit = useKit(t);
	const log: string[] = [];
	const ref = group(kit, 'one-for-all', log);
	const [a] = await childrenOf(kit, ref);
	await a?.stop();
	await kit.runUntilIdle();
	const after = await childrenOf(kit, ref);
	t.is(after.length, 2);
	t.deepEqual(log, ['start a', 'start b', 'start c', 'end a']);
});

test('class children are started with their arguments', async t => {
	const kit = useKit(t);
	class Named extends Actor {
		readonly label: string;

		constructor(label: string) {
			super();
			this.label = label;
		}
	}

	const ref = supervisor([{name: 'named', actorClass: Named, args: ['hello']}], {system: kit.system});
	const [named] = await childrenOf(kit, ref);
	t.is(await (named as ActorRef<Named>).proxy().label, 'hello');
});

test('supervisor checks its children and options', t => {
	t.throws(() => supervisor([unchecked<never>({name: 'x'})]), {instanceOf: TypeError, message: /^Expected `children\[0]` to have a behaviour or an actorClass \(one of them\)/});
	t.throws(() => supervisor([{name: 'x', behaviour: child}, {name: 'x', behaviour: child}]), {instanceOf: TypeError, message: /^Expected the children's names to differ/});
	t.throws(() => supervisor([], {strategy: 'all-for-none' as never}), {instanceOf: TypeError, message: /^Expected `strategy` to be/});
});
