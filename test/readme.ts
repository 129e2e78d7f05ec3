/**
 * The README tells the truth: every ```ts block in README.md is type-checked
 * (one `tsc` run for all, under the project's strict tsconfig, with the
 * `pykka` path mapping) and run with tsx as its own program; when an
 * untagged ``` block follows it (only blank lines between), that is what
 * the program must print on stdout. It must exit with 0 and print nothing on
 * stderr.
 *
 * In an output block, a line `…` stands for any lines (none included),
 * `urn:uuid:…` for any URN, and `urn:uuid:35d5216f-…` for one URN: the same
 * wherever that placeholder is written, and different from the other
 * labelled ones.
 *
 * A block that is a whole program needs nothing more. A fragment needs
 * directives: HTML comments (invisible on GitHub) right before its block,
 * only blank lines between.
 *
 *     <!-- test: name=account -->      names the block, for `after=`
 *     <!-- test: after=account -->     this block continues block `account`:
 *                                      its program is that block's whole
 *                                      program followed by this one, and what
 *                                      it prints is their output blocks, one
 *                                      after the other
 *     <!-- test:prelude                hidden code put before the block
 *     import {spawn} from 'pykka';     (imports, scaffolding), one code line
 *     -->                              per line, `-->` alone on the last
 *     <!-- test:postlude               hidden code put after it (code that
 *     …                                drives the fragment, checks it with
 *     -->                              node:assert, stops its actors)
 *
 * Directives stack (one block may have all four). A continuation's output is
 * compared when it has an output block of its own. A fragment without
 * directives fails its test (it does not type-check as a program), and so
 * does a directive that is misplaced or malformed. Errors, and stack traces
 * of a failed run, name README lines, hidden code included.
 *
 * The programs are written to .readme-blocks/run-…/ (git-ignored, outside
 * tsconfig.json's `include`, removed after the run) with a tsconfig that
 * extends the project's.
 */
import process from 'node:process';
import {spawn} from 'node:child_process';
import {mkdir, mkdtemp, readFile, rm, rmdir, writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {availableParallelism} from 'node:os';
import {basename, dirname, join, relative, resolve} from 'node:path';
import test from 'ava';
import {expectedOutput, outputPattern, parseReadme, program, type Block, type SourceLine} from './helpers/readme.js';
import {root, runScript} from './helpers/process.js';

const readme = parseReadme(await readFile(join(root, 'README.md'), 'utf8'));
/** Scratch programs live inside the repository (git-ignored), so that `pykka` and `@types/node` resolve as for examples/. */
const scratchRoot = join(root, '.readme-blocks');

type Program = {readonly file: string; readonly lines: readonly SourceLine[]};

type Checked = {
	/** The scratch directory of this run. */
	readonly directory: string;
	/** Each block's program: its file, relative to the repository's root, and where each of its lines comes from. */
	readonly programs: ReadonlyMap<Block, Program>;
	/** Each block's type errors, naming README lines. */
	readonly errors: ReadonlyMap<Block, readonly string[]>;
	/** Errors in no block's program (in source/, say), or a tsc that failed without saying why. */
	readonly otherErrors: readonly string[];
};

let checking: Promise<Checked> | undefined;

/** Writes every block's program, and type-checks them all in one `tsc` run (once, for every test). */
async function typeCheck(): Promise<Checked> {
	checking ??= (async () => {
		await mkdir(scratchRoot, {recursive: true});
		const directory = await mkdtemp(join(scratchRoot, 'run-'));
		const programs = new Map<Block, Program>();
		const byFile = new Map<string, {block: Block; lines: readonly SourceLine[]}>();
		for (const block of readme.blocks) {
			const file = relative(root, join(directory, `readme-${block.line}.ts`));
			const lines = program(block, readme.blocks);
			programs.set(block, {file, lines});
			byFile.set(file, {block, lines});
			await writeFile(join(root, file), lines.map(line => line.text).join('\n') + '\n');
		}

		const base = relative(directory, join(root, 'tsconfig.json'));
		await writeFile(join(directory, 'tsconfig.json'), JSON.stringify({extends: base, include: ['*.ts']}, undefined, '\t'));

		const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
		const {code, output} = await execute(process.execPath, [tsc, '-p', relative(root, join(directory, 'tsconfig.json')), '--pretty', 'false']);

		// `file(line,col): error TS1234: message`, then indented lines that go on.
		const errors = new Map<Block, string[]>();
		const otherErrors: string[] = [];
		let last: string[] | undefined;
		let lastIndex = 0;
		for (const line of output.split('\n')) {
			const match = /^(.+?)\((\d+),(\d+)\): (error|warning) (TS\d+): (.*)$/.exec(line);
			if (match === null) {
				if (last !== undefined && line.trim() !== '') {
					last[lastIndex] += `\n${line}`;
				}

				continue;
			}

			const [, file = '', generatedLine = '', column = '', , id = '', message = ''] = match;
			const known = byFile.get(relative(root, resolve(root, file)));
			const origin = known?.lines[Number(generatedLine) - 1];
			if (known === undefined || origin === undefined) {
				last = otherErrors;
				lastIndex = otherErrors.push(line) - 1;
				continue;
			}

			const list = errors.get(known.block) ?? [];
			errors.set(known.block, list);
			last = list;
			lastIndex = list.push(`${where(origin, column)}: ${id}: ${message}`) - 1;
		}

		if (code !== 0 && errors.size === 0 && otherErrors.length === 0) {
			otherErrors.push(`tsc exited with ${code}:\n${output}`);
		}

		return {directory, programs, errors, otherErrors};
	})();
	return checking;
}

/** `README.md:12`, `README.md:12:5`, or with ` (hidden prelude)` after it. */
function where(origin: SourceLine, column?: string): string {
	return `README.md:${origin.line}${column === undefined ? '' : `:${column}`}${origin.part === 'code' ? '' : ` (hidden ${origin.part})`}`;
}

/** What a program printed, with its own lines (in stack traces, say) also named by their README lines. */
function annotate(text: string, {file, lines}: Program): string {
	const name = basename(file).replaceAll('.', String.raw`\.`);
	return text.replaceAll(new RegExp(String.raw`${name}:(\d+)(?::\d+)?`, 'g'), (match, line: string) => {
		const origin = lines[Number(line) - 1];
		return origin === undefined ? match : `${match} [${where(origin)}]`;
	});
}

/** Runs a command, and gives its exit code and what it printed (stdout and stderr together). */
async function execute(command: string, arguments_: readonly string[]): Promise<{code: number | null; output: string}> {
	const child = spawn(command, arguments_, {cwd: root, stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
	});
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', code => {
			resolve({code, output});
		});
	});
}

