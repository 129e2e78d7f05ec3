/**
 * The ledger of supervision: each failure an actor reports, and whether its
 * restart policy lets it restart (the limit's window is longer than any
 * run, so the limit is a count); each incarnation that begins. A restart
 * follows exactly one failure, within the limit, never a kill; it is logged
 * with the numbers the ledger counts; and the restarted actor keeps its
 * ref, URN, proxy and registry entry.
 */
import {
	restart,
	type ActorRef,
	type ActorSystem,
	type Supervision,
} from 'pykka';
import {Counter, supervisedCounter} from './actors.js';
import {never, type ActorRecord, type Books} from './books.js';
import type {Lifecycle} from './lifecycle.js';
import {policies, policyWindowMs} from './plan.js';
import type {Timers} from './timers.js';

/** Restart identity checks that also look the actor up in the registry (a scan of it). */
const REGISTRY_CHECK_EVERY = 8;

export class Restarts {
	readonly #books: Books;
	readonly #lifecycle: Lifecycle;
	readonly #timers: Timers;
	readonly #system: ActorSystem;
	/** One per policy of the plan. */
	readonly #supervisions: readonly Supervision[];
	readonly #counterClasses: ReadonlyArray<typeof Counter>;
	/** The ids of supervised actors, by URN (to read a restart log). */
	readonly #urns = new Map<string, number>();

	constructor(books: Books, lifecycle: Lifecycle, timers: Timers, system: ActorSystem) {
		this.#books = books;
		this.#lifecycle = lifecycle;
		this.#timers = timers;
		this.#system = system;
		this.#supervisions = policies.map(policy => restart({
			limit: {restarts: policy.restarts, withinMs: policyWindowMs},
			backoff: {minMs: policy.minMs, maxMs: policy.maxMs, jitter: policy.jitter},
		}));
		this.#counterClasses = this.#supervisions.map(supervision => supervisedCounter(supervision));
	}

	/** The supervision of policy number `policy`, none if it is negative. */
	supervision(policy: number): Supervision | undefined {
		return policy < 0 ? undefined : this.#supervisions[policy];
	}

	/** The class of a class actor under policy number `policy` (Counter itself if it is negative). */
	counterClass(policy: number): typeof Counter {
		return policy < 0 ? Counter : this.#counterClasses[policy]!;
	}

	/** A supervised actor started under `urn`. */
	supervised(urn: string, id: number): void {
		this.#books.stats.supervised++;
		this.#urns.set(urn, id);
	}

	/**
	 * An actor failed (threw from a tell's handler, a spawned behaviour threw,
	 * or onStart threw) on the message in hand. It restarts if its policy
	 * allows one more restart; else it has failed for good.
	 */
	failed(id: number, inStart = false): void {
		const {stats} = this.#books;
		const record = this.#books.record(id);
		stats.failures++;
		if (inStart) {
			stats.startFailures++;
		}

		record.failures++;
		// Its timers end with the incarnation that failed.
		this.#timers.end(record);
		const {policy} = record;
		if (policy !== undefined && record.failures <= policy.restarts) {
			stats.restarts++;
			record.lastFailureClock = record.lastClock;
			return;
		}

		stats.finalFailures++;
		if (policy !== undefined) {
			stats.supervisedFinalFailures++;
		}

		this.#lifecycle.ended(id, 'failed');
	}

	/**
	 * The runtime logged a restart: it must be of the failure just reported,
	 * numbered as the ledger counts, with a backoff delay as the policy says.
	 */
	logged(urn: string, delay: number, restartNumber: number, limit: number): void {
		const books = this.#books;
		books.stats.loggedRestarts++;
		const id = this.#urns.get(urn);
		const record = id === undefined ? undefined : books.record(id);
		const policy = record?.policy;
		if (record === undefined || policy === undefined) {
			books.problem('badRestartLogs', () => `a restart was logged for ${urn}, which is no supervised actor of the run`);
			return;
		}

		const base = Math.min(policy.maxMs, policy.minMs * (2 ** (restartNumber - 1)));
		const right = restartNumber === record.failures && limit === policy.restarts && record.failures <= policy.restarts
			&& delay >= Math.round(base) && delay <= Math.round(base * (1 + policy.jitter));
		if (!right) {
			books.problem('badRestartLogs', () => `actor ${record.id} logged restart ${restartNumber} of ${limit} in ${delay} ms; the ledger has ${record.failures} failures, a limit of ${policy.restarts}, a delay of ${base} ms (jitter ${policy.jitter})`);
		}
	}

	/**
	 * An incarnation of a spawned actor began (its behaviour's body ran).
	 * Gives whether it is a restart.
	 */
	began(id: number): boolean {
		const record = this.#books.record(id);
		record.incarnations++;
		return this.#incarnation(record);
	}

	/**
	 * A class actor's instance was constructed; gives whether it is a restart.
	 * The first is constructed by `start`, before its record exists.
	 */
	constructed(id: number): boolean {
		const record = this.#books.records[id];
		if (record === undefined) {
			return false;
		}

		record.incarnations++;
		return this.#incarnation(record);
	}

	/** Each restart follows exactly one failure, within the policy's limit, and never a kill. */
	#incarnation(record: ActorRecord): boolean {
		if (record.incarnations === 1) {
			return false;
		}

		const restarts = record.incarnations - 1;
		if (record.policy === undefined || restarts !== record.failures || restarts > record.policy.restarts || record.killClock !== never || record.deathClock !== never) {
			this.#books.problem('wrongRestarts', () => `actor ${record.id} (${record.kind}) began incarnation ${record.incarnations} after ${record.failures} failures (limit ${String(record.policy?.restarts)}, kill ${record.killClock}, death ${record.deathClock})`);
		}

		return true;
	}

	/** A restarted actor looks at itself: the same ref, URN, registry entry (and proxy) as before. */
	checkIdentity(id: number, ref: ActorRef<unknown>, urn: string, proxy: unknown): void {
		const books = this.#books;
		const record = books.record(id);
		const {stats} = books;
		stats.identityChecks++;
		let same = ref === record.target.ref && urn === record.urn && (!record.target.isClass || proxy === record.target.proxy);
		if (same && stats.identityChecks % REGISTRY_CHECK_EVERY === 1) {
			stats.registryChecks++;
			same = this.#system.registry.getByUrn(urn) === ref;
		}

		if (!same) {
			books.problem('identityLost', () => `actor ${id} (${record.kind}) restarted as ${String(ref)}, was ${String(record.target.ref)} (${String(record.urn)})`);
		}
	}
}
