/**
 * Supervision: a flaky worker restarted in place with a backoff, and a group
 * of children restarted by a supervisor's strategy.
 *
 * Run: npx tsx examples/supervision.ts
 */
import {createSystem, receive, reply, restart, supervisor, type Handles, type Receives} from 'pykka';

// Failures are logged: here, to stdout, without the URNs, to keep the output short.
const system = createSystem({
	logger: {
		error(message) {
			console.log(`[log] ${message.replaceAll(/ \(urn:uuid:[^)]+\)/g, '')}`);
		},
	},
});

let attempts = 0;

/** A worker that crashes on the job 'crash'. */
function * flakyWorker(): Handles<Receives<string, string>> {
	attempts++;
	console.log(`worker started (attempt ${attempts})`);
	for (;;) {
		const job = yield * receive<string>();
		if (job === 'crash') {
			throw new Error('worker crashed');
		}

		yield * reply(`done: ${job}`);
	}
}

// Restarted in place: same ref, queued messages kept, after 50 ms, then 100, 200… up to 400.
const worker = system.spawn(flakyWorker, {
	supervise: restart({limit: {restarts: 3, withinMs: 10_000}, backoff: {minMs: 50, maxMs: 400}}),
});
console.log(await worker.ask('first job'));
console.log(await worker.ask('crash').catch((error: unknown) => `ask rejected: ${(error as Error).message}`));
console.log(await worker.ask('second job')); // waits for the restart
console.log(`same worker, alive: ${worker.isAlive()}`);

/** A member of a group, which crashes on 'crash'. */
function * member(name: string) {
	console.log(`${name} started`);
	try {
		for (;;) {
			if ((yield * receive()) === 'crash') {
				throw new Error(`${name} crashed`);
			}
		}
	} finally {
		console.log(`${name} ended`);
	}
}

// one-for-all: when one member fails, the others stop too, and all start again.
const group = supervisor(
	['reader', 'writer'].map(name => ({name, behaviour: member, args: [name]})),
	{strategy: 'one-for-all', limit: {restarts: 5, withinMs: 10_000}, system},
);
const [reader] = await group.ask({type: 'children'});
reader?.tell('crash');
await reader?.whenStopped(); // its Down is then queued at the supervisor, ahead of the next ask
const [newReader] = await group.ask({type: 'children'});
console.log(`reader replaced: ${newReader !== reader}`);
await system.stopAll();
