/**
 * @module diagnose
 * The database side of (a) and (b) in isolation, to explain their ratio: the exact statements
 * each scenario sends for `GET /contacts?limit=20`, timed one at a time on one connection (no
 * HTTP, no concurrency), and their plans.
 *
 * - `rls`: what `RequestDb` sends in read mode, as `crm_api`: one simple-protocol message
 *   `select set_config(claims), set_config(request id), set_config(role); <query, literals inlined>`.
 * - `rlsSetupOnly`: that message's first statement alone (the price of the role switch).
 * - `noRls`: what the no-rls server sends, as superuser: the query with bound parameters
 *   (extended protocol, unnamed statement), `tenant_id = $1` by hand.
 * - `noRlsSimple`: the same as one simple-protocol message with literals, to separate the cost
 *   of the protocol from the cost of RLS.
 * - `rlsColumnOrder`, `noRlsColumnOrder`: `rls` and `noRls` with `ORDER BY` on the table's
 *   columns instead of the select list's `to_char` aliases (the what-if pair of scenarios).
 *
 * The statement texts are what Kysely compiles for `listContacts` (services/crm/src/db/contacts.ts)
 * and for the no-rls handler (bench/servers.ts).
 */
import pg from 'pg';
import { inlineParameters, toSqlLiteral } from '../packages/db/src/sql-literal.js';

const COLUMNS = [
  '"id"',
  '"first_name"',
  '"last_name"',
  '"email"',
  '"phone"',
  ...['created_at', 'updated_at', 'deleted_at'].map(
    (c) => `to_char(${c} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "${c}"`,
  ),
].join(', ');
const ORDER = 'order by "created_at" desc, "id" desc';

const COLUMN_ORDER = 'order by "crm"."contacts"."created_at" desc, "crm"."contacts"."id" desc';

/** `listContacts` as compiled by Kysely (first page of live contacts). */
export const RLS_QUERY = `select ${COLUMNS} from "crm"."contacts" where "deleted_at" is null ${ORDER} limit $1`;
/** The no-rls handler's query as compiled by Kysely. */
export const NO_RLS_QUERY = `select ${COLUMNS} from "crm"."contacts" where "tenant_id" = $1 and "deleted_at" is null ${ORDER} limit $2`;
const columnOrder = (query: string) => query.replace(ORDER, COLUMN_ORDER);

/** Latency of one statement (or message) repeated on one connection, microseconds. */
export interface StatementTiming {
  meanUs: number;
  p50Us: number;
  p99Us: number;
  rows: number;
}

/** A plan's essentials. */
export interface PlanSummary {
  /** Node types from the top, e.g. ['Limit', 'Index Scan']. */
  nodes: string[];
  indexes: string[];
  planningMs: number;
  executionMs: number;
}

/** What {@link diagnoseQueries} reports. */
export interface QueryDiagnosis {
  iterations: number;
  timings: {
    rls: StatementTiming;
    rlsSetupOnly: StatementTiming;
    noRls: StatementTiming;
    noRlsSimple: StatementTiming;
    rlsColumnOrder: StatementTiming;
    noRlsColumnOrder: StatementTiming;
  };
  plans: { rls: PlanSummary; noRls: PlanSummary; rlsColumnOrder: PlanSummary; noRlsColumnOrder: PlanSummary };
}

/** The setup statement of RequestDb (request-db.ts) for these claims. */
function setupSql(claims: Record<string, unknown>, requestId: string): string {
  return (
    `select set_config('request.jwt.claims', ${toSqlLiteral(JSON.stringify(claims))}, true), ` +
    `set_config('request.id', ${toSqlLiteral(requestId)}, true), ` +
    `set_config('role', ${toSqlLiteral('crm_authenticated')}, true)`
  );
}

