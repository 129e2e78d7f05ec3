/**
 * Type tests of the runtime layer: checked by `tsc` in `npm test`, never run.
 * A wrong type makes `tsc` fail: either an assertion below stops holding, or a
 * `@ts-expect-error` line starts to compile.
 */
import {
	call, createSystem, deferReply, Future, getAll, receive, reply, self, sleep,
	type ActorRef, type Operation, type Receives, type Reply,
} from 'pykka';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
function expectType<T>(_value: T): void {}

const system = createSystem();

const doubler = system.spawn<number, number>(function * doubler() {
	for (;;) {
		const n = yield * receive<number>();
		expectType<Equal<typeof n, number>>(true);
		yield * reply(n * 2);
	}
});
expectType<Equal<typeof doubler, ActorRef<Receives<number, number>>>>(true);

doubler.tell(1);
// @ts-expect-error: the doubler takes numbers
doubler.tell('one');
const doubled = doubler.ask(2);
expectType<Equal<typeof doubled, Future<number>>>(true);
// @ts-expect-error: the doubler takes numbers
void doubler.ask('two');

function * client(): Operation<string> {
	const answer = yield * call(doubler, 21);
	expectType<Equal<typeof answer, number>>(true);
	// @ts-expect-error: call checks the message against the ref's type
	yield * call(doubler, 'twenty-one');
	const me = yield * self();
	expectType<Equal<typeof me, ActorRef>>(true);
	yield * sleep(1);
	const replied = yield * reply('x');
	expectType<Equal<typeof replied, boolean>>(true);
	const later = yield * deferReply<string>();
	expectType<Equal<typeof later, Reply<string>>>(true);
	const fromPromise = yield * Future.from(Promise.resolve('text'));
	expectType<Equal<typeof fromPromise, string>>(true);
	return `${answer}`;
}

void client;

// @ts-expect-error: a behaviour is a generator function, not a plain one
system.spawn(() => 42);

const withArgs = system.spawn(function * greeter(greeting: string, times: number) {
	yield * receive();
	return greeting.repeat(times);
}, {args: ['hi', 2]});
void withArgs;
function * echoGreeting(greeting: string) {
	yield * receive();
	return greeting;
}

// @ts-expect-error: args must match the behaviour's parameters
system.spawn(echoGreeting, {args: [42]});
// @ts-expect-error: a behaviour with parameters needs its args
system.spawn(echoGreeting);
// @ts-expect-error: a behaviour with parameters needs its args
system.spawn(echoGreeting, {name: 'greeter'});
system.spawn(echoGreeting, {name: 'greeter', args: ['hello']});
function * optionalGreeting(greeting = 'hi') {
	yield * receive();
	return greeting;
}

system.spawn(optionalGreeting);
system.spawn(optionalGreeting, {args: ['hello']});

const a = Future.from(1);
const b = Future.from('two');
expectType<Equal<typeof a, Future<number>>>(true);
expectType<Equal<ReturnType<typeof a.map<string>>, Future<string>>>(true);
const joined = a.join(b);
expectType<Equal<typeof joined, Future<[number, string]>>>(true);
const all = getAll([a, b]);
expectType<Equal<typeof all, Future<[number, string]>>>(true);
const list = Future.from([1, 2, 3]);
const evens = list.filter(n => n % 2 === 0);
expectType<Equal<typeof evens, Future<number[]>>>(true);
const sum = list.reduce((total, n) => total + n);
expectType<Equal<typeof sum, Future<number>>>(true);
const text = list.reduce((total, n) => total + String(n), '');
expectType<Equal<typeof text, Future<string>>>(true);
// @ts-expect-error: filter needs a future of an iterable
a.filter(() => true);
const got: Promise<number> = a.get({timeout: 10});
void got;
