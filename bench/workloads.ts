/**
 * Every workload of the suite, in the order the table shows them.
 */
import type {Workload} from './workload.js';
import {ask} from './workloads/ask.js';
import {fanOut} from './workloads/fan-out.js';
import {lag} from './workloads/lag.js';
import {lagCostly} from './workloads/lag-costly.js';
import {memory, memoryClass} from './workloads/memory.js';
import {pingPong} from './workloads/ping-pong.js';
import {restartWorkload} from './workloads/restart.js';
import {spawnStop, spawnStopClass} from './workloads/spawn-stop.js';
import {tell} from './workloads/tell.js';

export const workloads: readonly Workload[] = [tell, ask, pingPong, fanOut, spawnStop, spawnStopClass, restartWorkload, memory, memoryClass, lag, lagCostly];
