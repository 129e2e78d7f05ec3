/**
 * Running the suite: for each workload, a warm-up, then rounds that
 * alternate floor and pykka in one process (floor, pykka, floor, pykka, …),
 * a forced GC before every run; then one summarised row per metric.
 */
import {summarise, type Summary} from './stats.js';
import {collectGarbage, type Measurement, type Metric, type Target, type Workload} from './workload.js';
import {workloads as allWorkloads} from './workloads.js';

export type SuiteOptions = {
	/** Names of the workloads to run; all when absent. */
	readonly only?: readonly string[];
	/** Measured rounds (each runs the floor, then pykka). */
	readonly rounds: number;
	/** Multiplies every workload's size. */
	readonly scale: number;
	/** Run one unmeasured round first. */
	readonly warmUp: boolean;
	/**
	 * Force a full GC before every run (default true), so that one run's
	 * garbage is not collected during the next. The memory workload collects
	 * regardless.
	 */
	readonly collectBetweenRuns?: boolean;
	/** Told as each run ends. */
	readonly progress?: (message: string) => void;
};

/** One metric's results: one row of the table. */
export type Row = {
	readonly workload: string;
	readonly metric: string;
	readonly unit: string;
	readonly better: Metric['better'];
	readonly target: Target | undefined;
	readonly pykka: Summary;
	readonly floor: Summary;
	/** Median pykka / median floor. */
	readonly ratio: number;
	/** Whether pykka meets the target; `undefined` without one. */
	readonly pass: boolean | undefined;
};

/** The workloads `only` names, in suite order; throws on an unknown name. */
export function selectWorkloads(only: readonly string[] | undefined): Workload[] {
	if (only === undefined) {
		return [...allWorkloads];
	}

	const names = new Set(allWorkloads.map(workload => workload.name));
	for (const name of only) {
		if (!names.has(name)) {
			throw new TypeError(`Unknown workload \`${name}\`; the workloads are ${[...names].join(', ')}`);
		}
	}

	return allWorkloads.filter(workload => only.includes(workload.name));
}

/** Runs the selected workloads (those that must run first, first) and gives one row per metric, in suite order. */
export async function runSuite(options: SuiteOptions): Promise<Row[]> {
	const selected = selectWorkloads(options.only);
	const order = [...selected.filter(workload => workload.runsFirst === true), ...selected.filter(workload => workload.runsFirst !== true)];
	const results = new Map<Workload, Row[]>();
	for (const workload of order) {
		results.set(workload, await runWorkload(workload, options));
	}

	// The table keeps the suite's order, whatever order the workloads ran in.
	return selected.flatMap(workload => results.get(workload) ?? []);
}

/** Runs one workload: warm-up, then `rounds` alternations of floor and pykka. */
export async function runWorkload(workload: Workload, options: SuiteOptions): Promise<Row[]> {
	const samples = {floor: [] as Measurement[], pykka: [] as Measurement[]};
	const runs = (options.warmUp ? 1 : 0) + options.rounds;
	for (let run = 0; run < runs; run++) {
		const measured = !(options.warmUp && run === 0);
		for (const side of ['floor', 'pykka'] as const) {
			if (options.collectBetweenRuns !== false) {
				collectGarbage();
			}

			const measurement = await workload[side](options.scale);
			if (measured) {
				samples[side].push(measurement);
			}

			options.progress?.(`${workload.name} ${measured ? `round ${run + (options.warmUp ? 0 : 1)}` : 'warm-up'} ${side}: ${
				workload.metrics.map(metric => `${metric.name}=${(measurement[metric.name] ?? Number.NaN).toPrecision(4)}`).join(' ')}`);
		}
	}

	return workload.metrics.map(metric => {
		const pick = (side: 'floor' | 'pykka'): Summary => summarise(samples[side].map(measurement => measurement[metric.name] ?? Number.NaN));
		const pykka = pick('pykka');
		const floor = pick('floor');
		const ratio = pykka.median / floor.median;
		const {target} = metric;
		let pass: boolean | undefined;
		if (target?.kind === 'ratio') {
			pass = ratio >= target.min;
		} else if (target?.kind === 'max') {
			pass = pykka.median <= target.max;
		}

		return {workload: workload.name, metric: metric.name, unit: metric.unit, better: metric.better, target, pykka, floor, ratio, pass};
	});
}
