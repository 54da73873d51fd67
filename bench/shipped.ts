/**
 * @module shipped
 * A service as it ships: its built bundle (`services/<name>/dist/server.js`, made by `pnpm build`)
 * in its own Node process on 127.0.0.1, configured through its real environment variables, job
 * queue and background work included. Used where the benchmark measures the artifact itself (its
 * memory during an import, its throughput), rather than the TypeScript sources under tsx, whose
 * loader alone adds about 60 MiB of resident memory.
 *
 * Its Node memory is read from its own `/metrics` (prom-client's default metrics).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { track } from './cleanup.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A running shipped service. */
export interface ShippedServer {
  pid: number;
  baseUrl: string;
  logFile: string;
  /** The process's memory as Node reports it (`/metrics`), bytes. */
  nodeMemory(): Promise<Record<'rss' | 'heapUsed' | 'heapTotal' | 'external' | 'arrayBuffers', number>>;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it exited. */
  stop(): Promise<void>;
}

/** `services/<service>/dist/server.js`, or undefined when not built. */
export function shippedEntry(service: string): string | undefined {
  const entry = join(ROOT, 'services', service, 'dist', 'server.js');
  return existsSync(entry) ? entry : undefined;
}

/** Newest modification time (ms) of the files under `dir`. */
function newestUnder(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', '.turbo', '.next', 'test'].includes(name.name)) continue;
    const path = join(dir, name.name);
    newest = Math.max(newest, name.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Refuses a bundle older than the sources it is built from (the service's and the shared
 * packages'): measuring yesterday's build would report numbers of code that no longer exists.
 *
 * @throws naming the command to run.
 */
function assertFresh(service: string, entry: string): void {
  const built = statSync(entry).mtimeMs;
  const sources = [join(ROOT, 'services', service, 'src'), join(ROOT, 'packages')];
  const newest = Math.max(...sources.map((dir) => newestUnder(dir)));
  if (newest > built) throw new Error(`${entry} is older than its sources: run pnpm build first`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a built service and waits for its `/ready`.
 *
 * @param env the service's variables besides PORT/HOST (DATABASE_URL, AUTH_JWKS…).
 * @param nodeFlags extra Node flags (e.g. `--max-old-space-size=128`).
 * @throws when it is not built, exits, or is not ready within 60 s (with the end of its log).
 */
export async function startShippedServer(
  service: string,
  env: Record<string, string>,
  logDir: string,
  nodeFlags: readonly string[] = [],
): Promise<ShippedServer> {
  const entry = shippedEntry(service);
  if (!entry) throw new Error(`services/${service}/dist/server.js is missing: run pnpm build first`);
  assertFresh(service, entry);
  const port = await freePort();
  const logFile = join(logDir, `${service}-shipped.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeFlags, '--enable-source-maps', entry], {
    cwd: join(ROOT, 'services', service),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_POINTS: '1000000000',
      ...env,
    },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const pid = child.pid!;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(timer);
  };
  const release = track({
    label: `${service} shipped server (pid ${pid})`,
    stop,
    kill: () => child.kill('SIGKILL'),
    orphan: { processes: [{ pid, signal: 'SIGKILL', match: entry }] },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const tail = () => readFileSync(logFile, 'utf8').slice(-2000);
  const deadline = Date.now() + 60_000;
  while (true) {
    if (child.exitCode !== null) {
      await release();
      throw new Error(`the ${service} server exited: ${tail()}`);
    }
    try {
      if ((await fetch(`${baseUrl}/ready`)).ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await release();
      throw new Error(`the ${service} server was not ready within 60 s: ${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const metric = (text: string, name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? 0);
  return {
    pid,
    baseUrl,
    logFile,
    async nodeMemory() {
      const text = await (await fetch(`${baseUrl}/metrics`)).text();
      return {
        rss: metric(text, 'process_resident_memory_bytes'),
        heapUsed: metric(text, 'nodejs_heap_size_used_bytes'),
        heapTotal: metric(text, 'nodejs_heap_size_total_bytes'),
        external: metric(text, 'nodejs_external_memory_bytes'),
        arrayBuffers: 0,
      };
    },
    stop: release,
  };
}
