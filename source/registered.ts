/**
 * Types that a higher layer defines and a lower one must name: the ref of an
 * actor (which errors, futures and effects hand around) and the proxy a ref
 * gives. A lower layer names them through `Registered`, an interface that the
 * higher layer fills in by declaration merging (`declare module`), so that no
 * module imports, not even for a type, a module above it.
 *
 * `ref.ts` registers `ref: ActorRef<A>`; `classes/proxy.ts` registers
 * `proxy: ActorProxy<A>`.
 */
export interface Registered<A> {
	/** The actor type the registered types are of (only there to use `A`). */
	readonly actorType?: A;
}

// Indexed access, not a conditional type: it resolves even for a generic `A`
// (`ProxyOf<this>` inside a class is `ActorProxy<this>`), so casts from it work.

/** `ActorRef<A>`, as registered by `ref.ts`. */
export type RefOf<A> = Registered<A>['ref'];

/** `ActorProxy<A>`, as registered by `classes/proxy.ts`. */
export type ProxyOf<A> = Registered<A>['proxy'];
