/**
 * The plan of a stress run: a seeded PRNG and the planner that turns a seed
 * into a sequence of operations (spawns, some under a restart policy, tells,
 * asks, field reads, stops, kills, and watches by a few watcher actors).
 *
 * The planner is pure: it reads nothing but its PRNG and its own bookkeeping
 * of which actor ids are in the population, so the same seed always gives the
 * same sequence of operations. What happens when they run (which asks time
 * out, which calls meet a deadlock) also depends on timing.
 */

/**
 * mulberry32: a 32-bit seeded PRNG, small and good enough to drive a test.
 * The same seed gives the same sequence.
 */
export class Random {
	#state: number;

	constructor(seed: number) {
		this.#state = seed >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		this.#state = (this.#state + 0x6D_2B_79_F5) >>> 0;
		let t = this.#state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	}

	/** A whole number in [0, n). */
	below(n: number): number {
		return Math.floor(this.next() * n);
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}
}

/**
 * The kinds of actor: four spawned behaviours and one class, all of which
 * also start, replace and cancel keyed timers when told to; and the watchers.
 * - echo: answers and forwards; fails, or stops itself, when told to.
 * - caller: also calls other actors (with an ask or the `call` effect) and sleeps.
 * - relay: also answers asks later, with `deferReply`, from another actor's answer.
 * - patient: also sleeps; its first receives have a timeout.
 * - counter: a class actor, used through its ref and its proxy (plain, async and generator methods).
 * - watcher: watches and unwatches others when told to, and reports the `Down`s
 *   it receives; spawned before all the others (so stopAll stops them last),
 *   never stopped, killed or failed before stopAll, never sent anything else.
 */
export type Kind = 'echo' | 'caller' | 'relay' | 'patient' | 'counter' | 'watcher';

/**
 * A restart policy (made with `restart()` by the engine). The window is
 * as long as a timeout may be, so that the limit is a plain count of
 * restarts and the checks can say exactly which failure is the last.
 * Backoffs are a few milliseconds: the run is on real time.
 */
export type Policy = {
	readonly restarts: number;
	readonly minMs: number;
	readonly maxMs: number;
	readonly jitter: number;
};

export const policies: readonly Policy[] = [
	{restarts: 0, minMs: 0, maxMs: 0, jitter: 0},
	{restarts: 1, minMs: 0, maxMs: 0, jitter: 0},
	{restarts: 3, minMs: 0, maxMs: 0, jitter: 0},
	{restarts: 2, minMs: 2, maxMs: 2, jitter: 0},
	{restarts: 3, minMs: 1, maxMs: 4, jitter: 0.5},
	{restarts: 4, minMs: 3, maxMs: 5, jitter: 0},
];

/** The window of every policy's limit: the longest a timeout may be. */
export const policyWindowMs = 2_147_483_647;

/** How a message reaches a class actor: its ref (onReceive) or one of its proxy's methods. */
export type Route = 'ref' | 'plain' | 'async' | 'generator';

export type Hop = {readonly to: number; readonly route: Route};

/** What the receiver of a message is to do. */
export type Act =
	| {readonly type: 'echo'}
	| {readonly type: 'fail'}
	| {readonly type: 'failReply'}
	| {readonly type: 'quit'}
	| {readonly type: 'sleep'; readonly ms: number}
	| {readonly type: 'forward'; readonly hops: readonly Hop[]}
	| CallAct
	| RelayAct
	| TimerAct
	| {readonly type: 'cancelTimer'; readonly key: number}
	| TickAct;

/** Start the keyed timer `key` (replacing one under that key): once after `ms`, or every `ms`. */
export type TimerAct = {readonly type: 'startTimer'; readonly key: number; readonly ms: number; readonly every: boolean};

/** Not planned: what a keyed timer's message carries (the timer's index in the engine's ledger). */
export type TickAct = {readonly type: 'tick'; readonly key: number; readonly timer: number};

/** Ask actor `to` (its answer is the answer), with an ask or the `call` effect. */
export type CallAct = {
	readonly type: 'call';
	readonly to: number;
	readonly route: Route;
	readonly via: 'ask' | 'effect';
	readonly timeout: number | undefined;
	readonly next: Act;
};

/** Take the reply with `deferReply` and settle it from an ask to actor `to`. */
export type RelayAct = {
	readonly type: 'relay';
	readonly to: number;
	readonly route: Route;
	readonly timeout: number;
	readonly next: Act;
};

export type SpawnPlan = {
	readonly id: number;
	readonly kind: Kind;
	/** A class actor whose onStart throws. */
	readonly failStart: boolean;
	/** A class actor whose onStop throws. */
	readonly failStop: boolean;
	/** Its restart policy, an index into `policies`; -1 for none. */
	readonly policy: number;
};

export type Op =
	| {readonly type: 'spawn'; readonly actor: SpawnPlan}
	| {readonly type: 'tell'; readonly to: number; readonly route: Route; readonly act: Act}
	| {readonly type: 'ask'; readonly to: number; readonly route: Route; readonly act: Act; readonly timeout: number | undefined}
	| {readonly type: 'read'; readonly to: number}
	| {readonly type: 'stop'; readonly to: number; readonly timeout: number | undefined}
	| {readonly type: 'kill'; readonly to: number}
	| {readonly type: 'watch' | 'unwatch'; readonly watcher: number; readonly to: number};

const echo: Act = {type: 'echo'};
const routes: readonly Route[] = ['ref', 'plain', 'async', 'generator'];

/** Whether an actor of this kind carries out this act (others take it as an echo). */
export function supports(kind: Kind, act: Act['type']): boolean {
	switch (act) {
		case 'sleep': {
			return kind === 'caller' || kind === 'patient' || kind === 'counter';
		}

		case 'call': {
			return kind === 'caller' || kind === 'relay' || kind === 'counter';
		}

		case 'relay': {
			return kind === 'relay';
		}

		default: {
			return true;
		}
	}
}

/** Whether an act needs a class actor's generator method (it waits on something). */
export function needsGenerator(act: Act): boolean {
	return act.type === 'sleep' || act.type === 'call' || act.type === 'relay';
}

/** A set of ids in an array (for a seeded random pick) with a map of their places (for removal at once). */
class IdSet {
	readonly #ids: number[] = [];
	readonly #places = new Map<number, number>();

