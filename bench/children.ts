/**
 * @module children
 * Starts a benchmark server (`servers.ts`) in its own Node process, so the load generator in the
 * parent never shares the server's event loop: `node --import tsx --import
 * ./bench/register-workspace-hooks.ts bench/servers.ts`, configured through the environment,
 * stdout and stderr to a log file, and an IPC channel for readiness and counters.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { track } from './cleanup.js';
import type { ChildMessage, ParentMessage, ServerEnv, ServerKind } from './scenarios.js';

/** A running server child. */
export interface ServerChild {
  scenario: ServerKind;
  pid: number;
  /** e.g. http://127.0.0.1:40123 */
  baseUrl: string;
  logFile: string;
  /** Pool counters (zeros for `bare`) and memory of the child. */
  stats(): Promise<Extract<ChildMessage, { type: 'stats' }>>;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process exited. */
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./servers.ts', import.meta.url));
const HOOKS = fileURLToPath(new URL('./register-workspace-hooks.ts', import.meta.url));

/** The last lines of a log file, for error messages. */
export function logTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Spawns a server child and waits until it listens.
 *
 * @param logDir directory of the child's log file (`<scenario>.log`).
 * @param nodeFlags more flags for Node (`--server-flags`, e.g. `--max-old-space-size=128` to tell
 * garbage not yet collected from memory really held).
 * @throws when the child exits or does not listen within `timeoutMs`; the error carries the end
 * of its log, and the child is killed.
 */
export async function startServerChild(
  env: ServerEnv,
  logDir: string,
  nodeFlags: readonly string[] = [],
  timeoutMs = 60_000,
): Promise<ServerChild> {
  const scenario = env.BENCH_SCENARIO;
  const logFile = join(logDir, `${scenario}.log`);
  const fd = openSync(logFile, 'a');
  // BENCH_PROFILE_DIR: write a V8 CPU profile of each server child there (for `--cpu-prof` analysis).
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${join(process.env.BENCH_PROFILE_DIR, scenario)}`]
    : [];
  const child = spawn(
    process.execPath,
    [...profile, ...nodeFlags, '--import', 'tsx', '--import', HOOKS, ENTRY],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
      stdio: ['ignore', fd, fd, 'ipc'],
    },
  );
  closeSync(fd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn the ${scenario} server`);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.kill('SIGTERM');
    await exited(child);
    clearTimeout(timer);
  };
  const release = track({
    label: `${scenario} server (pid ${pid})`,
    stop,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
    },
    orphan: { processes: [{ pid, signal: 'SIGKILL', match: ENTRY }] },
  });

  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the ${scenario} server did not listen within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'listening') {
          clearTimeout(timer);
          resolve(message.port);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the ${scenario} server exited (${signal ?? `code ${code}`}) before listening`));
      });
    });
    return {
      scenario,
      pid,
      baseUrl: `http://127.0.0.1:${port}`,
      logFile,
      stats: () =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no stats from the ${scenario} server`)), 5000);
          const onMessage = (message: ChildMessage) => {
            if (message.type !== 'stats') return;
            clearTimeout(timer);
            child.off('message', onMessage);
            resolve(message);
          };
          child.on('message', onMessage);
          child.send({ type: 'stats' } satisfies ParentMessage);
        }),
      stop: release,
    };
  } catch (error) {
    await release();
    throw new Error(`${(error as Error).message}\n--- ${logFile} ---\n${logTail(logFile)}`);
  }
}
