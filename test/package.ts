/**
 * The package as a user gets it: `npm pack` (which builds), unpacked into an
 * empty project's node_modules, imported from plain Node ESM (no tsx) and
 * type-checked by a consumer's own strict tsconfig.
 */
import process from 'node:process';
import {execFile} from 'node:child_process';
import {mkdir, mkdtemp, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import test from 'ava';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

const consumer = `import {Actor, receive, reply, sleep, spawn, type ActorProxy} from 'pykka';
import {createTestKit} from 'pykka/testing';

class Adder extends Actor {
	add(a: number, b: number): number {
		return a + b;
	}
}

const adder: ActorProxy<Adder> = Adder.startProxy();
const sum: number = await adder.add(1, 2);
const doubler = spawn<number, number>(function * doubler() {
	for (;;) {
		yield * reply(2 * (yield * receive<number>()));
	}
});
const doubled: number = await doubler.ask(21);
const kit = createTestKit();
const probe = kit.probe<string>();
kit.spawn(function * late() {
	yield * sleep(1000);
	probe.ref.tell('late');
});
await probe.expectMessage('late', {within: 1000});
await kit.shutdown();
console.log(sum, doubled, kit.clock.now());
await adder.actorRef.stop();
await doubler.stop();
`;

test('the packed package installs, imports from plain Node ESM and type-checks for a consumer', async t => {
	const project = await mkdtemp(path.join(tmpdir(), 'pykka-package-'));
	t.teardown(async () => rm(project, {recursive: true, force: true}));
	const {stdout: packed} = await run('npm', ['pack', '--silent', '--pack-destination', project], {cwd: root});
	const tarball = path.join(project, packed.trim().split('\n').at(-1) ?? '');
	const installed = path.join(project, 'node_modules', 'pykka');
	await mkdir(installed, {recursive: true});
	await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
	// Its dependency, and the consumer's Node types, as an install would bring them.
	await symlink(path.join(root, 'node_modules', 'uuid'), path.join(project, 'node_modules', 'uuid'));
	await mkdir(path.join(project, 'node_modules', '@types'));
	await symlink(path.join(root, 'node_modules', '@types', 'node'), path.join(project, 'node_modules', '@types', 'node'));

	const {stdout: listed} = await run('tar', ['-tzf', tarball]);
	const files = listed.trim().split('\n');
	t.true(files.includes('package/dist/index.js'));
	t.true(files.includes('package/dist/index.d.ts'));
	t.true(files.includes('package/LICENSE'));
	t.true(files.includes('package/README.md'));
	t.false(files.some(file => file.startsWith('package/test/') || file.startsWith('package/bench/')), 'only the build and its sources are packed');
	// The source maps point at files of the package: the sources are shipped with them.
	const maps = files.filter(file => file.endsWith('.map'));
	t.true(maps.length > 0);
	for (const map of maps) {
		const {sources} = JSON.parse(await readFile(path.join(installed, map.replace(/^package\//, '')), 'utf8')) as {sources: string[]};
		for (const source of sources) {
			const target = path.join(installed, path.dirname(map.replace(/^package\//, '')), source);
			t.true(files.includes(`package/${path.relative(installed, target).split(path.sep).join('/')}`), `${map} points at ${source}, which is not in the package`);
		}
	}

	await writeFile(path.join(project, 'package.json'), JSON.stringify({type: 'module', private: true}));
	const {stdout: imported} = await run(process.execPath, ['--input-type=module', '-e', 'const pykka = await import("pykka"); const testing = await import("pykka/testing"); console.log(typeof pykka.spawn, typeof pykka.Actor, typeof testing.createTestKit, "createTestKit" in pykka)'], {cwd: project});
	t.is(imported, 'function function function false\n');

	await writeFile(path.join(project, 'consumer.ts'), consumer);
	const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
	// The strictest consumer: every strict flag, exact optional properties, and
	// the package's own .d.ts checked too (no skipLibCheck), with the Node
	// types of Node 20 and of the latest release.
	await writeFile(path.join(project, 'tsconfig.json'), JSON.stringify({
		compilerOptions: {
			target: 'es2022',
			module: 'nodenext',
			moduleResolution: 'nodenext',
			strict: true,
			exactOptionalPropertyTypes: true,
			noUncheckedIndexedAccess: true,
			noImplicitOverride: true,
			skipLibCheck: false,
			outDir: 'out',
			types: ['node'],
		},
		files: ['consumer.ts'],
	}));
	for (const types of ['node', 'node-latest']) {
		const link = path.join(project, 'node_modules', '@types', 'node');
		await rm(link, {force: true});
		await symlink(path.join(root, 'node_modules', '@types', types), link);
		await t.notThrowsAsync(run(tsc, ['-p', project], {cwd: project}), `the consumer type-checks with @types/${types}`);
	}

	const {stdout: output} = await run(process.execPath, [path.join(project, 'out', 'consumer.js')], {cwd: project});
	t.is(output, '3 42 1000\n');

	// The published types carry no internals: the runtime's members do not show.
	const declarations = await readFile(path.join(installed, 'dist', 'future.d.ts'), 'utf8');
	for (const internal of ['trySet', 'tryReject', 'listen', 'unlisten', 'replier', 'waitsOn', 'settleThrough', 'expireAfter']) {
		t.notRegex(declarations, new RegExp(String.raw`\b${internal}\b`), `future.d.ts shows ${internal}`);
	}

	const refDeclarations = await readFile(path.join(installed, 'dist', 'ref.d.ts'), 'utf8');
	t.notRegex(refDeclarations, /\bcellOf\b|\brefFor\b|get cell\(/, 'ref.d.ts shows the cell');
	t.regex(refDeclarations, /private constructor/);

	// A consumer's type error is caught by the package's types.
	await writeFile(path.join(project, 'consumer.ts'), `${consumer}\nawait adder.add('one', 2);\n`);
	const error = await t.throwsAsync(run(tsc, ['-p', project], {cwd: project}));
	t.regex(String((error as Error & {stdout?: string}).stdout), /consumer\.ts.*Argument of type 'string' is not assignable to parameter of type 'number'/);
});
