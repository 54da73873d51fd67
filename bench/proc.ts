/**
 * @module proc
 * Resource readings of processes from Linux' `/proc` (no dependency, works for processes of
 * other users such as PostgreSQL run as `postgres`): resident memory of a process tree, CPU time
 * of a set of processes, and the machine's busy share.
 *
 * Resident memory is reported twice: RSS (`VmRSS`, what `top` shows) and PSS (`Pss` of
 * `smaps_rollup`, each shared page divided among the processes mapping it). Summing RSS over
 * PostgreSQL's processes counts its shared buffers once per backend that touched them; the PSS
 * sum does not.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Memory of one process or a tree of processes, in MiB. */
export interface MemoryReading {
  /** Number of processes summed. */
  processes: number;
  rssMiB: number;
  /** Null when `smaps_rollup` is not readable (kernel < 4.14 or no permission). */
  pssMiB: number | null;
}

const KIB_PER_MIB = 1024;

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process exited meanwhile
  }
}

/** `VmRSS` of a process in KiB; undefined when it is gone (or a kernel thread). */
export function rssKiB(pid: number): number | undefined {
  const match = readText(`/proc/${pid}/status`)?.match(/^VmRSS:\s+(\d+) kB$/m);
  return match ? Number(match[1]) : undefined;
}

/** `VmHWM` of a process in KiB: its peak resident memory since it started; undefined when gone. */
export function peakRssKiB(pid: number): number | undefined {
  const match = readText(`/proc/${pid}/status`)?.match(/^VmHWM:\s+(\d+) kB$/m);
  return match ? Number(match[1]) : undefined;
}

/** `Pss` of a process in KiB from `smaps_rollup`; undefined when unreadable. */
function pssKiB(pid: number): number | undefined {
  const match = readText(`/proc/${pid}/smaps_rollup`)?.match(/^Pss:\s+(\d+) kB$/m);
  return match ? Number(match[1]) : undefined;
}

/** Parent pid of every live process, read once. */
function parentPids(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const match = readText(`/proc/${entry}/status`)?.match(/^PPid:\s+(\d+)$/m);
    if (match) parents.set(Number(entry), Number(match[1]));
  }
  return parents;
}

/** Live direct children of a process. */
export function childrenOf(pid: number): number[] {
  return [...parentPids()].filter(([, parent]) => parent === pid).map(([child]) => child);
}

/** Command line of a process, arguments separated by NUL; '' when it is gone. */
export function commandLine(pid: number): string {
  return readText(`/proc/${pid}/cmdline`) ?? '';
}

/**
 * A process and all its live descendants (e.g. a postmaster and its backends).
 *
 * @returns pids, the root first; empty when the root is gone.
 */
export function processTree(rootPid: number): number[] {
  if (rssKiB(rootPid) === undefined) return [];
  const parents = parentPids();
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  }
  return tree;
}

/**
 * Resident memory of a process and its descendants.
 *
 * @example
 * memoryOfTree(postmasterPid) // { processes: 9, rssMiB: 412.3, pssMiB: 96.1 }
 */
export function memoryOfTree(rootPid: number): MemoryReading {
  const pids = processTree(rootPid);
  let rss = 0;
  let pss: number | null = 0;
  for (const pid of pids) {
    rss += rssKiB(pid) ?? 0;
    const p = pssKiB(pid);
    pss = p === undefined || pss === null ? null : pss + p;
  }
  return {
    processes: pids.length,
    rssMiB: round1(rss / KIB_PER_MIB),
    pssMiB: pss === null ? null : round1(pss / KIB_PER_MIB),
  };
}

let clockTicks: number | undefined;

/** Clock ticks per second of `/proc/<pid>/stat` times (`getconf CLK_TCK`, 100 on Linux). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU time of one process in milliseconds; 0 when it is gone. */
function cpuMs(pid: number): number {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return 0;
  // Fields after the parenthesised command name (which may contain spaces): state is field 3,
  // utime and stime are fields 14 and 15 (proc(5)).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond();
}

/** CPU time consumed so far by each live process of a tree, in milliseconds, by pid. */
export function cpuMsOfTree(rootPid: number): Map<number, number> {
  return new Map(processTree(rootPid).map((pid) => [pid, cpuMs(pid)]));
}

/**
 * CPU time a process tree spent between two {@link cpuMsOfTree} readings, in milliseconds:
 * processes alive at the end count from their earlier reading (or from 0 when they started in
 * between). Processes that exited in between are left out entirely, rather than subtracting
 * their whole lifetime (PostgreSQL backends come and go as pools open and close connections).
 */
export function cpuMsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

/** Busy and total jiffies of all CPUs since boot (`/proc/stat`, first line). */
export function machineCpu(): { busy: number; total: number } {
  const line = readText('/proc/stat')?.split('\n')[0] ?? 'cpu 0';
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** Whether a pid is alive and its command line contains `needle` (guards against pid reuse). */
export function isProcess(pid: number, needle: string): boolean {
  return readText(`/proc/${pid}/cmdline`)?.includes(needle) ?? false;
}

/** Directories matching `pattern` holding files this process has open (`/proc/self/fd`). */
export function openDirectories(pattern: RegExp): string[] {
  const dirs = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      const match = pattern.exec(target);
      if (match) dirs.add(match[0]);
    } catch {} // closed meanwhile
  }
  return [...dirs];
}

/** Whether a pid is alive (a process, not a zombie). */
export function isAlive(pid: number): boolean {
  return rssKiB(pid) !== undefined;
}

/** One decimal. */
export const round1 = (value: number) => Math.round(value * 10) / 10;
