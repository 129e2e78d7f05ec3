/**
 * Type tests of typed protocols: checked by `tsc` in `npm test`, never run.
 * A wrong type makes `tsc` fail: either an assertion below stops holding, or a
 * `@ts-expect-error` line starts to compile.
 */
import {
	call, createSystem, receive, reply, self, type spawn,
	type ActorRef, type CallEffect, type Future, type Handles, type Protocol, type Receives, type Replies,
	type AskOptions, type GetOptions, type SpawnOptions, type StopOptions,
} from 'pykka';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
function expectType<T>(_value: T): void {}

const system = createSystem();

// spawn infers the ref's type from the behaviour (`Handles<A>`) and `args` from its parameters.

function * counter(start: number, step: number): Handles<Receives<'next', number>> {
	let count = start;
	for (;;) {
		yield * receive<'next'>();
		count += step;
		yield * reply(count);
	}
}

const counterRef = system.spawn(counter, {args: [10, 2]});
expectType<Equal<typeof counterRef, ActorRef<Receives<'next', number>>>>(true);
expectType<Equal<typeof counterRef extends ActorRef<infer A> ? A : never, Receives<'next', number>>>(true);
expectType<Equal<ReturnType<typeof counterRef.ask<'next'>>, Future<number>>>(true);
// @ts-expect-error: args must match the behaviour's parameters
system.spawn(counter, {args: [10, 'two']});
// @ts-expect-error: a behaviour that takes arguments needs them
system.spawn(counter);
// @ts-expect-error: the counter takes 'next' only
counterRef.tell('previous');
expectType<Equal<typeof spawn, typeof system.spawn>>(true);

// A behaviour without `Handles` gives an untyped ref; the old explicit form still works.
const untyped = system.spawn(function * anything() {
	yield * receive();
});
expectType<Equal<typeof untyped, ActorRef<unknown>>>(true);
const explicit = system.spawn<string, number>(function * lengths() {
	for (;;) {
		yield * reply((yield * receive<string>()).length);
	}
});
expectType<Equal<typeof explicit, ActorRef<Receives<string, number>>>>(true);

// A reply type per message type: ask and call give the reply of the message sent.

type Deposit = {type: 'deposit'; amount: number};
type Balance = {type: 'balance'};
type Close = {type: 'close'};
type AccountProtocol = Protocol<Replies<Deposit, number> | Replies<Balance, number> | Replies<Close, 'closed'>>;

function * account(): Handles<AccountProtocol> {
	let balance = 0;
	for (;;) {
		const message = yield * receive<Deposit | Balance | Close>();
		switch (message.type) {
			case 'deposit': {
				balance += message.amount;
				yield * reply(balance);
				break;
			}

			case 'balance': {
				yield * reply(balance);
				break;
			}

			case 'close': {
				yield * reply('closed');
				return;
			}
		}
	}
}

const accountRef = system.spawn(account);
expectType<Equal<typeof accountRef, ActorRef<AccountProtocol>>>(true);
const afterDeposit = accountRef.ask({type: 'deposit', amount: 5});
expectType<Equal<typeof afterDeposit, Future<number>>>(true);
const closed = accountRef.ask({type: 'close'});
expectType<Equal<typeof closed, Future<'closed'>>>(true);
// @ts-expect-error: a message the actor does not accept does not compile
accountRef.ask({type: 'withdraw', amount: 5});
// @ts-expect-error: nor a message missing a field
accountRef.tell({type: 'deposit'});
declare const either: Balance | Close;
const eitherReply = accountRef.ask(either);
expectType<Equal<typeof eitherReply, Future<number | 'closed'>>>(true);

function * auditor(target: ActorRef<AccountProtocol>): Handles<Receives<'audit', string>> {
	for (;;) {
		yield * receive<'audit'>();
		const effect = call(target, {type: 'balance'});
		expectType<Equal<typeof effect, CallEffect<number>>>(true);
		const balance = yield * effect;
		expectType<Equal<typeof balance, number>>(true);
		const bye = yield * call(target, {type: 'close'});
		expectType<Equal<typeof bye, 'closed'>>(true);
		// @ts-expect-error: call checks the message against the protocol too
		yield * call(target, {type: 'overdraft'});
		yield * reply(`balance ${balance}`);
	}
}

system.spawn(auditor, {args: [accountRef]});

// self<A>() gives a typed ref.

function * selfish(): Handles<Receives<number, number>> {
	const me = yield * self<Receives<number, number>>();
	expectType<Equal<typeof me, ActorRef<Receives<number, number>>>>(true);
	const untypedMe = yield * self();
	expectType<Equal<typeof untypedMe, ActorRef>>(true);
}

system.spawn(selfish);

// A receive with a type guard as its predicate gives the guarded type.

type Ping = {kind: 'ping'};
const isPing = (message: unknown): message is Ping => typeof message === 'object' && message !== null && (message as {kind?: unknown}).kind === 'ping';

function * picky(): Handles<unknown> {
	const ping = yield * receive({match: isPing});
	expectType<Equal<typeof ping, Ping>>(true);
	const withTimeout = yield * receive({match: isPing, timeout: 10});
	expectType<Equal<typeof withTimeout, Ping>>(true);
	const anyMessage = yield * receive({match: message => typeof message === 'string' && message.length > 2});
	expectType<Equal<typeof anyMessage, unknown>>(true);
}

system.spawn(picky);

// Option types accept `undefined` explicitly (for exactOptionalPropertyTypes, which this project's tsconfig sets).

declare const maybeTimeout: number | undefined;
declare const maybeName: string | undefined;
const askOptions: AskOptions = {timeout: maybeTimeout};
const getOptions: GetOptions = {timeout: maybeTimeout};
const stopOptions: StopOptions = {timeout: maybeTimeout};
const spawnOptions: SpawnOptions = {name: maybeName};
accountRef.ask({type: 'balance'}, {timeout: maybeTimeout});
receive({timeout: maybeTimeout, match: undefined});
call(accountRef, {type: 'balance'}, {timeout: maybeTimeout});
system.stopAll({timeout: maybeTimeout});
createSystem({logger: undefined, budget: undefined});
void [askOptions, getOptions, stopOptions, spawnOptions];
