/**
 * The API reference: `npm run docs` (TypeDoc over `source/index.ts`, see
 * typedoc.json) builds, every link in the doc comments resolves, every type
 * the public surface names is documented or deliberately internal, and no
 * export gains a member without a doc comment.
 */
import {execFile} from 'node:child_process';
import {access, mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify, stripVTControlCharacters} from 'node:util';
import test from 'ava';
import {root} from './helpers/process.js';

const run = promisify(execFile);

/**
 * Members that have no doc comment yet, as TypeDoc names them. Document one
 * in source/ and delete it here; once the list is empty, set
 * `treatWarningsAsErrors` in typedoc.json and let `npm run docs` enforce it.
 */
const undocumented = new Set([
	'Traversable.__type.[traversableMark] (Property)',
	...['Await', 'Call', 'DeferReply', 'Receive', 'Reply', 'Self', 'Sleep'].flatMap(effect => [
		`${effect}Effect.type (Property)`,
		`${effect}Effect.next (CallSignature)`,
		`${effect}Effect.[iterator] (CallSignature)`,
	]),
	'AwaitEffect.future (Property)',
	'CallEffect.ref (Property)',
	'CallEffect.message (Property)',
	'CallEffect.timeout (Property)',
	'ReceiveEffect.match (Property)',
	'ReceiveEffect.timeout (Property)',
	'ReplyEffect.rejected (Property)',
	'SleepEffect.ms (Property)',
	...['ActorDeadError', 'DeadlockError', 'PykkaError', 'TimeoutError'].map(error => `${error}.name (Property)`),
	'Future.toJSON.__type.state (Property)',
	'Future.toJSON.__type.value (Property)',
	'Future.toJSON.__type.error (Property)',
	'MessageOf.__type.onReceive (CallSignature)',
	'Receives.onReceive (CallSignature)',
	'ReplyOf.__type.onReceive (CallSignature)',
	'ActorSystem.logger (SetSignature)',
	'SpawnRest.__type.args (Property)',
]);

test('npm run docs builds the API reference with no warning but the known undocumented members', async t => {
	const out = await mkdtemp(path.join(tmpdir(), 'pykka-docs-'));
	t.teardown(async () => rm(out, {recursive: true, force: true}));
	// TypeDoc exits non-zero on an error (a type error, a bad option); warnings it prints and goes on.
	const {stdout, stderr} = await run('npm', ['run', '--silent', 'docs', '--', '--out', out], {cwd: root});
	const lines = stripVTControlCharacters(`${stdout}\n${stderr}`).split('\n');

	const warnings = lines.filter(line => /^\[(?:warning|error)\]/.test(line) && !/^\[\w+\] Found \d+ errors? and \d+ warnings?$/.test(line));
	const missing = warnings.map(line => /^\[warning\] (.+), defined in .+, does not have any documentation$/.exec(line)?.[1]);
	t.deepEqual(warnings.filter((_, index) => missing[index] === undefined), [], 'broken links, undocumented types referenced by the public surface, other warnings');
	t.deepEqual(missing.filter(name => name !== undefined && !undocumented.has(name)), [], 'new members without a doc comment: document them in source/');
	const documented = [...undocumented].filter(name => !missing.includes(name));
	if (documented.length > 0) {
		t.log(`Documented since, delete from the list in test/docs.ts: ${documented.join('; ')}`);
	}

	const pages = ['index.html', 'classes/Actor.html', 'classes/ActorRef.html', 'classes/Future.html', 'functions/spawn.html', 'types/ActorProxy.html'];
	await Promise.all(pages.map(async page => t.notThrowsAsync(access(path.join(out, page)), page)));
});
