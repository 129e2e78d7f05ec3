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
 * @internal
 */
import {AwaitEffect, CallEffect, ReceiveEffect, ReplyEffect, SleepEffect} from './effects.js';
import {Future, PromiseSettler} from './future.js';
import {ProxyMessage} from './classes/messages.js';
import {makeProxy} from './classes/proxy.js';
import {Reply} from './reply.js';
import type {ActorSystem} from './system.js';

export function anchorShapes(system: ActorSystem): readonly unknown[] {
	const cell = system.createCell('ShapeAnchor', true);
	const future = new Future<unknown>();
	future.replier = cell;
	cell.mailbox.push(undefined, future);
	cell.mailbox.take();
	future.trySet(undefined);
	return [
		cell,
		future,
		new AwaitEffect(future),
		new CallEffect(cell.ref, undefined, undefined),
		new ReceiveEffect(undefined, 1),
		new ReplyEffect(undefined, false),
		new SleepEffect(1),
		new ProxyMessage('call', [], 'anchor', []),
		new Reply(future),
		makeProxy(cell.ref, []),
		new PromiseSettler<unknown>(() => undefined, () => undefined),
	];
}