	get size(): number {
		return this.#ids.length;
	}

	at(index: number): number {
		return this.#ids[index]!;
	}

	has(id: number): boolean {
		return this.#places.has(id);
	}

	add(id: number): void {
		this.#places.set(id, this.#ids.length);
		this.#ids.push(id);
	}

	/** Puts `next` in the place of `id`. */
	replace(id: number, next: number): void {
		const place = this.#places.get(id)!;
		this.#places.delete(id);
		this.#places.set(next, place);
		this.#ids[place] = next;
	}

	delete(id: number): void {
		const place = this.#places.get(id);
		if (place === undefined) {
			return;
		}

		this.#places.delete(id);
		const last = this.#ids.pop()!;
		if (last !== id) {
			this.#ids[place] = last;
			this.#places.set(last, place);
		}
	}
}

/** How many ops later a planned-later op comes. */
const laterBy = 300;

/** At most this many watchers; a watched pair's key is `to * maxWatchers + watcher index`. */
const maxWatchers = 64;

/**
 * Turns a seed into operations: first the watchers' and `actors` spawns,
 * then a random mix. Actor ids start at 1 (0 stands for the driver, outside
 * any actor); a stopped or killed actor's place in the population goes to a
 * newly spawned one, and so does a supervised actor's once the failures
 * planned for it pass its limit.
 */
export class Planner {
	readonly #random: Random;
	readonly #population = new IdSet();
	/** The supervised actors of the population, to fail on purpose. */
	readonly #supervised = new IdSet();
	/** Failures planned so far per supervised actor. */
	readonly #failures = new Map<number, number>();
	readonly #watchers: number[] = [];
	/** The keys of the pairs (watcher, actor) watched and not yet unwatched. */
	readonly #watched = new IdSet();
	/** The keys of every pair ever watched: a pair is watched at most once. */
	readonly #pairs = new Set<number>();
	readonly #kinds: Kind[] = ['echo'];
	readonly #policies: number[] = [-1];
	readonly #queue: Op[] = [];
	#head = 0;
	/** Ops planned for later: after `laterBy` more ops (so after the driver has let the actors run). */
	readonly #later: Array<{readonly at: number; readonly op: Op}> = [];
	#laterHead = 0;
	#count = 0;
	#nextId = 1;

	/** How many spawns come first: the watchers', then the population's. */
	readonly firstSpawns: number;

