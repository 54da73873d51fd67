/**
 * @module platform
 * Runs the whole platform on one machine without Docker: PostgreSQL (embedded, or `DATABASE_URL`),
 * migrations, demo data, every built API and web app as a child process on a free loopback port,
 * and the gateway serving the routing table on one public port. Used by `pnpm start`, the
 * browser tests and the benchmarks.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateJwk, loadSigningKeys } from '@comptoir/auth/keys';
import { freePort, type ProvidedDatabase } from '@comptoir/db/connection';
import { embeddedDataDir, startEmbeddedPostgres } from '@comptoir/db/embedded';
import { migrate } from '@comptoir/db/migrate';
import { configureServiceLogins } from '@comptoir/db/roles';
import { type PublicOrigin, subdomainUrl, UPSTREAMS, type Upstream } from '@comptoir/routing';
import pg from 'pg';
import { type Gateway, startGateway, upstreamKey } from './gateway.js';

/** Secrets of a local platform, kept in `.data/secrets.json` between runs. */
export interface LocalSecrets {
  postgresPassword: string;
  servicePasswords: Record<string, string>;
  authPrivateJwk: string;
  authEncryptionKey: string;
}

/** Demo accounts created by supabase/seed.sql. */
export const DEMO_LOGINS = [
  {
    email: 'alice@atelier-dupont.example',
    password: 'demo-password',
    note: 'OWNER of Atelier Dupont, MEMBER of Northwind Traders',
  },
  { email: 'bob@northwind.example', password: 'demo-password', note: 'OWNER of Northwind Traders' },
  { email: 'carla@atelier-dupont.example', password: 'demo-password', note: 'MEMBER of Atelier Dupont' },
] as const;

/** Options of {@link startPlatform}. */
export interface PlatformOptions {
  /** Repository root. */
  root: string;
  /** Gateway port; 0 picks a free one. */
  port: number;
  /** Parent domain of the local hosts (default 'comptoir.localhost'). */
  domain?: string;
  /**
   * 'persistent': the cluster under `.data/` kept between runs (or DATABASE_URL);
   * 'ephemeral': a throwaway cluster in a temporary directory (tests, benchmarks).
   */
  database: 'persistent' | 'ephemeral';
  /** Load supabase/seed.sql (idempotent). */
  seed: boolean;
  /** Extra environment for every child (e.g. RATE_LIMIT_POINTS for a benchmark). */
  env?: Record<string, string>;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** Use this database instead of starting one (its superuser URL). */
  databaseUrl?: string | undefined;
  /** Port of the persistent embedded cluster (default 54329). */
  embeddedPort?: number | undefined;
}

/** One running child. */
export interface PlatformProcess {
  name: string;
  kind: 'api' | 'web';
  pid: number;
  port: number;
  logFile: string;
}

/** A running platform. */
export interface Platform {
  origin: PublicOrigin;
  /** Public URL of each web app, by subdomain. */
  urls: Record<string, string>;
  adminUrl: string;
  processes: PlatformProcess[];
  database: { kind: string; pid?: number | undefined };
  /** Milliseconds from the call to every app answering. */
  readyMs: number;
  stop(): Promise<void>;
}

const apiEntry = (root: string, name: string) => join(root, 'services', name, 'dist', 'server.js');
const webEntry = (root: string, name: string) =>
  join(root, 'frontends', name, '.next', 'standalone', 'frontends', name, 'server.js');

