import {spawn as spawnProcess} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {consoleLogger} from 'pykka';

type Run = {code: number | null; stdout: string; stderr: string};

async function runFixture(environment: NodeJS.ProcessEnv): Promise<Run> {
	const root = fileURLToPath(new URL('..', import.meta.url));
	const fixture = fileURLToPath(new URL('helpers/logger-process.ts', import.meta.url));
	// The timeout only keeps a hung child from hanging the run; it asserts nothing about speed.
	const child = spawnProcess(process.execPath, ['--import=tsx', fixture], {cwd: root, env: environment, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	});
	return {code, stdout, stderr};
}

const environmentWithout = (): NodeJS.ProcessEnv => {
	const environment = {...process.env};
	delete environment['NODE_DEBUG'];
	return environment;
};

const urn = String.raw`urn:uuid:[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}`;

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
