import process from 'node:process';
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';

/** The repository's root, where scripts run. */
export const root = fileURLToPath(new URL('../..', import.meta.url));

export type ScriptRun = {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly stdout: string;
	readonly stderr: string;
};

/**
 * Runs a TypeScript file (a path from the repository's root) in a child Node
 * process with tsx, as `npx tsx <file>` would (its ESM hook only: every file
 * here is a module), and gives what it printed and how it ended. The timeout only keeps a hung child from hanging the tests;
 * it asserts nothing about speed.
 */
export async function runScript(file: string, environment: NodeJS.ProcessEnv = process.env): Promise<ScriptRun> {
	const child = spawn(process.execPath, ['--import=tsx/esm', file], {cwd: root, env: environment, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => {
			resolve({code, signal, stdout, stderr});
		});
	});
}
