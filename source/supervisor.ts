/**
 * Supervisors: an actor that starts a group of children, watches them, and
 * restarts them when they fail, by Erlang/OTP's strategies.
 */
import {receive, reply, unwatch, watch, type AnyBehaviour, type Handles, type Operation} from './effects.js';
import {PykkaError} from './errors.js';
import {Down} from './exit.js';
import type {Protocol, Replies} from './protocol.js';
import type {RestartLimit} from './supervision.js';
import type {ActorRef} from './ref.js';
import {defaultSystem, type ActorSystem, type StartableClass} from './system.js';
import {checkOptions, isInstance, show} from './validate.js';

/** One child of a supervisor: a behaviour or an actor class, with its arguments and a name. */
export type ChildSpec =
	| {
		/** The child's name: its actor's name, and how `{type: 'child', name}` finds it. */
		readonly name: string;
		/** The child's behaviour (a generator function). */
		readonly behaviour: AnyBehaviour;
		/** Arguments for the behaviour, at each (re)start. */
		readonly args?: readonly unknown[] | undefined;
	}
	| {
		/** The child's name: how `{type: 'child', name}` finds it. */
		readonly name: string;
		/** The child's class (a subclass of `Actor`). */
		readonly actorClass: StartableClass<object, never[]>;
		/** Constructor arguments, at each (re)start. */
		readonly args?: readonly unknown[] | undefined;
	};

/**
 * How a supervisor restarts its children when one fails (Erlang/OTP's
 * meanings): `one-for-one` restarts that child; `one-for-all` stops the
 * others (in reverse start order) and restarts them all; `rest-for-one`
 * stops the children started after it (in reverse order) and restarts it
 * and them. A child that stops (not fails) is not restarted.
 */
export type SupervisorStrategy = 'one-for-one' | 'one-for-all' | 'rest-for-one';

/** The options of `supervisor`. */
export type SupervisorOptions = {
	/** How to restart (default `one-for-one`). */
	readonly strategy?: SupervisorStrategy | undefined;
	/** At most `restarts` restarts within `withinMs` milliseconds (default 3 within 5,000); past that the supervisor fails, stopping its children. */
	readonly limit?: RestartLimit | undefined;
	/** The supervisor's name (default `Supervisor`). */
	readonly name?: string | undefined;
	/** The system to start the supervisor and its children in (default: the default system). */
	readonly system?: ActorSystem | undefined;
};

/**
 * What a supervisor answers: `{type: 'children'}` gives the current
 * children's refs in start order; `{type: 'child', name}` one of them (or
 * `undefined` while it is stopped and not restarted).
 */
export type SupervisorProtocol = Protocol<
	| Replies<ChildrenRequest, ReadonlyArray<ActorRef<unknown>>>
	| Replies<ChildRequest, ActorRef<unknown> | undefined>
>;

/** Asks a supervisor for its current children's refs, in start order. */
export type ChildrenRequest = {
	/** `'children'`. */
	readonly type: 'children';
};

/** Asks a supervisor for one child's current ref. */
export type ChildRequest = {
	/** `'child'`. */
	readonly type: 'child';
	/** The child's name. */
	readonly name: string;
};

/** The error a supervisor fails with when its children failed more often than its limit allows. */
export class RestartLimitError extends PykkaError {
	/** `'RestartLimitError'`. */
	override name = 'RestartLimitError';
}

/**
 * Starts a supervisor of `children`: it starts them in order, restarts them
 * by its strategy when they fail, and stops them in reverse order when it
 * stops. Ask it `{type: 'children'}` for the current refs (a restarted child
 * has a new ref).
 *
 * @example
 * const group = supervisor([
 *   {name: 'db', actorClass: Database},
 *   {name: 'cache', behaviour: cache, args: [100]},
 * ], {strategy: 'rest-for-one', limit: {restarts: 5, withinMs: 10_000}});
 * const [db, cache] = await group.ask({type: 'children'});
 */
export function supervisor(children: readonly ChildSpec[], options?: SupervisorOptions): ActorRef<SupervisorProtocol> {
	if (!Array.isArray(children)) {
		throw new TypeError(`Expected \`children\` to be an array of child specs, got ${show(children)}`);
	}

	const specs = children.map((child, index) => checkChild(child, index));
	const names = new Set(specs.map(spec => spec.name));
	if (names.size !== specs.length) {
		throw new TypeError(`Expected the children's names to differ, got ${show(specs.map(spec => spec.name))}`);
	}

	const bag = checkOptions(options);
	const strategy = bag?.['strategy'] ?? 'one-for-one';
	if (strategy !== 'one-for-one' && strategy !== 'one-for-all' && strategy !== 'rest-for-one') {
		throw new TypeError(`Expected \`strategy\` to be 'one-for-one', 'one-for-all' or 'rest-for-one', got ${show(strategy)}`);
	}

	const limit = checkOptions(bag?.['limit'], 'limit');
	const restarts = limit?.['restarts'] ?? 3;
	const withinMs = limit?.['withinMs'] ?? 5000;
	if (typeof restarts !== 'number' || !Number.isInteger(restarts) || restarts < 0) {
		throw new TypeError(`Expected \`limit.restarts\` to be a whole number >= 0, got ${show(restarts)}`);
	}

	if (typeof withinMs !== 'number' || !Number.isFinite(withinMs) || withinMs < 0) {
		throw new TypeError(`Expected \`limit.withinMs\` to be a number of milliseconds >= 0, got ${show(withinMs)}`);
	}

	const system = bag?.['system'] ?? defaultSystem();
	const name = bag?.['name'] ?? 'Supervisor';
	return (system as ActorSystem).spawn(supervising, {
		name: name as string,
		args: [{specs, strategy, restarts, withinMs, system: system as ActorSystem}],
	});
}

