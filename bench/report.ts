/**
 * The suite's results as a table for people, or as JSON for machines.
 */
import process from 'node:process';
import {formatNumber, formatRange, formatTable} from './stats.js';
import type {Row, SuiteOptions} from './suite.js';
import type {Target} from './workload.js';

function formatTarget(target: Target | undefined, unit: string): string {
	if (target === undefined) {
		return '';
	}

	return target.kind === 'ratio' ? `≥ ${target.min}×` : `≤ ${target.max} ${unit}`;
}

/** Two decimals, or three where two would round a miss up to the target (0.695 is not 0.70). */
function formatRatio(row: Row): string {
	const short = row.ratio.toFixed(2);
	const ambiguous = row.target?.kind === 'ratio' && row.pass === false && Number(short) >= row.target.min;
	return `${ambiguous ? row.ratio.toFixed(3) : short}×`;
}

function formatVerdict(pass: boolean | undefined): string {
	if (pass === undefined) {
		return '';
	}

	return pass ? 'ok' : 'BELOW';
}

/**
 * One line per metric: the pykka and floor medians with their min–max, the
 * ratio pykka/floor where the target is a ratio (throughput: higher is
 * better), and the target with whether the pykka median meets it.
 */
export function formatReport(rows: readonly Row[]): string {
	const header = ['workload', 'unit', 'pykka median', 'pykka min–max', 'floor median', 'floor min–max', 'pykka/floor', 'target', ''];
	const lines = rows.map(row => [
		row.metric,
		row.unit,
		formatNumber(row.pykka.median),
		formatRange(row.pykka),
		formatNumber(row.floor.median),
		formatRange(row.floor),
		row.better === 'higher' ? formatRatio(row) : '—',
		formatTarget(row.target, row.unit),
		formatVerdict(row.pass),
	]);
	return formatTable(header, lines);
}

/** The results and the conditions they were measured in, as JSON. */
export function formatJson(rows: readonly Row[], options: SuiteOptions): string {
	return JSON.stringify({
		node: process.version,
		platform: `${process.platform} ${process.arch}`,
		options: {only: options.only ?? null, rounds: options.rounds, scale: options.scale, warmUp: options.warmUp, collectBetweenRuns: options.collectBetweenRuns !== false},
		rows,
	}, null, '\t');
}
