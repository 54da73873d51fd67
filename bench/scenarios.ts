/**
 * @module scenarios
 * What the parent (`run.ts`, `children.ts`) and the server children (`servers.ts`) agree on:
 * the scenario names, the environment a child is configured with, and the IPC messages.
 * Dependency-free so both sides can import it.
 */

/** The benchmark scenarios, in run order: (a) `rls`, (b) `no-rls`, (c) `bare`. */
export const SCENARIOS = ['rls', 'no-rls', 'bare'] as const;
export type Scenario = (typeof SCENARIOS)[number];

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
  BENCH_SCENARIO: Scenario;
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
    };

/** Messages the parent sends to a server child. */
export type ParentMessage = { type: 'stats' };
