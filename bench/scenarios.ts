/**
 * @module scenarios
 * What the parent (`run.ts`, `children.ts`) and the server children (`servers.ts`) agree on:
 * the scenario names, the environment a child is configured with, and the IPC messages.
 * Dependency-free so both sides can import it.
 */

/** The benchmark scenarios whose numbers the targets are judged on, in run order. */
export const MAIN_SCENARIOS = ['rls', 'no-rls', 'bare'] as const;

/**
 * What-if pair, run after the main scenarios: (a) and (b) with the one change that
 * `ORDER BY` names the table's columns (`"crm"."contacts"."created_at"`) instead of the select
 * list's `to_char(…) as "created_at"` alias, so the index on (tenant_id, created_at desc, id desc)
 * yields the rows in order and no sort is needed. It shows what RLS costs once the query itself
 * is cheap (see README, "Known issue").
 */
export const WHAT_IF_SCENARIOS = ['rls-column-order', 'no-rls-column-order'] as const;

export const SCENARIOS = [...MAIN_SCENARIOS, ...WHAT_IF_SCENARIOS] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** One line per scenario, for the printed table. */
export const SCENARIO_LABELS: Record<Scenario, string> = {
  rls: '(a)  rls     CRM API, GET /contacts under RLS',
  'no-rls': '(b)  no-rls  same stack and query, by hand as superuser',
  bare: '(c)  bare    new Hono(), GET /json',
  'rls-column-order': "(a') rls     as (a), ORDER BY the table's columns",
  'no-rls-column-order': "(b') no-rls  as (b), ORDER BY the table's columns",
};

/** Path loaded in each scenario. */
export const SCENARIO_PATHS: Record<Scenario, string> = {
  rls: '/contacts?limit=20',
  'no-rls': '/contacts?limit=20',
  bare: '/json',
  'rls-column-order': '/contacts?limit=20',
  'no-rls-column-order': '/contacts?limit=20',
};

/** Whether a scenario queries PostgreSQL as superuser (else as the CRM's login role). */
export const SUPERUSER_SCENARIOS: readonly Scenario[] = ['no-rls', 'no-rls-column-order'];

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
