/**
 * pykka/testing: test whole systems of actors in virtual time. A kit owns a
 * system on a virtual clock; `runUntilIdle` runs it until no actor can step,
 * `advance` moves time, probes record and expect messages.
 *
 * The public surface of the `pykka/testing` entry point, listed one by one.
 *
 * @module pykka/testing
 */
export {createTestKit, TestKit} from './kit.js';
export type {Failure, TestKitOptions} from './kit.js';
export {Probe} from './probe.js';
export type {ExpectOptions, ProbeOptions} from './probe.js';
export {VirtualClock} from './virtual-clock.js';
