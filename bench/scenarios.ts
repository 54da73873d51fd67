/**
 * @module scenarios
 * What the parent (`run.ts`, `crm.ts`, `children.ts`) and the server children (`servers.ts`)
 * agree on: the scenario names, the kinds of server, the environment a child is configured with,
 * and the IPC messages. Dependency-free so both sides can import it.
 */

/** The scenarios of the RLS part, in run order: (a) `rls`, (b) `no-rls`, (c) `bare`. */
export const SCENARIOS = ['rls', 'no-rls', 'bare'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/**
 * Every kind of server child: those of the RLS part, and `crm`, the CRM API as
 * `services/crm/src/server.ts` runs it (the API, plus the job queue, the outbox relay and the
 * import worker), for the CRM part.
 */
export const SERVER_KINDS = [...SCENARIOS, 'crm'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** One line per scenario, for the printed table. */
export const SCENARIO_LABELS: Record<Scenario, string> = {
  rls: '(a) rls     CRM API, GET /contacts under RLS',
  'no-rls': '(b) no-rls  same stack and query, by hand as superuser',
  bare: '(c) bare    new Hono(), GET /json',
};

/** Path loaded in each scenario. */
export const SCENARIO_PATHS: Record<Scenario, string> = {
  rls: '/contacts?limit=20',
  'no-rls': '/contacts?limit=20',
  bare: '/json',
};

/** Whether a scenario queries PostgreSQL as superuser (else as the CRM's login role). */
export const isSuperuser = (scenario: Scenario) => scenario === 'no-rls';

/** Environment of a server child. */
export interface ServerEnv {
  BENCH_SCENARIO: ServerKind;
  /** postgres:// URL the child's pool connects with (unused by `bare`). */
  BENCH_DATABASE_URL: string;
  /** JSON key set the token verifier trusts. */
  BENCH_AUTH_JWKS: string;
  BENCH_POOL_MAX: string;
  BENCH_RATE_LIMIT_POINTS: string;
  /** pino level of the service logger. */
  BENCH_LOG_LEVEL: string;
}

/** Messages a server child sends to the parent. */
export type ChildMessage =
  | { type: 'listening'; port: number }
  | {
      type: 'stats';
      /** Connections checked out of the child's pool so far (one per query or request transaction). */
      poolAcquires: number;
      /** Connections currently open. */
      poolConnections: number;
      /** `process.memoryUsage()` of the child, bytes. */
      memory: { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
    };

/** Messages the parent sends to a server child. */
export type ParentMessage = { type: 'stats' };
