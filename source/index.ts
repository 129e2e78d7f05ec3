/**
 * pykka: Pykka's easy actor-model concurrency for TypeScript, on generators.
 *
 * The public surface, listed one by one.
 *
 * @module pykka
 */
export {Actor} from './classes/actor.js';
export type {ActorTimers} from './classes/actor.js';
export type {ActorConstructor} from './classes/start.js';
export type {ActorProxy, NestedProxy, ProxyMethod} from './classes/proxy.js';
export {traversable} from './classes/traversable.js';
export type {Traversable} from './classes/traversable.js';
export {realClock} from './clock.js';
export type {Clock, TimerHandle} from './clock.js';
export {call, cancelTimer, deferReply, receive, reply, replyError, self, sleep, startTimer, unwatch, watch} from './effects.js';
export type {
	ActorTypeOf,
	AnyBehaviour,
	AwaitEffect,
	Behaviour,
	CallEffect,
	CancelTimerEffect,
	CallOptions,
	DeferReplyEffect,
	Effect,
	Handles,
	MessageMatcher,
	Operation,
	ReceiveEffect,
	ReceiveOptions,
	ReplyEffect,
	SelfEffect,
	SleepEffect,
	StartTimerEffect,
	TimerOptions,
	WatchEffect,
} from './effects.js';
export {Down} from './exit.js';
export type {Exit} from './exit.js';
export {restart, Supervision} from './supervision.js';
export {RestartLimitError, supervisor} from './supervisor.js';
export type {ChildRequest, ChildrenRequest, ChildSpec, SupervisorOptions, SupervisorProtocol, SupervisorStrategy} from './supervisor.js';
export type {Backoff, RestartLimit, RestartOptions} from './supervision.js';
export {ActorDeadError, DeadlockError, PykkaError, TimeoutError} from './errors.js';
export {Future, getAll} from './future.js';
export type {FutureJson, FutureOptions, FutureValue, FutureValues, GetOptions} from './future.js';
export {consoleLogger} from './logger.js';
export type {Logger} from './logger.js';
export type {MessageOf, Protocol, Receives, Replies, ReplyOf} from './protocol.js';
export {ActorRef} from './ref.js';
export type {AskOptions, Cancellable, StopOptions} from './ref.js';
export {Registry} from './registry.js';
export type {ActorClass, StopAllOptions} from './registry.js';
export {Reply} from './reply.js';
export {ActorRegistry, ActorSystem, createSystem, defaultSystem, spawn} from './system.js';
export type {SpawnOptions, SpawnRest, StartableClass, SystemOptions} from './system.js';
export type {Unwrapped} from './unwrapped.js';
