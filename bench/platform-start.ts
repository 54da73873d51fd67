/**
 * @module platform-start
 * Start-to-ready of the whole platform and its idle memory: `startPlatform` (ephemeral embedded
 * PostgreSQL, migrations, demo seed, every built API and web app as a child process, the gateway
 * in this process) is timed until every app answers, then, after a few idle seconds, the resident
 * memory of each child (with its descendants) and of PostgreSQL (postmaster plus backends) is
 * read from `/proc`, and the platform is stopped.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { type Platform, startPlatform } from '@comptoir/platform';
import { track } from './cleanup.js';
import { endOrphans, type OrphanSpec } from './orphans.js';
import {
  childrenOf,
  commandLine,
  isAlive,
  isProcess,
  type MemoryReading,
  memoryOfTree,
  openDirectories,
  round1,
} from './proc.js';

/** What {@link measurePlatformStart} reports. */
export interface PlatformStartResult {
  /** `readyMs` of `startPlatform`: from the call to every app answering. */
  readyMs: number;
  /** Progress lines of `startPlatform` with their time since the call (where the time goes). */
  phases: Array<{ atMs: number; line: string }>;
  /** Apps that ran, with their memory after `idleMs`. */
  ran: Array<{ name: string; kind: 'api' | 'web'; pid: number } & MemoryReading>;
  /** Apps skipped because they are not built. */
  skipped: string[];
  postgres: ({ pid: number } & MemoryReading) | null;
  /** Sum over the children and PostgreSQL (the gateway runs inside the benchmark process). */
  total: { rssMiB: number; pssMiB: number | null };
  idleMs: number;
  stopMs: number;
}

/** The `-D` data directory of a running postmaster, from its command line. */
function postgresDataDir(pid: number): string | undefined {
  const args = commandLine(pid).split('\0');
  return args.indexOf('-D') >= 0 ? args[args.indexOf('-D') + 1] : undefined;
}

/** Temporary directories startPlatform creates in ephemeral mode. */
const isTemporary = (dir: string) => dirname(dir) === tmpdir() && /^comptoir-(logs|pg)-/.test(basename(dir));

/**
 * While `startPlatform` runs, registers each process it spawns (children of this process not
 * seen before), PostgreSQL's data directory and the log directory, so a benchmark interrupted in
 * the middle of the start (Ctrl-C: ended here; killed: ended by the watchdog) leaves nothing
 * behind. Once `startPlatform` settled, these registrations are dropped: from then on the
 * platform's own `stop()` is tracked (or, on failure, `startPlatform` stopped what it started).
 *
 * @returns a function that stops watching and drops the registrations, deleting the log
 * directory first when the start failed (`startPlatform` does not).
 */
function watchStart(): (outcome: 'started' | 'failed') => Promise<void> {
  const seen = new Set(childrenOf(process.pid));
  const seenDirs = new Set<string>();
  const releases: Array<() => Promise<void>> = [];
  let settled = false;
  const register = (orphan: OrphanSpec) =>
    releases.push(
      track({
        label: 'starting platform',
        stop: () => (settled ? Promise.resolve() : endOrphans([orphan])),
        kill: () => {},
        orphan,
      }),
    );
  const scan = () => {
    for (const pid of childrenOf(process.pid)) {
      if (seen.has(pid)) continue;
      seen.add(pid);
      const dataDir = postgresDataDir(pid);
      // An app's command line can change (Next.js renames its process): match any.
      const match = commandLine(pid).includes('postgres') ? 'postgres' : '';
      register({
        processes: [{ pid, signal: match ? 'SIGINT' : 'SIGTERM', match }],
        dirs: dataDir && isTemporary(dataDir) ? [dataDir] : [],
      });
    }
    for (const dir of openDirectories(new RegExp(`^${tmpdir()}/comptoir-logs-[^/]+`))) {
      if (!seenDirs.has(dir)) {
        seenDirs.add(dir);
        register({ dirs: [dir] });
      }
    }
  };
  const timer = setInterval(scan, 200);
  return async (outcome) => {
    clearInterval(timer);
    settled = true;
    if (outcome === 'failed') {
      for (const dir of seenDirs) {
        rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      }
    }
    for (const release of releases) await release();
  };
}

/**
 * Starts the platform, measures, stops it.
 *
 * @throws what `startPlatform` throws (e.g. an API not built); it has stopped what it started.
 */
export async function measurePlatformStart(root: string, idleMs = 3000): Promise<PlatformStartResult> {
  const phases: PlatformStartResult['phases'] = [];
  const skipped: string[] = [];
  const t0 = performance.now();
  const stopWatching = watchStart();
  let platform: Platform;
  try {
    platform = await startPlatform({
      root,
      port: 0,
      database: 'ephemeral',
      seed: true,
      log: (line) => {
        phases.push({ atMs: Math.round(performance.now() - t0), line });
        const match = /^skipping (\S+): not built/.exec(line);
        if (match) skipped.push(match[1]!);
      },
    });
  } catch (error) {
    await stopWatching('failed');
    throw error;
  }
  await stopWatching('started');
  const databasePid = platform.database.pid;
  const logDirs = new Set(platform.processes.map((p) => dirname(p.logFile)));
  const dataDir = databasePid ? postgresDataDir(databasePid) : undefined;
  const release = track({
    label: 'platform',
    stop: platform.stop,
    kill: () => {
      for (const p of platform.processes) if (isAlive(p.pid)) process.kill(p.pid, 'SIGTERM');
      if (databasePid && isProcess(databasePid, 'postgres')) process.kill(databasePid, 'SIGINT');
    },
    orphan: {
      processes: [
        ...platform.processes.map((p) => ({
          pid: p.pid,
          signal: 'SIGTERM' as const,
          match: p.kind === 'api' ? 'server.js' : 'next-server',
        })),
        ...(databasePid ? [{ pid: databasePid, signal: 'SIGINT' as const, match: 'postgres' }] : []),
      ],
      dirs: [...logDirs, ...(dataDir ? [dataDir] : [])].filter(isTemporary),
    },
  });
  try {
    phases.push({ atMs: platform.readyMs, line: 'every app answers' });
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const ran = platform.processes.map((p) => ({
      name: p.name,
      kind: p.kind,
      pid: p.pid,
      ...memoryOfTree(p.pid),
    }));
    const postgres = databasePid ? { pid: databasePid, ...memoryOfTree(databasePid) } : null;
    const readings = [...ran, ...(postgres ? [postgres] : [])];
    const pss = readings.some((r) => r.pssMiB === null)
      ? null
      : round1(readings.reduce((sum, r) => sum + (r.pssMiB ?? 0), 0));
    const stopStart = performance.now();
    await release();
    return {
      readyMs: platform.readyMs,
      phases,
      ran,
      skipped,
      postgres,
      total: { rssMiB: round1(readings.reduce((sum, r) => sum + r.rssMiB, 0)), pssMiB: pss },
      idleMs,
      stopMs: Math.round(performance.now() - stopStart),
    };
  } finally {
    await release();
    // Ephemeral runs log to a temporary directory that startPlatform leaves behind.
    for (const dir of [...logDirs].filter(isTemporary)) rmSync(dir, { recursive: true, force: true });
  }
}
