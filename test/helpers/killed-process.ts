/**
 * A program whose actors are killed while busy (a sleep, a pending ask):
 * it must exit by itself, nothing left holding the event loop.
 */
import {createSystem, Future, receive, sleep} from 'pykka';

const system = createSystem();
const sleeper = system.spawn(function * sleeper() {
	yield * receive();
	yield * sleep(60 * 60 * 1000);
});
const waiter = system.spawn(function * waiter() {
	yield * receive();
	yield * new Future<void>();
});
sleeper.tell('go');
waiter.tell('go');
const [first, second] = await Promise.all([sleeper.kill(), waiter.kill()]);
console.log(`killed: ${first}, ${second}`);
