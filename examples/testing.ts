/**
 * Testing actors in virtual time: a reminder that fires every 15 minutes,
 * tested over two hours of virtual time in milliseconds of real time, with a
 * probe that stands in for the actor it reminds.
 *
 * Run: npx tsx examples/testing.ts
 */
import assert from 'node:assert/strict';
import {receive, type ActorRef, type Handles, type Receives} from 'pykka';
import {createTestKit} from 'pykka/testing';

/** Tells `whom` a reminder every `everyMs` milliseconds, until told 'stop'. */
function * reminder(whom: ActorRef<Receives<string, unknown>>, everyMs: number): Handles<Receives<'stop', void>> {
	for (let count = 1; ; count++) {
		try {
			yield * receive({timeout: everyMs});
			return; // Told to stop.
		} catch {
			whom.tell(`reminder ${count}`);
		}
	}
}

const kit = createTestKit();
const probe = kit.probe<string>('person');
const quarterHour = 15 * 60 * 1000;
const ref = kit.spawn(reminder, {args: [probe.ref, quarterHour]});

await probe.expectNoMessage({within: quarterHour - 1});
await probe.expectMessage('reminder 1', {within: 1});
for (const count of [2, 3, 4]) {
	await probe.expectMessage(`reminder ${count}`, {within: quarterHour});
}

assert.deepEqual(probe.received, ['reminder 1', 'reminder 2', 'reminder 3', 'reminder 4']);
console.log(`after ${kit.clock.now() / 60_000} virtual minutes: ${probe.received.join(', ')}`);

ref.tell('stop');
await kit.runUntilIdle();
console.log(`stopped: ${!ref.isAlive()}`);
await probe.expectNoMessage({within: 60 * 60 * 1000});
console.log(`quiet for the next hour, until ${kit.clock.now() / 60_000} virtual minutes`);
kit.assertNoFailures();
await kit.shutdown();
