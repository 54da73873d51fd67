/**
 * @module servers
 * Entry point of one benchmark server child process (started by `children.ts`, never imported
 * by the parent). Configuration arrives through the environment; once listening on 127.0.0.1 the
 * child sends `{ type: 'listening', port }` over IPC, answers `{ type: 'stats' }` with its pool
 * counters, and exits on SIGTERM/SIGINT or when the parent disappears (IPC disconnect).
 *
 * Scenarios:
 * - `rls`: the real CRM API (`buildCrmService`), pool of the `crm_api` login role; every request
 *   runs as `crm_authenticated` with the caller's claims, and Row Level Security scopes the rows.
 * - `no-rls`: the same `createService` stack (same options, same middleware in the same order,
 *   same route definition with its permission guard and query validation) whose `GET /contacts`
 *   runs the CRM's own list statement (`listContactsQuery`, then the rest of `listContacts`:
 *   `toContact`, `cursorOf`) on a superuser pool, plus
 *   `tenant_id = $1` by hand: no role switch, no claims, no RLS. It still verifies the token
 *   (that is where the tenant id comes from), so authentication costs the same.
 * - `bare`: a plain `new Hono()` answering `GET /json` with `{ ok: true }`: the floor of Node +
 *   `@hono/node-server` + the load generator on this machine.
 * - `crm` (CRM part): the CRM API as `services/crm/src/server.ts` runs it: `buildCrmService`, and
 *   beside it the background work (`startBackgroundWork`: job queue, outbox relay, maintenance)
 *   and the import worker (`registerImportWorker`), so contact imports run as jobs in this very
 *   process, whose memory the benchmark watches.
 *
 * Bare specifiers (`hono`, `@hono/*`, `kysely`) are resolved as `services/crm` resolves them, by
 * the hook in `workspace-hooks.ts` (see README).
 */
import { serve } from '@hono/node-server';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { ContactListQuerySchema, ContactPageSchema } from '../packages/contracts/src/crm/contacts.js';
import type { DB } from '../packages/db/src/generated/crm.js';
import { createPool } from '../packages/db/src/pool.js';
import { parsePublicOrigin } from '../packages/routing/src/table.js';
import { startBackgroundWork } from '../packages/service-kit/src/background.js';
import {
  type AppEnv,
  createLogger,
  createService,
  guarded,
  jsonResponse,
  PROBLEM_RESPONSES,
} from '../packages/service-kit/src/index.js';
import { createTokenVerifier } from '../packages/service-kit/src/tokens.js';
import {
  buildCrmService,
  type CrmDependencies,
  IMPORT_MAX_BYTES,
  SERVICE_NAME,
} from '../services/crm/src/app.js';
import { type ContactRow, listContactsQuery, toContact } from '../services/crm/src/db/contacts.js';
import { cursorOf } from '../services/crm/src/db/lists.js';
import { registerImportWorker } from '../services/crm/src/import/worker.js';
import {
  type ChildMessage,
  type ParentMessage,
  SERVER_KINDS,
  type ServerEnv,
  type ServerKind,
} from './scenarios.js';
import { ISSUER } from './tokens.js';

type KeySet = Parameters<typeof createTokenVerifier>[0]['jwks'];

/** The child's configuration, parsed from {@link ServerEnv}. */
interface ServerConfig {
  scenario: ServerKind;
  databaseUrl: string;
  jwks: KeySet;
  poolMax: number;
  rateLimitPoints: number;
  logLevel: string;
}

/** The only reader of `process.env` in a server child. */
function readConfig(env: Partial<ServerEnv>): ServerConfig {
  const scenario = env.BENCH_SCENARIO;
  if (!scenario || !SERVER_KINDS.includes(scenario)) {
    throw new Error(`BENCH_SCENARIO must be one of ${SERVER_KINDS.join(', ')}`);
  }
  return {
    scenario,
    databaseUrl: env.BENCH_DATABASE_URL ?? '',
    jwks: JSON.parse(env.BENCH_AUTH_JWKS ?? '{"keys":[]}') as KeySet,
    poolMax: Number(env.BENCH_POOL_MAX ?? 20),
    rateLimitPoints: Number(env.BENCH_RATE_LIMIT_POINTS ?? 1_000_000_000),
    logLevel: env.BENCH_LOG_LEVEL ?? 'warn',
  };
}

/**
 * `GET /contacts` of the `no-rls` scenario: the route definition of
 * `services/crm/src/routes/contacts.ts` (operation, permission guard, query schema, responses),
 * and the body of `listContacts` (`services/crm/src/db/contacts.ts`) on a superuser pool, its
 * statement built by the CRM's own `listContactsQuery` with the tenant filtered by hand.
 */
