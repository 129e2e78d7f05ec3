/**
 * Reads README.md's ```ts blocks, with their `<!-- test… -->` directives and
 * the output blocks that follow them, and turns each into a program to
 * type-check and run. The convention itself is described in test/readme.ts.
 */

/** One line of a generated program, and where it came from in the README. */
export type SourceLine = {
	readonly text: string;
	/** Its line in the README (1-based). */
	readonly line: number;
	/** `code` for a block's visible code, else the hidden part it belongs to. */
	readonly part: 'code' | 'prelude' | 'postlude';
};

export type Block = {
	/** The README line of the block's opening fence. */
	readonly line: number;
	/** The visible code. */
	readonly code: readonly SourceLine[];
	/** Hidden code put before the visible code (`<!-- test:prelude … -->`). */
	readonly prelude: readonly SourceLine[];
	/** Hidden code put after it (`<!-- test:postlude … -->`). */
	readonly postlude: readonly SourceLine[];
	/** `name=`: what later blocks call it. */
	readonly name?: string;
	/** `after=`: the named block that this one continues. */
	readonly after?: string;
	/** Whether any directive came with the block. */
	readonly directed: boolean;
	/** The untagged block right after it: what it prints. */
	readonly output?: {readonly line: number; readonly lines: readonly string[]};
};

export type Readme = {
	readonly blocks: readonly Block[];
	/** What is wrong with the README's directives, each naming its line. */
	readonly problems: readonly string[];
};

type Directive = {
	readonly line: number;
	readonly name?: string;
	readonly after?: string;
	readonly prelude?: readonly SourceLine[];
	readonly postlude?: readonly SourceLine[];
};

const fencePattern = /^(`{3,}|~{3,})\s*([^\s`]*)/;
const typescript = new Set(['ts', 'typescript']);

/** Splits a README into its ts blocks, each with its directives and output. */
export function parseReadme(text: string, file = 'README.md'): Readme {
	const lines = text.replaceAll(/\r\n?/g, '\n').split('\n');
	const blocks: Block[] = [];
	const problems: string[] = [];
	let pending: Directive[] = [];
	const at = (index: number) => `${file}:${index + 1}`;
	const dropPending = (reason: string) => {
		for (const directive of pending) {
			problems.push(`${at(directive.line - 1)}: this test directive ${reason}; a directive goes right before a \`\`\`ts block (only blank lines between)`);
		}

		pending = [];
	};

	/** The index of the line that closes the fence opened at `index`, or `lines.length`. */
	const closing = (index: number, fence: string): number => {
		let end = index + 1;
		while (end < lines.length && !(lines[end]!.startsWith(fence[0]!.repeat(fence.length)) && lines[end]!.trim().replaceAll(fence[0]!, '') === '')) {
			end++;
		}

		if (end === lines.length) {
			problems.push(`${at(index)}: this code block is never closed`);
		}

		return end;
	};

	for (let index = 0; index < lines.length; index++) {
		const line = lines[index]!;
		const fence = fencePattern.exec(line);
		if (fence !== null) {
			const [, marker = '```', language = ''] = fence;
			const end = closing(index, marker);
			if (!typescript.has(language)) {
				dropPending(`is followed by a ${language === '' ? 'block without a language' : `\`\`\`${language} block`}`);
				index = end;
				continue;
			}

			const code = lines.slice(index + 1, end).map((text, offset): SourceLine => ({text, line: index + offset + 2, part: 'code'}));
			let block: Block = {line: index + 1, code, ...merge(pending, problems, at), directed: pending.length > 0};
			pending = [];
			index = end;

			// The output: an untagged block after only blank lines.
			let next = index + 1;
			while (next < lines.length && lines[next]!.trim() === '') {
				next++;
			}

			const outputFence = fencePattern.exec(lines[next] ?? '');
			if (outputFence !== null && outputFence[2] === '') {
				const outputEnd = closing(next, outputFence[1]!);
				block = {...block, output: {line: next + 1, lines: lines.slice(next + 1, outputEnd)}};
				index = outputEnd;
			}

			blocks.push(block);
			continue;
		}

		if (line.startsWith('<!-- test')) {
			const parsed = parseDirective(lines, index, problems, at);
			if (parsed !== undefined) {
				pending.push(parsed.directive);
				index = parsed.end;
			}

			continue;
		}

		if (line.trim() !== '') {
			dropPending('is followed by text');
		}
	}

	dropPending('is at the end of the file');

	// Names are unique, and `after` names an earlier block.
	const seen = new Set<string>();
	for (const block of blocks) {
		if (block.after !== undefined && !seen.has(block.after)) {
			problems.push(`${file}:${block.line}: \`after=${block.after}\` names no earlier block (name one with \`<!-- test: name=${block.after} -->\`)`);
		}

		if (block.name !== undefined) {
			if (seen.has(block.name)) {
				problems.push(`${file}:${block.line}: a block named \`${block.name}\` comes earlier`);
			}

			seen.add(block.name);
		}
	}

	return {blocks, problems};
}

