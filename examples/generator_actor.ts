/**
 * Actors as generator functions: a bank account that keeps its balance in a
 * local variable, and an auditor that asks it with `call` (suspending only
 * itself while it waits) and gives up on a quiet mailbox with a timeout.
 *
 * Run: npx tsx examples/generator_actor.ts
 */
import {ActorRegistry, call, receive, reply, spawn, TimeoutError, type ActorRef, type Receives} from 'pykka';

type AccountMessage = {type: 'deposit'; amount: number} | {type: 'withdraw'; amount: number} | {type: 'balance'};

const account = spawn<AccountMessage, number>(function * account() {
	let balance = 0;
	for (;;) {
		const message = yield * receive<AccountMessage>();
		switch (message.type) {
			case 'deposit': {
				balance += message.amount;
				break;
			}

			case 'withdraw': {
				balance -= message.amount;
				break;
			}

			case 'balance': {
				yield * reply(balance);
				break;
			}
		}
	}
});

const auditor = spawn<'audit', string, [ActorRef<Receives<AccountMessage, number>>]>(function * auditor(audited) {
	for (;;) {
		try {
			yield * receive<'audit'>({timeout: 50});
		} catch (error) {
			if (error instanceof TimeoutError) {
				console.log('auditor: nothing to audit for 50 ms, going home');
				return;
			}

			throw error;
		}

		const balance = yield * call(audited, {type: 'balance'});
		yield * reply(`audited: balance is ${balance}`);
	}
}, {args: [account]});

account.tell({type: 'deposit', amount: 100});
account.tell({type: 'withdraw', amount: 30});
console.log(`balance: ${await account.ask({type: 'balance'})}`);
console.log(await auditor.ask('audit'));

// The auditor's 50 ms timer was set before this 100 ms one, so it fires first.
await new Promise(resolve => {
	setTimeout(resolve, 100);
});
console.log(`auditor alive: ${auditor.isAlive()}`);

await ActorRegistry.stopAll();
console.log(`actors left: ${ActorRegistry.size}`);
