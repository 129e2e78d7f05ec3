/**
 * Shape anchors: one long-lived object of each class on the hot paths.
 *
 * V8 compiles hot functions against the hidden classes ("maps") of the
 * objects they see, and holds those maps weakly. When every actor of a burst
 * has stopped and a full garbage collection runs, the maps of cells, futures
 * and messages die with them, and all the optimised code of the interpreter
 * is thrown away; the next burst runs slowly until it is compiled again
 * (measured: ping-pong at a third of its speed after each full GC). Keeping
 * one object of each kind alive pins those maps, at the cost of a few hundred
 * bytes once.
 *
 * Nothing is made at import: each layer anchors its own classes when its
 * first actor starts (the runtime its cells, futures and effects; the class
 * adapter its cells, proxy messages and proxies).
 */
import {realClock} from '../clock.js';
import {AwaitEffect, Future, PromiseSettler} from '../future.js';
import {CallEffect, ReceiveEffect, ReplyEffect, SleepEffect} from '../effects.js';
import {consoleLogger} from '../logger.js';
import {replyFor} from '../reply.js';
import type {CellHost} from './cell.js';
import {Mailbox} from './mailbox.js';
import type {Scheduler} from './scheduler.js';

/** The anchors made so far, by the name of the layer that made them; made with the first. */
let anchors: Map<string, readonly unknown[]> | undefined;

/** Keeps the objects `make` gives alive for the life of the process; `make` runs once per `key`. */
export function keepShapes(key: string, make: () => readonly unknown[]): void {
	anchors ??= new Map();
	if (!anchors.has(key)) {
		anchors.set(key, make());
	}
}

/** The anchors made under `key`, if any (a layer may anchor its shapes next to another's). */
export function anchoredShapes(key: string): readonly unknown[] | undefined {
	return anchors?.get(key);
}

/** A host for anchor cells, which never run. */
export function anchorHost(): CellHost {
	return {
		scheduler: undefined as unknown as Scheduler,
		clock: realClock,
		logger: consoleLogger,
		cellStopping() {},
		handedReplies: 0,
		cellOf() {
			throw new TypeError('An anchor cell knows no refs');
		},
	};
}

/** The runtime's own anchors, around one cell that never runs. */
export function runtimeShapes(cell: object): readonly unknown[] {
	const future = new Future<unknown>();
	future.replier = cell as never;
	const mailbox = new Mailbox();
	mailbox.push(undefined, future);
	mailbox.take();
	future.trySet(undefined);
	return [
		cell,
		mailbox,
		future,
		new AwaitEffect(future),
		new CallEffect(cell as never, undefined, undefined),
		new ReceiveEffect(undefined, 1),
		new ReplyEffect(undefined, false),
		new SleepEffect(1),
		replyFor(future),
		new PromiseSettler<unknown>(() => undefined, () => undefined),
	];
}