/** Reads `.data/secrets.json`, creating it with fresh secrets on first use. */
export async function localSecrets(root: string): Promise<LocalSecrets> {
  const file = join(root, '.data', 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const secrets: LocalSecrets = {
    postgresPassword: randomBytes(16).toString('hex'),
    servicePasswords: {},
    authPrivateJwk: await generatePrivateJwk(),
    authEncryptionKey: randomBytes(32).toString('base64'),
  };
  mkdirSync(join(root, '.data'), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** Password of a service login role: from `<SERVICE>_DB_PASSWORD` in `env`, else the local secrets file. */
export function servicePassword(
  secrets: LocalSecrets,
  service: string,
  env: Record<string, string | undefined> = {},
): string {
  const fromEnv = env[`${service.toUpperCase()}_DB_PASSWORD`];
  if (fromEnv) return fromEnv;
  secrets.servicePasswords[service] ??= randomBytes(16).toString('hex');
  return secrets.servicePasswords[service];
}

/** Saves secrets after new service passwords were generated. */
export function saveSecrets(root: string, secrets: LocalSecrets): void {
  writeFileSync(join(root, '.data', 'secrets.json'), JSON.stringify(secrets, null, 2), { mode: 0o600 });
}

/** Starts (or reuses) the database of a platform run. */
export async function provideDatabase(
  root: string,
  mode: 'persistent' | 'ephemeral',
  secrets: LocalSecrets,
  options: { databaseUrl?: string | undefined; embeddedPort?: number | undefined } = {},
): Promise<ProvidedDatabase> {
  if (options.databaseUrl) return { kind: 'external', adminUrl: options.databaseUrl, stop: async () => {} };
  const persistent = mode === 'persistent';
  if (persistent) {
    // `pnpm db:start` may already serve the cluster: use it rather than stopping it as an orphan.
    const port = options.embeddedPort ?? 54329;
    const url = `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${port}/postgres`;
    if (await answers(url)) return { kind: 'external', adminUrl: url, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({
    dataDir: persistent ? embeddedDataDir(root) : mkdtempSync(join(tmpdir(), 'comptoir-pg-')),
    port: persistent ? (options.embeddedPort ?? 54329) : await freePort(),
    password: secrets.postgresPassword,
    mode: persistent ? 'durable' : 'ephemeral',
  });
  return { kind: 'embedded', adminUrl: server.url, pid: server.pid, stop: server.stop };
}

/** True when a PostgreSQL server accepts this URL's login within a second. */
async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs supabase/seed.sql. */
export async function seed(root: string, adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(readFileSync(join(root, 'supabase', 'seed.sql'), 'utf8'));
  } finally {
    await client.end();
  }
}

async function waitUntilReady(
  url: string,
  child: ChildProcess,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`${url} exited with code ${child.exitCode} before it was ready:\n${tail}`);
    }
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} was not ready after ${timeoutMs / 1000} s (log: ${logFile})`);
}

/**
 * Starts everything; resolves once every app answers.
 *
 * @throws when an API is not built (`pnpm build`), a port is taken, or an app fails to start
 * (with the end of its log); whatever was started is stopped first.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const root = options.root;
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    cleanups.length = 0;
  };

  try {
    const upstreams = Object.values(UPSTREAMS) as Upstream[];
    const runnable = upstreams.filter((u) =>
      existsSync(u.kind === 'api' ? apiEntry(root, u.name) : webEntry(root, u.name)),
    );
    const missingApis = upstreams.filter((u) => u.kind === 'api' && !runnable.includes(u));
    if (missingApis.length > 0) {
      throw new Error(
        `not built: ${missingApis.map((u) => u.composeService).join(', ')}; run pnpm build first`,
      );
    }
    for (const u of upstreams.filter((x) => !runnable.includes(x)))
      log(`skipping ${u.composeService}: not built`);

    const secrets =
      options.database === 'persistent'
        ? await localSecrets(root)
        : {
            postgresPassword: randomBytes(16).toString('hex'),
            servicePasswords: {},
            authPrivateJwk: await generatePrivateJwk(),
            authEncryptionKey: randomBytes(32).toString('base64'),
          };

    log('starting PostgreSQL…');
    const database = await provideDatabase(root, options.database, secrets, {
      databaseUrl: options.databaseUrl,
      embeddedPort: options.embeddedPort,
    });
    cleanups.push(() => database.stop());
    log(`migrating (${database.kind} database)…`);
    await migrate(database.adminUrl, join(root, 'supabase', 'migrations'));
    const serviceUrls = await configureServiceLogins(database.adminUrl, (s) => servicePassword(secrets, s));
    if (options.database === 'persistent') saveSecrets(root, secrets);
    if (options.seed) {
      log('loading demo data…');
      await seed(root, database.adminUrl);
    }

    const domain = options.domain ?? 'comptoir.localhost';
    const ports = new Map<string, number>();
    for (const u of runnable) ports.set(upstreamKey(u), await freePort());
    const targets = new Map([...ports].map(([key, port]) => [key, `http://127.0.0.1:${port}`]));
    const gateway: Gateway = await startGateway({
      origin: { scheme: 'http', domain, port: options.port },
      targets,
    });
    cleanups.push(() => gateway.close());
    const origin: PublicOrigin = { scheme: 'http', domain, port: gateway.port };
    const baseUrl = subdomainUrl(origin, null);

    const keys = await loadSigningKeys(secrets.authPrivateJwk);
    const logDir =
      options.database === 'persistent'
        ? join(root, '.data', 'logs')
        : mkdtempSync(join(tmpdir(), 'comptoir-logs-'));
    mkdirSync(logDir, { recursive: true });
    // A throwaway platform leaves nothing behind (errors quote the end of the log before this).
    if (options.database === 'ephemeral')
      cleanups.unshift(async () => rmSync(logDir, { recursive: true, force: true }));
    const apiPort = (name: string) => ports.get(`api:${name}`);

    const processes: PlatformProcess[] = [];
    const children: Array<{ child: ChildProcess; readyUrl: string; logFile: string }> = [];
    for (const u of runnable) {
      const port = ports.get(upstreamKey(u))!;
      const env: Record<string, string> =
        u.kind === 'api'
          ? {
              NODE_ENV: 'development',
              PORT: String(port),
              HOST: '127.0.0.1',
              DATABASE_URL: serviceUrls[u.name]!,
              PUBLIC_BASE_URL: baseUrl,
              AUTH_JWKS: JSON.stringify(keys.jwks),
              TRUST_PROXY: 'true',
              ...(u.name === 'auth'
                ? { AUTH_PRIVATE_JWK: secrets.authPrivateJwk, AUTH_ENCRYPTION_KEY: secrets.authEncryptionKey }
                : {}),
            }
          : {
              NODE_ENV: 'production',
              PORT: String(port),
              HOSTNAME: '127.0.0.1',
              PUBLIC_BASE_URL: baseUrl,
              NEXT_TELEMETRY_DISABLED: '1',
              ...Object.fromEntries(
                upstreams
                  .filter((a) => a.kind === 'api' && apiPort(a.name))
                  .map((a) => [
                    `${a.name.toUpperCase()}_INTERNAL_URL`,
                    `http://127.0.0.1:${apiPort(a.name)}`,
                  ]),
              ),
            };
      const logFile = join(logDir, `${u.composeService}.log`);
      const out = createWriteStream(logFile, { flags: 'a' });
      const entry = u.kind === 'api' ? apiEntry(root, u.name) : webEntry(root, u.name);
      const child = spawn(process.execPath, [entry], {
        env: {
          PATH: process.env.PATH ?? '',
          ...env,
          ...(u.nodeOptions ? { NODE_OPTIONS: u.nodeOptions } : {}),
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.pipe(out);
      child.stderr?.pipe(out);
      cleanups.push(
        () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            child.kill('SIGTERM');
          }),
      );
      processes.push({ name: u.composeService, kind: u.kind, pid: child.pid!, port, logFile });
      children.push({
        child,
        logFile,
        readyUrl: `http://127.0.0.1:${port}${u.kind === 'api' ? '/ready' : '/sign-in'}`,
      });
      log(`started ${u.composeService} on 127.0.0.1:${port}`);
    }
    await Promise.all(children.map((c) => waitUntilReady(c.readyUrl, c.child, c.logFile, 90_000)));

    const urls = Object.fromEntries(
      runnable.filter((u) => u.kind === 'web').map((u) => [u.name, subdomainUrl(origin, u.name)]),
    );
    return {
      origin,
      urls,
      adminUrl: database.adminUrl,
      processes,
      database: { kind: database.kind, pid: database.pid },
      readyMs: Date.now() - started,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