	constructor(seed: number, actors: number) {
		this.#random = new Random(seed);
		const watchers = Math.min(maxWatchers, Math.max(2, Math.round(actors / 1000)));
		for (let index = 0; index < watchers; index++) {
			const id = this.#nextId++;
			this.#kinds[id] = 'watcher';
			this.#policies[id] = -1;
			this.#watchers.push(id);
			this.#queue.push({type: 'spawn', actor: {id, kind: 'watcher', failStart: false, failStop: false, policy: -1}});
		}

		for (let index = 0; index < actors; index++) {
			const actor = this.#newActor();
			this.#population.add(actor.id);
			if (actor.policy >= 0) {
				this.#supervised.add(actor.id);
			}

			this.#queue.push({type: 'spawn', actor});
		}

		this.firstSpawns = this.#queue.length;
	}

	next(): Op {
		this.#count++;
		if (this.#head < this.#queue.length) {
			const op = this.#queue[this.#head]!;
			this.#head++;
			if (this.#head === this.#queue.length) {
				this.#queue.length = 0;
				this.#head = 0;
			}

			return op;
		}

		const later = this.#later[this.#laterHead];
		if (later !== undefined && later.at <= this.#count) {
			this.#laterHead++;
			if (this.#laterHead === this.#later.length) {
				this.#later.length = 0;
				this.#laterHead = 0;
			}

			return later.op;
		}

		return this.#randomOp();
	}

	#randomOp(): Op {
		const random = this.#random;
		const to = this.#anyActor();
		const kind = this.#kind(to);
		const roll = random.next();
		if (roll < 0.003) {
			// Stop an actor mid-run; a new one takes its place.
			this.#replace(to);
			return {type: 'stop', to, timeout: random.chance(0.3) ? random.below(3) : undefined};
		}

		if (roll < 0.004) {
			this.#replace(to);
			return {type: 'kill', to};
		}