type Spec = {
	readonly name: string;
	readonly start: (system: ActorSystem) => ActorRef<unknown>;
};

function checkChild(child: unknown, index: number): Spec {
	const bag = checkOptions(child, `children[${index}]`) ?? {};
	const {name} = bag;
	if (typeof name !== 'string' || name === '') {
		throw new TypeError(`Expected \`children[${index}].name\` to be a non-empty string, got ${show(name)}`);
	}

	const args = bag['args'] ?? [];
	if (!Array.isArray(args)) {
		throw new TypeError(`Expected \`children[${index}].args\` to be an array, got ${show(args)}`);
	}

	const {behaviour, actorClass} = bag;
	if ((behaviour === undefined) === (actorClass === undefined)) {
		throw new TypeError(`Expected \`children[${index}]\` to have a behaviour or an actorClass (one of them), got ${show(child)}`);
	}

	if (behaviour !== undefined) {
		return {name, start: system => system.spawn(behaviour as AnyBehaviour, {name, args: args as never})};
	}

	return {name, start: system => system.start(actorClass as StartableClass<object, unknown[]>, ...(args as unknown[]))};
}

/** What a supervisor runs by: its children, strategy, limit and system. */
type Plan = {
	readonly specs: readonly Spec[];
	readonly strategy: SupervisorStrategy;
	readonly restarts: number;
	readonly withinMs: number;
	readonly system: ActorSystem;
};

/** The supervisor's behaviour. */
function * supervising(plan: Plan): Handles<SupervisorProtocol> {
	const {specs, system} = plan;
	const refs: Array<ActorRef<unknown> | undefined> = specs.map(() => undefined);
	const restartTimes: number[] = [];
	try {
		yield * startChildren(plan, refs, 0, specs.length - 1);
		for (;;) {
			const message = yield * receive();
			if (isInstance(message, Down)) {
				const index = refs.indexOf(message.ref);
				if (index === -1) {
					continue;
				}

				refs[index] = undefined;
				if (message.exit.reason !== 'failed') {
					// Stopped or killed: not a failure, not restarted.
					continue;
				}

				const now = system.clock.now();
				while (restartTimes.length > 0 && restartTimes[0]! <= now - plan.withinMs) {
					restartTimes.shift();
				}

				if (restartTimes.length >= plan.restarts) {
					throw new RestartLimitError(`${specs[index]?.name ?? 'A child'} failed past the limit of ${plan.restarts} restarts within ${plan.withinMs} ms`, {cause: message.exit.error});
				}

				restartTimes.push(now);
				const from = plan.strategy === 'one-for-all' ? 0 : index;
				const to = plan.strategy === 'one-for-one' ? index : specs.length - 1;
				// Stop the others to restart, in reverse start order, then start them all again in order.
				yield * stopChildren(refs, from, to);
				yield * startChildren(plan, refs, from, to);
				continue;
			}

			const request = readRequest(message);
			if (request?.type === 'children') {
				yield * reply(refs.filter(ref => ref !== undefined));
			} else if (request?.type === 'child') {
				const index = specs.findIndex(spec => spec.name === request.name);
				yield * reply(index === -1 ? undefined : refs[index]);
			}
		}
	} finally {
		// The children stop with their supervisor, in reverse start order.
		yield * stopChildren(refs, 0, refs.length - 1);
	}
}

/** Starts the children `from`…`to`, in order, and watches them. */
function * startChildren(plan: Plan, refs: Array<ActorRef<unknown> | undefined>, from: number, to: number): Operation<void> {
	for (let index = from; index <= to; index++) {
		const ref = plan.specs[index]!.start(plan.system);
		refs[index] = ref;
		yield * watch(ref);
	}
}

/** Stops the running children among `from`…`to`, in reverse order, each after the one before is dead. */
function * stopChildren(refs: Array<ActorRef<unknown> | undefined>, from: number, to: number): Operation<void> {
	for (let index = to; index >= from; index--) {
		const ref = refs[index];
		if (ref !== undefined) {
			refs[index] = undefined;
			yield * unwatch(ref);
			yield * ref.stop();
		}
	}
}

/** A request's `type` and `name`, read without letting a hostile message (a Proxy whose traps throw) fail the supervisor. */
function readRequest(message: unknown): {type: unknown; name: unknown} | undefined {
	try {
		if (typeof message !== 'object' || message === null) {
			return undefined;
		}

		const {type, name} = message as {type?: unknown; name?: unknown};
		return {type, name};
	} catch {
		return undefined;
	}
}
