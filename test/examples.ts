/**
 * Runs every example as its own program, the way a user would
 * (`node --import=tsx/esm examples/<name>.ts` from the repository's root), and
 * checks what it prints. To add an example, add an entry to `examples`.
 */
import {readdir} from 'node:fs/promises';
import test, {type ExecutionContext} from 'ava';
import {label, urn} from './helpers/index.js';
import {runScript} from './helpers/process.js';

/** What one line of output must be: the exact text, or a pattern for the whole line. */
type Line = string | RegExp;

type Example = {
	/** The file under examples/, without `.ts`. */
	readonly name: string;
	/** Every line of stdout, in order (exact text, or a pattern the whole line must match). */
	readonly stdout: readonly Line[];
	/** Every line of stderr, in order; none by default. */
	readonly stderr?: readonly Line[];
	/** The exit code; 0 by default. */
	readonly exitCode?: number;
	/** Further assertions on the run, for what lines alone cannot say. */
	readonly check?: (t: ExecutionContext, run: Run) => void;
};

const examples: readonly Example[] = [
	{
		name: 'plain_actor',
		stdout: ['[ { no: \'Norway\', se: \'Sweden\' }, { a: 3, b: 4, c: 5 } ]'],
	},
	{
		name: 'counter',
		stdout: Array.from({length: 10}, (_, i) => [
			new RegExp(`^${label('Adder')} is increasing ${i}$`),
			new RegExp(`^${label('Bookkeeper')} got ${i + 1} back$`),
		]).flat(),
		check(t, {stdout}) {
			// Each actor keeps one URN, and the two differ.
			const urns = (name: string) => new Set(lines(stdout).filter(line => line.startsWith(name)).map(line => new RegExp(urn).exec(line)?.[0]));
			t.is(urns('Adder').size, 1);
			t.is(urns('Bookkeeper').size, 1);
			t.notDeepEqual(urns('Adder'), urns('Bookkeeper'));
		},
	},
	{
		name: 'worker_pool',
		stdout: [
			'1² = 1 (worker 1)',
			'2² = 4 (worker 2)',
			'3² = 9 (worker 3)',
			'4² = 16 (worker 1)',
			'5² = 25 (worker 2)',
			'6² = 36 (worker 3)',
			'7² = 49 (worker 1)',
			'8² = 64 (worker 2)',
			'9² = 81 (worker 3)',
			'handled per worker: 3, 3, 3',
		],
	},
	{
		name: 'traversable',
		stdout: [
			'engine: vroom',
			'running: true',
			'radio: tuned to NRK P3',
			'station: NRK P3',
			'engine: silence',
			'running: false',
		],
	},
	{
		name: 'failure_handling',
		stdout: [
			'10 / 4 = 2.5',
			'ask rejected: RangeError: cannot divide 1 by zero',
			'alive after a failed ask: true',
			'onFailure: RangeError: cannot divide 1 by zero',
			'logged: Divider (…) failed: RangeError: cannot divide 1 by zero',
			'then: ActorDeadError, true',
			'alive after a failed tell: false',
		],
	},
	{
		name: 'async_io',
		stdout: [
			'all three asked',
			'start this example',
			'done this example',
			'start package.json',
			'done package.json',
			'start this example again',
			'done this example again',
			'same file, same count: true',
			'total lines counted: some',
		],
	},
	{
		name: 'generator_actor',
		stdout: [
			'balance: 70',
			'audited: balance is 70',
			'auditor: nothing to audit for 50 ms, going home',
			'auditor alive: false',
			'actors left: 0',
		],
	},
	{
		name: 'deadlock',
		stdout: [
			new RegExp(`^Pong caught it: Deadlock: ${label('Pong')} → ${label('Ping')} → ${label('Pong')}$`),
			'Ping got: no ball: we were waiting on each other',
			'Both still alive: true',
			'Ping can still play: ball',
		],
	},
	{
		name: 'testing',
		stdout: [
			'after 60 virtual minutes: reminder 1, reminder 2, reminder 3, reminder 4',
			'stopped: true',
			'quiet for the next hour, until 120 virtual minutes',
		],
	},
	{
		name: 'supervision',
		stdout: [
			'worker started (attempt 1)',
			'done: first job',
			'[log] flakyWorker failed; restarting in 50 ms (restart 1 of 3 within 10000 ms):',
			'ask rejected: worker crashed',
			'worker started (attempt 2)',
			'done: second job',
			'same worker, alive: true',
			'reader started',
			'writer started',
			'reader ended',
			'[log] reader failed:',
			'writer ended',
			'reader started',
			'writer started',
			'reader replaced: true',
			'writer ended',
			'reader ended',
		],
	},
];

type Run = {readonly stdout: string; readonly stderr: string; readonly exitCode: number};

async function run(name: string): Promise<Run> {
	const {code, stdout, stderr} = await runScript(`examples/${name}.ts`);
	return {stdout, stderr, exitCode: code ?? -1};
}

function lines(output: string): string[] {
	return output === '' ? [] : output.replace(/\n$/, '').split('\n');
}

function matches(line: string, expected: Line): boolean {
	return typeof expected === 'string' ? line === expected : expected.test(line);
}

for (const example of examples) {
	test(`examples/${example.name}.ts prints what it should`, async t => {
		const {stdout, stderr, exitCode} = await run(example.name);
		t.is(exitCode, example.exitCode ?? 0, stderr);
		for (const [stream, output, expected] of [['stdout', stdout, example.stdout], ['stderr', stderr, example.stderr ?? []]] as const) {
			const actual = lines(output);
			t.is(actual.length, expected.length, `${stream}:\n${output}`);
			for (const [index, line] of actual.entries()) {
				const want = expected[index];
				t.true(want !== undefined && matches(line, want), `${stream} line ${index + 1}: ${line}\nexpected: ${String(want)}`);
			}
		}

		example.check?.(t, {stdout, stderr, exitCode});
	});
}

test('every example is listed here', async t => {
	const entries = await readdir(new URL('../examples/', import.meta.url));
	const files = entries.filter(file => file.endsWith('.ts'));
	t.deepEqual(files.map(file => file.slice(0, -'.ts'.length)).toSorted(), examples.map(example => example.name).toSorted());
});