		if (roll < 0.005) {
			this.#failing(to);
			return {type: 'tell', to, route: this.#route(kind, echo), act: {type: 'fail'}};
		}

		if (roll < 0.006) {
			return {type: 'tell', to, route: this.#route(kind, echo), act: {type: 'quit'}};
		}

		if (roll < 0.01) {
			const act: Act = {type: random.chance(0.5) ? 'fail' : 'failReply'};
			// A class actor lives on when the handler of an ask throws; a spawned one fails on `fail`.
			if (act.type === 'fail' && kind !== 'counter') {
				this.#failing(to);
			}

			return {type: 'ask', to, route: this.#route(kind, echo), act, timeout: undefined};
		}

		if (roll < 0.015 && this.#supervised.size > 0) {
			// Fail a supervised actor: it restarts, until past its limit.
			const target = this.#supervised.at(random.below(this.#supervised.size));
			const targetKind = this.#kind(target);
			this.#failing(target);
			if (random.chance(0.15) && this.#population.has(target)) {
				// Stop or kill it a little later: after its failure, maybe while it waits to restart.
				this.#replace(target);
				this.#later.push({at: this.#count + laterBy, op: random.chance(0.5) ? {type: 'stop', to: target, timeout: undefined} : {type: 'kill', to: target}});
			}

			const act: Act = {type: 'fail'};
			return targetKind === 'counter' || random.chance(0.5)
				? {type: 'tell', to: target, route: this.#route(targetKind, echo), act}
				: {type: 'ask', to: target, route: 'ref', act, timeout: undefined};
		}

		if (roll < 0.017) {
			const index = random.below(this.#watchers.length);
			const key = (to * maxWatchers) + index;
			if (!this.#pairs.has(key)) {
				this.#pairs.add(key);
				this.#watched.add(key);
				return {type: 'watch', watcher: this.#watchers[index]!, to};
			}
		} else if (roll < 0.0175 && this.#watched.size > 0) {
			const key = this.#watched.at(random.below(this.#watched.size));
			this.#watched.delete(key);
			return {type: 'unwatch', watcher: this.#watchers[key % maxWatchers]!, to: Math.floor(key / maxWatchers)};
		} else if (roll < 0.03) {
			const act = this.#timerAct();
			if (act.type === 'startTimer' && random.chance(0.4)) {
				// At once after it, replace or cancel that timer, likely before it fires.
				const next: Act = random.chance(0.6) ? {...act, ms: 1 + random.below(5)} : {type: 'cancelTimer', key: act.key};
				this.#queue.push({type: 'tell', to, route: this.#route(kind, next), act: next});
			}

			const route = this.#route(kind, act);
			return random.chance(0.7) ? {type: 'tell', to, route, act} : {type: 'ask', to, route, act, timeout: undefined};
		} else if (roll < 0.04 && kind === 'counter') {
			return {type: 'read', to};
		}

		const act = this.#act(to, 0);
		const route = this.#route(kind, act);
		if (roll < 0.46) {
			return {type: 'tell', to, route, act};
		}

		return {type: 'ask', to, route, act, timeout: random.chance(0.2) ? random.below(5) : undefined};
	}

	/** Start (or replace) a keyed timer, once or repeating, or cancel one. */
	#timerAct(): Act {
		const random = this.#random;
		const key = random.below(3);
		const roll = random.next();
		if (roll < 0.35) {
			return {type: 'cancelTimer', key};
		}

		const every = roll >= 0.85;
		return {type: 'startTimer', key, ms: every ? 2 + random.below(3) : (random.chance(0.7) ? 1 + random.below(5) : 10 + random.below(30)), every};
	}

	/** What actor `self` is to do; `depth` bounds chains of calls. */
	#act(self: number, depth: number): Act {
		const random = this.#random;
		const kind = this.#kind(self);
		const roll = random.next();
		if (roll < 0.5) {
			return echo;
		}

		if (roll < 0.7) {
			const hops: Hop[] = [];
			const count = 1 + random.below(3);
			for (let index = 0; index < count; index++) {
				const to = this.#anyActor();
				hops.push({to, route: this.#route(this.#kind(to), echo)});
			}

			return {type: 'forward', hops};
		}

		if (roll < 0.78) {
			return supports(kind, 'sleep') ? {type: 'sleep', ms: random.below(3)} : echo;
		}

		if (roll < 0.93 || !supports(kind, 'relay')) {
			if (!supports(kind, 'call') || depth >= 2) {
				return echo;
			}

			const to = this.#anyActor();
			const toKind = this.#kind(to);
			// Deadlock-prone on purpose: the callee is to call its caller back.
			const next: Act = random.chance(0.35) && supports(toKind, 'call')
				? {type: 'call', to: self, route: this.#route(kind, echo), via: 'ask', timeout: undefined, next: echo}
				: this.#act(to, depth + 1);
			return {
				type: 'call',
				to,
				route: this.#route(toKind, next),
				via: random.chance(0.5) ? 'ask' : 'effect',
				timeout: random.chance(0.25) ? 1 + random.below(5) : undefined,
				next,
			};
		}

		// A relay's forwarded ask always has a timeout: deadlock detection
		// cannot see through a deferred reply, so only the timeout can end a
		// cycle that goes through one.
		const to = this.#anyActor();
		const next = depth >= 2 ? echo : this.#act(to, depth + 1);
		return {type: 'relay', to, route: 'ref', timeout: 5 + random.below(20), next};
	}

	#route(kind: Kind, act: Act): Route {
		if (kind !== 'counter') {
			return 'ref';
		}

		const route = routes[this.#random.below(routes.length)]!;
		return needsGenerator(act) && (route === 'plain' || route === 'async') ? 'generator' : route;
	}

	#anyActor(): number {
		return this.#population.at(this.#random.below(this.#population.size));
	}

	#kind(id: number): Kind {
		return this.#kinds[id]!;
	}

	/** A failure is planned for `id`: a supervised actor past its limit is taken out of the population. */
	#failing(id: number): void {
		const policy = this.#policies[id]!;
		if (policy < 0) {
			return;
		}

		const failures = (this.#failures.get(id) ?? 0) + 1;
		this.#failures.set(id, failures);
		if (failures > policies[policy]!.restarts && this.#population.has(id)) {
			this.#replace(id);
		}
	}

	/** A new actor takes the place of `id` in the population. */
	#replace(id: number): void {
		const actor = this.#newActor();
		this.#population.replace(id, actor.id);
		this.#supervised.delete(id);
		this.#failures.delete(id);
		if (actor.policy >= 0) {
			this.#supervised.add(actor.id);
		}

		this.#queue.push({type: 'spawn', actor});
	}

	#newActor(): SpawnPlan {
		const random = this.#random;
		const roll = random.next();
		const kind: Kind = roll < 0.25 ? 'echo' : roll < 0.5 ? 'caller' : roll < 0.6 ? 'relay' : roll < 0.7 ? 'patient' : 'counter';
		const id = this.#nextId++;
		const policy = random.chance(0.3) ? random.below(policies.length) : -1;
		this.#kinds[id] = kind;
		this.#policies[id] = policy;
		return {
			id,
			kind,
			failStart: kind === 'counter' && random.chance(0.02),
			failStop: kind === 'counter' && random.chance(0.05),
			policy,
		};
	}
}
