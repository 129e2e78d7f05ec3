/**
 * Protocols: what an actor takes as messages and what its asks are answered
 * with, as types only. An actor type `A` (the `A` of `ActorRef<A>`) is one of:
 *
 * - a class actor, typed by its `onReceive` (or `react`);
 * - `Receives<M, R>`: takes `M`, answers every ask with `R`;
 * - `Protocol<Replies<M1, R1> | Replies<M2, R2> | …>`: a reply type per
 *   message type, so that `ask` and `call` give the reply of the message sent.
 */
import type {Unwrapped} from './unwrapped.js';

/**
 * The key of the phantom member that carries an actor type on refs and on
 * behaviours' generators, so that it can be inferred back from them. It
 * exists only in the types.
 */
export declare const actorType: unique symbol;

/** Something that carries the actor type `A` (a behaviour's generator, typed `Handles<A>`). */
export type CarriesActorType<A> = {
	/** The actor type, in the types only. */
	readonly [actorType]?: A;
};

/**
 * The protocol of an actor that takes messages of type `M` and answers asks
 * with `R`. `ActorRef<Receives<M, R>>` is the ref of such an actor.
 */
export type Receives<M, R> = {
	/** Takes a message; what it gives answers an ask. */
	onReceive(message: M): R;
};

/** One message type of a `Protocol`, and the reply its asks get. */
export type Replies<M, R> = {
	/** The message type. */
	readonly message: M;
	/** The type its asks are answered with. */
	readonly reply: R;
};

/**
 * A protocol with a reply type per message type. `ask` and `call` then give
 * the reply type of the message sent, and a message of no listed type does
 * not compile.
 *
 * @example
 * type AccountProtocol = Protocol<
 *   | Replies<{type: 'deposit'; amount: number}, number>
 *   | Replies<{type: 'balance'}, number>
 *   | Replies<{type: 'close'}, void>
 * >;
 */
export type Protocol<Entries extends Replies<unknown, unknown>> = {
	/** The entries, in the types only. */
	readonly [protocolEntries]: Entries;
};

/** The key of a `Protocol`'s entries, which exist only in the types. */
export declare const protocolEntries: unique symbol;

/** What an actor of type `A` takes as a message. */
export type MessageOf<A> = A extends Protocol<infer Entries>
	? Entries['message']
	: A extends {
		/** A class actor's handler: its parameter is the message type. */
		onReceive(message: infer M): unknown;
	}
		? (unknown extends M ? ReactMessageOf<A> : M)
		: unknown;
type ReactMessageOf<A> = A extends {react(message: infer M): unknown} ? M : unknown;

/**
 * What an ask of message `M` to an actor of type `A` is answered with: for a
 * `Protocol`, the reply of the entry `M` belongs to; else the one reply type.
 */
export type ReplyOf<A, M = MessageOf<A>> = A extends Protocol<infer Entries>
	? EntryReply<Entries, M>
	: A extends {
		/** A class actor's handler: what it gives is the reply type. */
		onReceive(...parameters: never): infer R;
	}
		? (unknown extends R ? ReactReplyOf<A> : Unwrapped<R>)
		: unknown;
type ReactReplyOf<A> = A extends {react(...parameters: never): infer R} ? Unwrapped<R> : unknown;

/** The replies of the entries that message `M` belongs to (each member of a union `M` on its own). */
type EntryReply<Entries, M> = M extends unknown
	? (Entries extends Replies<infer EntryMessage, infer Reply> ? (M extends EntryMessage ? Reply : never) : never)
	: never;
