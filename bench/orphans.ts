/**
 * @module orphans
 * Ending what a benchmark run left behind: processes signalled by pid (only while their command
 * line still matches, against pid reuse), awaited, killed if they linger, then directories
 * deleted. Used by the watchdog after the benchmark died, and by `platform-start.ts` when it is
 * interrupted in the middle of `startPlatform`.
 */
import { readFileSync, rmSync } from 'node:fs';

/** A process to end. */
export interface OrphanProcess {
  pid: number;
  signal: NodeJS.Signals;
  /** Substring of `/proc/<pid>/cmdline` ('' for any). */
  match: string;
}

/** Processes and directories of one resource. */
export interface OrphanSpec {
  processes?: OrphanProcess[];
  /** Deleted after the processes ended. */
  dirs?: string[];
}

const matches = (p: OrphanProcess) => {
  try {
    return readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').includes(p.match);
  } catch {
    return false; // gone
  }
};

/**
 * Signals the processes, waits up to `graceMs` for them to exit (SIGKILL after), then deletes
 * the directories.
 */
export async function endOrphans(specs: OrphanSpec[], graceMs = 15_000): Promise<void> {
  const processes = specs.flatMap((s) => s.processes ?? []).filter(matches);
  for (const p of processes) {
    try {
      process.kill(p.pid, p.signal);
    } catch {}
  }
  const deadline = Date.now() + graceMs;
  while (processes.some(matches) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const p of processes.filter(matches)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {}
  }
  for (const dir of specs.flatMap((s) => s.dirs ?? [])) {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}