async function time(
  run: () => Promise<pg.QueryResult | pg.QueryResult[]>,
  iterations: number,
): Promise<StatementTiming> {
  for (let i = 0; i < Math.min(50, iterations); i++) await run(); // warm caches and plans
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    const result = await run();
    samples.push((performance.now() - start) * 1000);
    rows = (Array.isArray(result) ? result[result.length - 1]! : result).rowCount ?? 0;
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!);
  return {
    meanUs: Math.round(samples.reduce((a, b) => a + b, 0) / samples.length),
    p50Us: at(0.5),
    p99Us: at(0.99),
    rows,
  };
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function summarise(explained: {
  Plan: PlanNode;
  'Planning Time': number;
  'Execution Time': number;
}): PlanSummary {
  const nodes: string[] = [];
  const indexes: string[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node['Node Type']);
    if (node['Index Name']) indexes.push(node['Index Name']);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(explained.Plan);
  return {
    nodes,
    indexes,
    planningMs: Math.round(explained['Planning Time'] * 1000) / 1000,
    executionMs: Math.round(explained['Execution Time'] * 1000) / 1000,
  };
}

/**
 * Times and explains the statements of (a) and (b) for one tenant.
 *
 * @param claims the access token's claims, as the service kit puts them in `request.jwt.claims`.
 */
export async function diagnoseQueries(options: {
  adminUrl: string;
  crmUrl: string;
  claims: Record<string, unknown>;
  tenantId: string;
  iterations?: number;
}): Promise<QueryDiagnosis> {
  const iterations = options.iterations ?? 300;
  const limit = 21;
  const setup = setupSql(options.claims, crypto.randomUUID());
  const rlsMessage = (query: string) => `${setup}; ${inlineParameters(query, [limit])}`;
  const noRlsParameters = [options.tenantId, limit];
  const admin = new pg.Client({ connectionString: options.adminUrl, application_name: 'bench-diagnose' });
  const crm = new pg.Client({ connectionString: options.crmUrl, application_name: 'bench-diagnose' });
  await admin.connect();
  await crm.connect();
  try {
    // node-postgres answers a multi-statement simple query with an array of results.
    const simple = (client: pg.Client, text: string) =>
      client.query(text) as unknown as Promise<pg.QueryResult | pg.QueryResult[]>;
    const timings = {
      rls: await time(() => simple(crm, rlsMessage(RLS_QUERY)), iterations),
      rlsSetupOnly: await time(() => crm.query(setup), iterations),
      noRls: await time(() => admin.query(NO_RLS_QUERY, noRlsParameters), iterations),
      noRlsSimple: await time(() => admin.query(inlineParameters(NO_RLS_QUERY, noRlsParameters)), iterations),
      rlsColumnOrder: await time(() => simple(crm, rlsMessage(columnOrder(RLS_QUERY))), iterations),
      noRlsColumnOrder: await time(() => admin.query(columnOrder(NO_RLS_QUERY), noRlsParameters), iterations),
    };
    const explain = async (client: pg.Client, setupStatement: string, query: string) => {
      const text = `begin; ${setupStatement} explain (analyze, format json) ${query}; rollback`;
      const results = (await client.query(text)) as unknown as pg.QueryResult[];
      const plan = results.find((r) => r.fields[0]?.name === 'QUERY PLAN')!;
      return summarise((plan.rows[0] as { 'QUERY PLAN': [never] })['QUERY PLAN'][0]);
    };
    const plans = {
      rls: await explain(crm, `${setup};`, inlineParameters(RLS_QUERY, [limit])),
      noRls: await explain(admin, '', inlineParameters(NO_RLS_QUERY, noRlsParameters)),
      rlsColumnOrder: await explain(crm, `${setup};`, inlineParameters(columnOrder(RLS_QUERY), [limit])),
      noRlsColumnOrder: await explain(
        admin,
        '',
        inlineParameters(columnOrder(NO_RLS_QUERY), noRlsParameters),
      ),
    };
    return { iterations, timings, plans };
  } finally {
    await admin.end();
    await crm.end();
  }
}
