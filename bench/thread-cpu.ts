/**
 * CPU time of the calling thread alone (the firehose, the relay's servers and the other clients
 * run in other threads of the same process, so `process.cpuUsage()` would count them): nanoseconds on CPU from
 * `/proc/self/task/<pid>/schedstat`, or utime + stime from its `stat` (10 ms ticks) where
 * schedstat is missing; `undefined` off Linux. Background GC threads are not counted.
 */
import { readFileSync } from 'node:fs';

// The calling thread's own entry (a client thread of the bench reads its own CPU time), or the
// main thread's where thread-self is missing.
const task = probeDir('/proc/thread-self') ? '/proc/thread-self' : `/proc/self/task/${process.pid}`;

function probeDir(dir: string): boolean {
  try {
    readFileSync(`${dir}/schedstat`, 'latin1');
    return true;
  } catch {
    return false;
  }
}

const fromSchedstat = (): number => Number(readFileSync(`${task}/schedstat`, 'latin1').split(' ')[0]);

const fromStat = (): number => {
  const stat = readFileSync(`${task}/stat`, 'latin1');
  // Fields after the command name (which may hold spaces) in parentheses: state is field 3, utime 14, stime 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) * 1e7;
};

const probe = (read: () => number): boolean => {
  try {
    return Number.isFinite(read());
  } catch {
    return false;
  }
};

const reader = probe(fromSchedstat) ? fromSchedstat : probe(fromStat) ? fromStat : undefined;

/** Nanoseconds the calling thread has spent on a CPU so far, or undefined where this cannot be read. */
export const threadCpuNs: () => number | undefined = reader ?? (() => undefined);

/** Which source {@link threadCpuNs} reads. */
export const threadCpuSource: string = reader === fromSchedstat ? 'schedstat' : reader === fromStat ? 'stat' : 'none';
