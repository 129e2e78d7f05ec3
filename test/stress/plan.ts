/**
 * The plan of a stress run: a seeded PRNG and the planner that turns a seed
 * into a sequence of operations (spawns, tells, asks, field reads, stops).
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
 * The kinds of actor: four spawned behaviours and one class.
 * - echo: answers and forwards; fails, or stops itself, when told to.
 * - caller: also calls other actors (with an ask or the `call` effect) and sleeps.
 * - relay: also answers asks later, with `deferReply`, from another actor's answer.
 * - patient: also sleeps; its first receives have a timeout.
 * - counter: a class actor, used through its ref and its proxy (plain, async and generator methods).
 */
export type Kind = 'echo' | 'caller' | 'relay' | 'patient' | 'counter';

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
	| RelayAct;

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
};

export type Op =
	| {readonly type: 'spawn'; readonly actor: SpawnPlan}
	| {readonly type: 'tell'; readonly to: number; readonly route: Route; readonly act: Act}
	| {readonly type: 'ask'; readonly to: number; readonly route: Route; readonly act: Act; readonly timeout: number | undefined}
	| {readonly type: 'read'; readonly to: number}
	| {readonly type: 'stop'; readonly to: number; readonly timeout: number | undefined};

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

/**
 * Turns a seed into operations: first `actors` spawns, then a random mix.
 * Actor ids start at 1 (0 stands for the driver, outside any actor); a
 * stopped actor's place in the population goes to a newly spawned one.
 */
export class Planner {
	readonly #random: Random;
	readonly #population: number[] = [];
	readonly #kinds: Kind[] = ['echo'];
	readonly #queue: Op[] = [];
	#head = 0;
	#nextId = 1;

	constructor(seed: number, actors: number) {
		this.#random = new Random(seed);
		for (let index = 0; index < actors; index++) {
			const actor = this.#newActor();
			this.#population.push(actor.id);
			this.#queue.push({type: 'spawn', actor});
		}
	}

	next(): Op {
		if (this.#head < this.#queue.length) {
			const op = this.#queue[this.#head]!;
			this.#head++;
			if (this.#head === this.#queue.length) {
				this.#queue.length = 0;
				this.#head = 0;
			}

			return op;
		}

		return this.#randomOp();
	}

	#randomOp(): Op {
		const random = this.#random;
		const slot = random.below(this.#population.length);
		const to = this.#population[slot]!;
		const kind = this.#kind(to);
		const roll = random.next();
		if (roll < 0.003) {
			// Stop an actor mid-run; a new one takes its place.
			const actor = this.#newActor();
			this.#population[slot] = actor.id;
			this.#queue.push({type: 'spawn', actor});
			return {type: 'stop', to, timeout: random.chance(0.3) ? random.below(3) : undefined};
		}

		if (roll < 0.004) {
			return {type: 'tell', to, route: this.#route(kind, echo), act: {type: 'fail'}};
		}

		if (roll < 0.005) {
			return {type: 'tell', to, route: this.#route(kind, echo), act: {type: 'quit'}};
		}

		if (roll < 0.01) {
			return {type: 'ask', to, route: this.#route(kind, echo), act: {type: random.chance(0.5) ? 'fail' : 'failReply'}, timeout: undefined};
		}

		if (roll < 0.02 && kind === 'counter') {
			return {type: 'read', to};
		}

		const act = this.#act(to, 0);
		const route = this.#route(kind, act);
		if (roll < 0.45) {
			return {type: 'tell', to, route, act};
		}

		return {type: 'ask', to, route, act, timeout: random.chance(0.2) ? random.below(5) : undefined};
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
		return this.#population[this.#random.below(this.#population.length)]!;
	}

	#kind(id: number): Kind {
		return this.#kinds[id]!;
	}

	#newActor(): SpawnPlan {
		const random = this.#random;
		const roll = random.next();
		const kind: Kind = roll < 0.25 ? 'echo' : roll < 0.5 ? 'caller' : roll < 0.6 ? 'relay' : roll < 0.7 ? 'patient' : 'counter';
		const id = this.#nextId++;
		this.#kinds[id] = kind;
		return {
			id,
			kind,
			failStart: kind === 'counter' && random.chance(0.02),
			failStop: kind === 'counter' && random.chance(0.05),
		};
	}
}
