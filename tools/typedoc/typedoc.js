#!/usr/bin/env node
/**
 * TypeDoc's command line, run with the TypeScript installed beside it (6.x,
 * whose JavaScript compiler API TypeDoc needs) rather than the repository's
 * TypeScript 7, which has no such API and stays the one `tsc` runs.
 *
 * The root lists this folder as a `file:` devDependency, so `npm ci` installs
 * TypeDoc and TypeScript 6 into `tools/typedoc/node_modules/` (npm cannot hoist
 * them: the root's `typescript` is 7) and links this script as the root's
 * `typedoc` command. Node resolves `typedoc` here, and TypeDoc's own
 * `import 'typescript'` from there, so each finds TypeScript 6.
 */
import {spawnSync} from 'node:child_process';
import {createRequire} from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('typedoc/package.json')), 'bin', 'typedoc');
const {status, error} = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {stdio: 'inherit'});
if (error) {
	throw error;
}

process.exitCode = status ?? 1;
