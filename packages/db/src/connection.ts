/**
 * @module connection
 * Which PostgreSQL to use: `DATABASE_URL` when set (a Supabase project, any PostgreSQL 15+),
 * else — for tests — a testcontainers PostgreSQL when a Docker engine answers, else an embedded
 * server.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerEngineAvailable, startEmbeddedPostgres } from './embedded.js';

/** A database ready for migrations: its superuser URL and how to let it go. */
export interface ProvidedDatabase {
  kind: 'external' | 'testcontainers' | 'embedded';
  adminUrl: string;
  /** Postmaster pid when we run the server ourselves. */
  pid?: number | undefined;
  stop(): Promise<void>;
}

/** Whether `port` can be bound on 127.0.0.1 right now. */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free TCP port on 127.0.0.1 for a server started next. Picked below Linux's ephemeral range
 * (32768–60999): a port the kernel hands out for port 0 comes from that range, where any
 * outgoing connection (a database pool, say) may take it before the server binds it.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canBind(port)) return port;
  }
  throw new Error('no free TCP port found between 20000 and 32000');
}

/**
 * A throwaway database for a test run.
 *
 * @param env usually `process.env`; `DATABASE_URL` there wins.
 */
export async function provideTestDatabase(env: NodeJS.ProcessEnv): Promise<ProvidedDatabase> {
  if (env.DATABASE_URL) {
    return { kind: 'external', adminUrl: env.DATABASE_URL, stop: async () => {} };
  }
  if (dockerEngineAvailable()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:17-alpine')
      .withUsername('postgres')
      .withPassword('postgres')
      .withDatabase('postgres')
      .start();
    return {
      kind: 'testcontainers',
      adminUrl: container.getConnectionUri(),
      stop: async () => {
        await container.stop();
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-test-pg-'));
  const server = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    password: randomBytes(12).toString('hex'),
    mode: 'ephemeral',
  });
  return { kind: 'embedded', adminUrl: server.url, pid: server.pid, stop: server.stop };
}