/** At most `concurrency` tasks at a time; a finishing task hands its slot to the next one waiting. */
function limit(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
	let active = 0;
	const waiting: Array<() => void> = [];
	return async task => {
		if (active < concurrency) {
			active++;
		} else {
			await new Promise<void>(resolve => {
				waiting.push(resolve);
			});
		}

		try {
			return await task();
		} finally {
			const next = waiting.shift();
			if (next === undefined) {
				active--;
			} else {
				next();
			}
		}
	};
}

const slot = limit(Math.max(2, Math.min(4, availableParallelism())));

/** `README.md:81 (after account)`: where a block is, and how it is known. */
function describe(block: Block): string {
	const labels = [block.name, block.after === undefined ? undefined : `after ${block.after}`].filter(label => label !== undefined);
	return `README.md:${block.line}${labels.length === 0 ? '' : ` (${labels.join(', ')})`}`;
}

test.after.always('remove the scratch programs', async () => {
	if (checking !== undefined) {
		const {directory} = await checking;
		await rm(directory, {recursive: true, force: true});
		// The parent goes too, unless another run is using it.
		await rmdir(scratchRoot).catch(() => undefined);
	}
});

test('README.md: test directives are well-formed and each belongs to a ts block', t => {
	t.deepEqual(readme.problems, [], readme.problems.join('\n'));
	t.true(readme.blocks.length > 0, 'README.md has no ts block');
});

test('README.md: the type-check of its ts blocks finds nothing wrong outside them', async t => {
	const {otherErrors} = await typeCheck();
	t.deepEqual(otherErrors, [], otherErrors.join('\n'));
});

for (const block of readme.blocks) {
	const output = block.output === undefined ? '' : `, printing what README.md:${block.output.line} shows`;
	test(`${describe(block)} type-checks and runs${output}`, async t => {
		const {programs, errors} = await typeCheck();
		const typeErrors = errors.get(block) ?? [];
		const hint = block.directed
			? ''
			: '\nA ts block without test directives must be a whole program. If it is a fragment, give it directives '
				+ '(a hidden `<!-- test:prelude … -->` with the imports and scaffolding it needs, `<!-- test: after=<name> -->` '
				+ 'to continue a named block): see the top of test/readme.ts.';
		t.true(typeErrors.length === 0, `${describe(block)} does not type-check:\n${typeErrors.join('\n')}${hint}`);
		if (typeErrors.length > 0) {
			return;
		}

		const program = programs.get(block)!;
		const run = await slot(async () => runScript(program.file));
		const exit = run.signal === null ? `exit code ${run.code}` : `signal ${run.signal}`;
		t.true(run.code === 0 && run.stderr === '', `${describe(block)} (run as ${program.file}) ended with ${exit}\nstderr:\n${annotate(run.stderr, program)}\nstdout:\n${run.stdout}`);

		if (block.output === undefined) {
			return;
		}

		const expected = expectedOutput(block, readme.blocks);
		const stdout = run.stdout === '' || run.stdout.endsWith('\n') ? run.stdout : `${run.stdout}\n`;
		t.true(outputPattern(expected).test(stdout), `${describe(block)} prints other than README.md:${block.output.line} shows\n--- expected\n${expected.join('\n')}\n--- printed\n${stdout}`);
	});
}
