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
 *   runs the CRM's own list statement (`listContactsQuery`) on a superuser pool, plus
 *   `tenant_id = $1` by hand: no role switch, no claims, no RLS. It still verifies the token
 *   (that is where the tenant id comes from), so authentication costs the same.
 * - `bare`: a plain `new Hono()` answering `GET /json` with `{ ok: true }`: the floor of Node +
 *   `@hono/node-server` + the load generator on this machine.
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
import {
  type AppEnv,
  createLogger,
  createService,
  guarded,
  jsonResponse,
  PROBLEM_RESPONSES,
} from '../packages/service-kit/src/index.js';
import { toPage } from '../packages/service-kit/src/pagination.js';
import { createTokenVerifier } from '../packages/service-kit/src/tokens.js';
import { buildCrmService, type CrmDependencies, SERVICE_NAME } from '../services/crm/src/app.js';
import { type ContactRow, listContactsQuery } from '../services/crm/src/db/contacts.js';
import {
  type ChildMessage,
  type ParentMessage,
  SCENARIOS,
  type Scenario,
  type ServerEnv,
} from './scenarios.js';
import { ISSUER } from './tokens.js';

type KeySet = Parameters<typeof createTokenVerifier>[0]['jwks'];

/** The child's configuration, parsed from {@link ServerEnv}. */
interface ServerConfig {
  scenario: Scenario;
  databaseUrl: string;
  jwks: KeySet;
  poolMax: number;
  rateLimitPoints: number;
  logLevel: string;
}

/** The only reader of `process.env` in a server child. */
function readConfig(env: Partial<ServerEnv>): ServerConfig {
  const scenario = env.BENCH_SCENARIO;
  if (!scenario || !SCENARIOS.includes(scenario)) {
    throw new Error(`BENCH_SCENARIO must be one of ${SCENARIOS.join(', ')}`);
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
        .execute()) as ContactRow[];
      return c.json(
        toPage(rows, query.limit, (r) => (query.deleted === 'only' ? r.deleted_at! : r.created_at)),
        200,
      );
    },
  );
  return router;
}

/** The app of a scenario and the pool it owns (none for `bare`). */
function buildApp(config: ServerConfig): {
  fetch: (request: Request) => Response | Promise<Response>;
  pool?: pg.Pool;
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
  // The options of buildCrmService (services/crm/src/app.ts), with the no-rls list route.
  const service = createService<DB>({
    name: SERVICE_NAME,
    title: 'Comptoir CRM API',
    version: '0.1.0',
    description: 'Contacts, companies, deals, activities and tasks of a tenant.',
    basePath: '/api/crm',
    requestRole: 'crm_authenticated',
    ...deps,
    routes: [noRlsContactsRouter(pool)],
  });
  return { fetch: service.app.fetch, pool };
}

async function main(): Promise<void> {
  const config = readConfig(process.env as Partial<ServerEnv>);
  const { fetch, pool } = buildApp(config);
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
      send({ type: 'stats', poolAcquires, poolConnections: pool?.totalCount ?? 0 });
    }
  });

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 3000).unref();
    server.close();
    if ('closeAllConnections' in server) server.closeAllConnections();
    void (pool?.end() ?? Promise.resolve()).finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.once('disconnect', shutdown); // the parent is gone: never outlive it
}

await main();
