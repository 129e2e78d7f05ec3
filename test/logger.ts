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
	t.regex(run.stderr, new RegExp(`^Fragile \\(${urn}\\) failed:\\nError: fragile broke\\n    at `));
	t.notRegex(run.stderr, /PYKKA/);
});

test('with NODE_DEBUG=pykka the default logger also reports starts, registrations and stops', async t => {
	const run = await runFixture({...environmentWithout(), NODE_DEBUG: 'pykka'});
	t.is(run.code, 0);
	t.is(run.stdout, 'stop after failure: false\nstopped: true\n');
	for (const line of [
		`Registered Fragile \\(${urn}\\)`,
		`Started Fragile \\(${urn}\\)`,
		`Unregistered Fragile \\(${urn}\\)`,
		`Fragile \\(${urn}\\) stopped`,
		`Started Sleeper \\(${urn}\\)`,
		`Sleeper \\(${urn}\\) stopped`,
	]) {
		t.regex(run.stderr, new RegExp(`PYKKA \\d+: ${line}`));
	}

	t.regex(run.stderr, new RegExp(`Fragile \\(${urn}\\) failed:\\nError: fragile broke`));
});

test('the default logger wants debug output only under NODE_DEBUG=pykka', t => {
	t.is(consoleLogger.debugEnabled?.(), /\bpykka\b/i.test(process.env['NODE_DEBUG'] ?? ''));
});
