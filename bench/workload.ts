/**
 * What a workload is: one job, run on pykka and on the floor, measured the
 * same way on both; and the helpers the workloads share.
 */

/** What a metric is held to: a ratio pykka/floor at least `min`, or a value at most `max`. */
export type Target =
	| {readonly kind: 'ratio'; readonly min: number}
	| {readonly kind: 'max'; readonly max: number};

/** One number a workload reports, one row of the table. */
export type Metric = {
	readonly name: string;
	readonly unit: string;
	/** Throughput is better higher; bytes and delays are better lower. */
	readonly better: 'higher' | 'lower';
	readonly target: Target | undefined;
};

/** One run's numbers, keyed by metric name. */
export type Measurement = Readonly<Record<string, number>>;

export type Workload = {
	readonly name: string;
	/** What it does, at scale 1. */
	readonly description: string;
	readonly metrics: readonly Metric[];
	/**
	 * Run before every other workload, while the process is fresh. Bytes per
	 * actor after a few other workloads have run come out ~10% higher on both
	 * sides (V8 lays out the same objects differently), and would differ
	 * between `--only memory` and a full run.
	 */
	readonly runsFirst?: boolean;
	/** Runs the workload on pykka (a fresh system) at `scale` times its size. */
	pykka(scale: number): Promise<Measurement>;
	/** Runs the workload on the floor at `scale` times its size. */
	floor(scale: number): Promise<Measurement>;
};

/** A size scaled, at least 1. */
export function scaled(size: number, scale: number): number {
	return Math.max(1, Math.round(size * scale));
}

/** Runs a full garbage collection, when Node runs with `--expose-gc`. */
export function collectGarbage(): void {
	globalThis.gc?.();
	globalThis.gc?.();
}

/** Operations per second of `count` operations done by `work`. */
export async function throughput(count: number, work: () => Promise<void>): Promise<number> {
	const start = performance.now();
	await work();
	const seconds = (performance.now() - start) / 1000;
	return count / Math.max(seconds, 1e-9);
}

/** Throws if a workload got a wrong answer: a fast wrong runtime measures nothing. */
export function check(condition: boolean, message: string): asserts condition {
	if (!condition) {
		throw new Error(`Benchmark check failed: ${message}`);
	}
}
