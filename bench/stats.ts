/**
 * Statistics of a benchmark's samples, and the number formatting of the table.
 */

/** The median, minimum and maximum of one side's samples. */
export type Summary = {
	readonly median: number;
	readonly min: number;
	readonly max: number;
	readonly samples: readonly number[];
};

/** Summarises samples; an empty list gives NaN everywhere. */
export function summarise(samples: readonly number[]): Summary {
	const sorted = samples.toSorted((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const median = sorted.length === 0
		? Number.NaN
		: (sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2);
	return {
		median,
		min: sorted[0] ?? Number.NaN,
		max: sorted.at(-1) ?? Number.NaN,
		samples: [...samples],
	};
}

/** `1.23M`, `456k`, `789`: three significant digits and an SI suffix. */
export function formatNumber(value: number): string {
	if (!Number.isFinite(value)) {
		return String(value);
	}

	const magnitude = Math.abs(value);
	for (const [scale, suffix] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) {
		if (magnitude >= scale) {
			return `${(value / scale).toPrecision(3)}${suffix}`;
		}
	}

	return magnitude >= 100 || value === 0 ? value.toFixed(0) : value.toPrecision(3);
}

/** `12.3k–45.6k`. */
export function formatRange(summary: Summary): string {
	return `${formatNumber(summary.min)}–${formatNumber(summary.max)}`;
}

/** Pads cells into aligned columns, with a rule under the header. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
	const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map(row => (row[column] ?? '').length)));
	const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
	return [line(header), line(widths.map(width => '-'.repeat(width))), ...rows.map(row => line(row))].join('\n');
}
