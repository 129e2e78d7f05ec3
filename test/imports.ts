/**
 * The built package's modules, as a consumer's bundler or Node may load them:
 * each alone, and all of them in other orders than `index.js` imports them,
 * with no import cycle to trip over and nothing done at import (no timer, no
 * microtask, no clock read, no system), as `"sideEffects": false` promises.
 */
import process from 'node:process';
import {execFile} from 'node:child_process';
import {mkdtemp, readdir, rm, symlink} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {root} from './helpers/process.js';

const run = promisify(execFile);

/** Builds the package into a scratch directory; gives the built modules' paths, relative to it. */
async function build(directory: string): Promise<{directory: string; modules: string[]}> {
	const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
	await run(tsc, ['-p', path.join(root, 'tsconfig.build.json'), '--outDir', path.join(directory, 'dist'), '--declaration', 'false', '--declarationMap', 'false', '--sourceMap', 'false'], {cwd: root});
	// The one runtime dependency, as an install would bring it.
	await symlink(path.join(root, 'node_modules'), path.join(directory, 'node_modules'));
	const entries = await readdir(path.join(directory, 'dist'), {recursive: true});
	const modules = entries.filter(entry => entry.endsWith('.js')).map(entry => `./dist/${entry.split(path.sep).join('/')}`).toSorted();
	return {directory, modules};
}

/** One build for every test of this file: they only read it. */
let scratch: string | undefined;
let built: {directory: string; modules: string[]} | undefined;
test.before(async () => {
	scratch = await mkdtemp(path.join(tmpdir(), 'pykka-imports-'));
	built = await build(scratch);
});
test.after.always(async () => {
	if (scratch !== undefined) {
		await rm(scratch, {recursive: true, force: true});
	}
});

function theBuild(): {directory: string; modules: string[]} {
	if (built === undefined) {
		throw new Error('The build of test.before did not finish');
	}

	return built;
}

/** A seeded shuffle, so that a failing order can be repeated. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
	const result = [...items];
	let state = seed;
	for (let index = result.length - 1; index > 0; index--) {
		state = ((state * 1_103_515_245) + 12_345) % 2_147_483_648;
		const other = state % (index + 1);
		[result[index], result[other]] = [result[other] as T, result[index] as T];
	}

	return result;
}

/**
 * A program that watches for work at import (timers, immediates, microtasks,
 * clock reads), imports `modules` one after the other, and prints what it saw.
 */
function importer(modules: readonly string[]): string {
	return `
const seen = [];
for (const [owner, name] of [[globalThis, 'setTimeout'], [globalThis, 'setInterval'], [globalThis, 'setImmediate'], [globalThis, 'queueMicrotask'], [performance, 'now']]) {
	const original = owner[name];
	owner[name] = function (...args) {
		seen.push(name);
		return original.apply(this, args);
	};
}
for (const module of ${JSON.stringify(modules)}) {
	await import(module);
}
console.log(JSON.stringify(seen));
`;
}

async function importAll(directory: string, modules: readonly string[]): Promise<unknown> {
	const {stdout} = await run(process.execPath, ['--input-type=module', '-e', importer(modules)], {cwd: directory});
	return JSON.parse(stdout) as unknown;
}

test('every built module imports alone, doing nothing at import', async t => {
	const {directory, modules} = theBuild();
	t.true(modules.length > 20, `${modules.length} modules`);
	t.true(modules.includes('./dist/index.js'));
	const outcomes = await Promise.all(modules.map(async module => importAll(directory, [module]).then(seen => [module, seen], (error: unknown) => [module, String(error)])));
	t.deepEqual(outcomes.filter(([, seen]) => !Array.isArray(seen) || seen.length > 0), []);
});

test('all built modules import in any order, doing nothing at import', async t => {
	const {directory, modules} = theBuild();
	for (const seed of [1, 2, 3, 4, 5]) {
		const order = shuffled(modules, seed);
		t.deepEqual(await importAll(directory, order), [], `seed ${seed}: ${order.join(', ')}`);
	}

	t.deepEqual(await importAll(directory, modules.toReversed()), [], 'reverse order');
});

test('importing the package makes no system: the default one is made on first use', async t => {
	const {directory} = theBuild();
	// Making a system starts its scheduler, which reads the clock once: a sign that can be watched from outside.
	const {stdout} = await run(process.execPath, ['--input-type=module', '-e', `
const reads = [];
const now = performance.now;
performance.now = function () {
	reads.push(new Error().stack.includes('Scheduler'));
	return now.call(this);
};
const {ActorRegistry, defaultSystem} = await import('./dist/index.js');
const atImport = reads.length;
const system = defaultSystem();
const afterFirstUse = reads.filter(Boolean).length;
console.log(JSON.stringify([atImport, afterFirstUse, defaultSystem() === system, ActorRegistry.size, reads.filter(Boolean).length]));
`], {cwd: directory});
	const [atImport, afterFirstUse, same, size, later] = JSON.parse(stdout) as [number, number, boolean, number, number];
	t.is(atImport, 0);
	// The first system made (with one of the runtime's own, which keeps the shapes of systems) reads the clock.
	t.true(afterFirstUse > 0);
	t.true(same);
	t.is(size, 0);
	t.is(later, afterFirstUse);
});
