/**
 * Run as a child process by test/scheduler.ts: its main code ends while
 * actors are alive but idle, each in a different kind of wait. With nothing
 * runnable the runtime must hold no handle, so the process exits by itself
 * with code 0.
 */
import process from 'node:process';
import {call, createSystem, deferReply, Future, getAll, receive, reply, spawn} from 'pykka';

const system = createSystem();

// Waiting in receive.
const echo = system.spawn<string, string>(function * IdleEcho() {
	for (;;) {
		yield * reply(yield * receive<string>());
	}
});

// Waiting in a selective receive with others queued.
const picky = system.spawn(function * Picky() {
	yield * receive({match: message => message === 'never sent'});
});
picky.tell('not wanted');

// Waiting on a user-made future that nobody settles.
system.spawn(function * Hopeful() {
	yield * new Future<never>();
});

// Waiting on a call whose answer was deferred and is never given.
const owing = system.spawn(function * Owing() {
	for (;;) {
		yield * receive();
		yield * deferReply();
	}
});
system.spawn(function * Caller() {
	yield * call(owing, 'answer me');
});

// An actor of the default system, waiting in receive.
const defaultEcho = spawn<string, string>(function * DefaultEcho() {
	for (;;) {
		yield * reply(yield * receive<string>());
	}
});

// Timed waits that ended in time must leave no timer behind: each of these
// would otherwise keep the process alive for ten minutes.
const tenMinutes = 600_000;
const patient = system.spawn<string, string>(function * Patient() {
	for (;;) {
		yield * reply(yield * receive<string>({timeout: tenMinutes}));
		yield * reply(yield * receive<string>());
	}
});
const stoppable = system.spawn(function * Stoppable() {
	yield * receive();
});

const answers = [
	await echo.ask('ping', {timeout: tenMinutes}),
	await defaultEcho.ask('pong').get({timeout: tenMinutes}),
	await patient.ask('in time'),
	await getAll([echo.ask('all')], {timeout: tenMinutes}),
];
await stoppable.stop({timeout: tenMinutes});
process.stdout.write(`${answers.join(' ')}; alive: ${system.registry.size + 1}\n`);
