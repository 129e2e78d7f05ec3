import process from 'node:process';
import test from 'ava';
import {consoleLogger} from 'pykka';
import {urn} from './helpers/index.js';
import {runScript, type ScriptRun} from './helpers/process.js';

async function runFixture(environment: NodeJS.ProcessEnv): Promise<ScriptRun> {
	return runScript('test/helpers/logger-process.ts', environment);
}

const environmentWithout = (): NodeJS.ProcessEnv => {
	const environment = {...process.env};
	delete environment['NODE_DEBUG'];
	return environment;
};

test('the default logger reports a failure to stderr with the actor\'s name and the stack, and no debug output', async t => {
	const run = await runFixture(environmentWithout());
	t.is(run.code, 0);
	t.is(run.stdout, 'stop after failure: false\nstopped: true\n');
	t.regex(run.stderr, new RegExp(String.raw`^Fragile \(${urn}\) failed:\nError: fragile broke\n    at `));
	t.notRegex(run.stderr, /PYKKA/);
});

test('with NODE_DEBUG=pykka the default logger also reports starts, registrations and stops', async t => {
	const run = await runFixture({...environmentWithout(), NODE_DEBUG: 'pykka'});
	t.is(run.code, 0);
	t.is(run.stdout, 'stop after failure: false\nstopped: true\n');
	for (const line of [
		String.raw`Registered Fragile \(${urn}\)`,
		String.raw`Started Fragile \(${urn}\)`,
		String.raw`Unregistered Fragile \(${urn}\)`,
		String.raw`Fragile \(${urn}\) stopped`,
		String.raw`Started Sleeper \(${urn}\)`,
		String.raw`Sleeper \(${urn}\) stopped`,
	]) {
		t.regex(run.stderr, new RegExp(String.raw`PYKKA \d+: ${line}`));
	}

	t.regex(run.stderr, new RegExp(String.raw`Fragile \(${urn}\) failed:\nError: fragile broke`));
});

test('the default logger wants debug output only under NODE_DEBUG=pykka', t => {
	t.is(consoleLogger.debugEnabled?.(), /\bpykka\b/i.test(process.env['NODE_DEBUG'] ?? ''));
});
