/**
 * The API reference: `npm run docs` (TypeDoc over `source/index.ts`, see
 * typedoc.json) builds, every link in the doc comments resolves, every type
 * the public surface names is documented or deliberately internal, and every
 * export and member has a doc comment.
 */
import {execFile} from 'node:child_process';
import {mkdtemp, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify, stripVTControlCharacters} from 'node:util';
import test from 'ava';
import {root} from './helpers/process.js';

const run = promisify(execFile);

test('npm run docs builds the API reference with no warning: every export and member documented, every link resolved', async t => {
	const out = await mkdtemp(path.join(tmpdir(), 'pykka-docs-'));
	t.teardown(async () => rm(out, {recursive: true, force: true}));
	// typedoc.json sets treatWarningsAsErrors: a missing doc comment, a broken
	// link or an undocumented type named by the public surface fails the build.
	const {stdout, stderr} = await run('npm', ['run', '--silent', 'docs', '--', '--out', out], {cwd: root});
	const lines = stripVTControlCharacters(`${stdout}\n${stderr}`).split('\n');
	t.deepEqual(lines.filter(line => /^\[(?:warning|error)]/.test(line) && !/^\[\w+] Found 0 errors and 0 warnings$/.test(line)), []);
	const pages = await readdir(out, {recursive: true});
	for (const page of [/^classes\/pykka\.Actor\.html$/, /^classes\/pykka\.ActorRef\.html$/, /^classes\/pykka\.Future\.html$/, /^functions\/pykka\.spawn\.html$/, /^types\/pykka\.ActorProxy\.html$/, /^types\/pykka\.Protocol\.html$/, /^functions\/pykka_testing\.createTestKit\.html$/]) {
		t.true(pages.some(file => page.test(file.split(path.sep).join('/'))), `no page matches ${page.source}`);
	}
});