function noRlsContactsRouter(pool: pg.Pool): OpenAPIHono<AppEnv<DB>> {
  const superuserDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const router = new OpenAPIHono<AppEnv<DB>>();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/contacts',
      operationId: 'listContacts',
      summary: 'List contacts, newest first (benchmark: superuser, tenant filtered by hand)',
      tags: ['Contacts'],
      ...guarded('contacts:read'),
      request: { query: ContactListQuerySchema },
      responses: { 200: jsonResponse(ContactPageSchema, 'A page of contacts'), ...PROBLEM_RESPONSES },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const rows = (await listContactsQuery(superuserDb, query)
        .where('tenant_id', '=', c.var.principal.tenantId)
        .execute()) as Array<ContactRow & { _sort: string | null }>;
      // The rest of listContacts (services/crm/src/db/contacts.ts), line for line.
      const more = rows.length > query.limit;
      const page = more ? rows.slice(0, query.limit) : rows;
      return c.json(
        { data: page.map(toContact), next_cursor: more ? cursorOf(page[page.length - 1]!) : null },
        200,
      );
    },
  );
  return router;
}

/** The app of a scenario, the pool it owns (none for `bare`) and its background work (`crm`). */
function buildApp(config: ServerConfig): {
  fetch: (request: Request) => Response | Promise<Response>;
  pool?: pg.Pool;
  /** Starts the background work; resolves to its stop function. */
  startBackground?: () => Promise<() => Promise<void>>;
} {
  if (config.scenario === 'bare') {
    const app = new Hono();
    app.get('/json', (c) => c.json({ ok: true }));
    return { fetch: app.fetch };
  }
  // As services/crm/src/server.ts builds it, with a rate limit that never refuses.
  const pool = createPool({
    connectionString: config.databaseUrl,
    applicationName: `bench-${config.scenario}`,
    max: config.poolMax,
  });
  const deps: CrmDependencies = {
    pool,
    logger: createLogger(SERVICE_NAME, config.logLevel),
    verifyToken: createTokenVerifier({ jwks: config.jwks, issuer: ISSUER }),
    publicOrigin: parsePublicOrigin('http://comptoir.localhost:8080'),
    rateLimit: { points: config.rateLimitPoints, durationSeconds: 60 },
    trustProxy: true,
  };
  if (config.scenario === 'rls') return { fetch: buildCrmService(deps).app.fetch, pool };
  if (config.scenario === 'crm') {
    // As services/crm/src/server.ts starts it.
    const startBackground = async () => {
      const background = await startBackgroundWork({
        name: SERVICE_NAME,
        connectionString: config.databaseUrl,
        pool,
        logger: deps.logger,
        retentionDays: 30,
      });
      await registerImportWorker(background.jobs.boss, { pool, logger: deps.logger });
      return () => background.stop();
    };
    return { fetch: buildCrmService(deps).app.fetch, pool, startBackground };
  }
  // The options of buildCrmService (services/crm/src/app.ts), with the no-rls list route.
  const service = createService<DB>({
    name: SERVICE_NAME,
    title: 'Comptoir CRM API',
    version: '0.2.0',
    description:
      'Contacts, companies, custom fields, sharing, pipelines and deals, activities and tasks, search, duplicates and merge, imports and exports of a tenant.',
    basePath: '/api/crm',
    requestRole: 'crm_authenticated',
    ...deps,
    bodyLimits: [{ pathPrefix: '/imports', maxBytes: IMPORT_MAX_BYTES }],
    routes: [noRlsContactsRouter(pool)],
  });
  return { fetch: service.app.fetch, pool };
}

async function main(): Promise<void> {
  const config = readConfig(process.env as Partial<ServerEnv>);
  const { fetch, pool, startBackground } = buildApp(config);
  const stopBackground = startBackground ? await startBackground() : undefined;
  let poolAcquires = 0;
  pool?.on('acquire', () => {
    poolAcquires++;
  });
  const send = (message: ChildMessage) => process.send?.(message);

  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
    send({ type: 'listening', port: info.port }),
  );
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stats') {
      const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
      send({
        type: 'stats',
        poolAcquires,
        poolConnections: pool?.totalCount ?? 0,
        memory: { rss, heapUsed, heapTotal, external, arrayBuffers },
      });
    }
  });

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 3000).unref();
    server.close();
    if ('closeAllConnections' in server) server.closeAllConnections();
    void (stopBackground?.() ?? Promise.resolve())
      .catch(() => {})
      .then(() => pool?.end())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.once('disconnect', shutdown); // the parent is gone: never outlive it
}

await main();