/** Reads the directive that starts at `index`: a one-line `<!-- test: … -->`, or a `<!-- test:prelude` … `-->` comment. */
function parseDirective(lines: readonly string[], index: number, problems: string[], at: (index: number) => string): {directive: Directive; end: number} | undefined {
	const line = lines[index]!.trimEnd();
	const hidden = /^<!-- test:(prelude|postlude)$/.exec(line)?.[1] as 'prelude' | 'postlude' | undefined;
	if (hidden !== undefined) {
		let end = index + 1;
		while (end < lines.length && lines[end]!.trim() !== '-->') {
			end++;
		}

		if (end === lines.length) {
			problems.push(`${at(index)}: \`<!-- test:${hidden}\` is never closed by a line \`-->\``);
			return undefined;
		}

		const code = lines.slice(index + 1, end).map((text, offset): SourceLine => ({text, line: index + offset + 2, part: hidden}));
		return {directive: {line: index + 1, [hidden]: code}, end};
	}

	const options = /^<!-- test:((?:\s+[\w-]+=[\w-]+)+)\s*-->$/.exec(line)?.[1];
	if (options === undefined) {
		problems.push(`${at(index)}: not a test directive: \`${line}\` (expected \`<!-- test: name=… after=… -->\`, or \`<!-- test:prelude\` / \`<!-- test:postlude\` alone on its line, the code below it, and \`-->\` on a line of its own)`);
		return undefined;
	}

	let directive: Directive = {line: index + 1};
	for (const option of options.trim().split(/\s+/)) {
		const [key, value = ''] = option.split('=');
		if (key === 'name' || key === 'after') {
			directive = {...directive, [key]: value};
		} else {
			problems.push(`${at(index)}: unknown test directive option \`${option}\` (known: name=…, after=…)`);
		}
	}

	return {directive, end: index};
}

/** The directives before one block, as one. */
function merge(directives: readonly Directive[], problems: string[], at: (index: number) => string): Pick<Block, 'prelude' | 'postlude' | 'name' | 'after'> {
	const prelude: SourceLine[] = [];
	const postlude: SourceLine[] = [];
	let name: string | undefined;
	let after: string | undefined;
	for (const directive of directives) {
		prelude.push(...directive.prelude ?? []);
		postlude.push(...directive.postlude ?? []);
		if (directive.name !== undefined) {
			if (name !== undefined) {
				problems.push(`${at(directive.line - 1)}: a second \`name=\` for one block`);
			}

			name = directive.name;
		}

		if (directive.after !== undefined) {
			if (after !== undefined) {
				problems.push(`${at(directive.line - 1)}: a second \`after=\` for one block`);
			}

			after = directive.after;
		}
	}

	return {prelude, postlude, ...(name === undefined ? {} : {name}), ...(after === undefined ? {} : {after})};
}

/** The blocks a block continues, first to last, ending with itself. */
export function chain(block: Block, blocks: readonly Block[]): Block[] {
	const result = [block];
	let current = block;
	while (current.after !== undefined) {
		const name = current.after;
		const previous = blocks.find(candidate => candidate.name === name && candidate.line < current.line);
		if (previous === undefined) {
			break;
		}

		result.unshift(previous);
		current = previous;
	}

	return result;
}

/** A block's whole program: each block of its chain's prelude, code and postlude. */
export function program(block: Block, blocks: readonly Block[]): SourceLine[] {
	return chain(block, blocks).flatMap(part => [...part.prelude, ...part.code, ...part.postlude]);
}

/** What a block's program prints: the output blocks along its chain, one after another. */
export function expectedOutput(block: Block, blocks: readonly Block[]): string[] {
	return chain(block, blocks).flatMap(part => part.output?.lines ?? []);
}

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * A pattern for a whole output, from the README's lines of it. As in the
 * README: a line `…` stands for any lines (none included); `urn:uuid:…`
 * for any URN; `urn:uuid:35d5216f-…` for one URN, the same wherever that
 * placeholder is written, and a different one from every other labelled
 * placeholder's.
 */
export function outputPattern(lines: readonly string[]): RegExp {
	const groups = new Map<string, string>();
	let source = '^';
	for (const line of lines) {
		if (line.trim() === '…') {
			source += String.raw`(?:[^\n]*\n)*?`;
			continue;
		}

		let last = 0;
		for (const match of line.matchAll(/urn:uuid:([\da-f-]*)…/g)) {
			source += escape(line.slice(last, match.index)) + 'urn:uuid:';
			const label = match[1]!;
			const group = groups.get(label);
			if (label === '') {
				source += uuid;
			} else if (group === undefined) {
				const fresh = `urn${groups.size}`;
				source += [...groups.values()].map(other => String.raw`(?!\k<${other}>)`).join('') + `(?<${fresh}>${uuid})`;
				groups.set(label, fresh);
			} else {
				source += String.raw`\k<${group}>`;
			}

			last = match.index + match[0].length;
		}

		source += escape(line.slice(last)) + String.raw`\n`;
	}

	return new RegExp(`${source}$`, 'u');
}

function escape(text: string): string {
	return text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
}
