/**
 * @module diagnose
 * The database side of (a) and (b) in isolation, to explain their ratio: the exact statements
 * each scenario sends for its `GET /contacts?limit=20`, timed one at a time on one connection
 * (no HTTP, no concurrency), and their plans.
 *
 * - `rls`: what `RequestDb` sends in read mode, as `crm_api`: one simple-protocol message
 *   `select set_config(claims), set_config(request id), set_config(role); <query, literals inlined>`.
 * - `rlsSetupOnly`: that message's first statement alone (the price of the role switch).
 * - `noRls`: what the no-rls server sends, as superuser: the query with bound parameters
 *   (extended protocol, unnamed statement), `tenant_id = $1` by hand.
 * - `noRlsSimple`: the same as one simple-protocol message with literals, to separate the cost
 *   of the protocol from the cost of RLS.
 *
 * Nothing is copied by hand: both queries are built by the CRM's `listContactsQuery`
 * (services/crm/src/db/contacts.ts) from the loaded path's query string, (b) with the tenant
 * filter the no-rls server adds (bench/servers.ts), and the message of (a) is the one
 * `RequestDb` (packages/db/src/request-db.ts) writes, captured from it.
 */
import pg from 'pg';
import { ContactListQuerySchema } from '../packages/contracts/src/crm/contacts.js';
import type { DB } from '../packages/db/src/generated/crm.js';
import { RequestDb } from '../packages/db/src/request-db.js';
import { inlineParameters } from '../packages/db/src/sql-literal.js';
import { listContactsQuery } from '../services/crm/src/db/contacts.js';
import { SCENARIO_PATHS } from './scenarios.js';

/** A statement with `$n` placeholders and its parameters. */
interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/** The statements of (a) and (b) for one tenant's first page, as the servers send them. */
export interface ListStatements {
  /**
   * (a): `RequestDb`'s read-mode message in its steady state: the setup statement and `execute` of
   * the statement it prepared on the connection (or the inlined query, prepared statements off).
   */
  rlsMessage: string;
  /** The message of the connection's first run, which prepares the statement (run it once first). */
  rlsPrepareMessage?: string;
  /** The setup statement alone (first statement of {@link rlsMessage}). */
  rlsSetup: string;
  /** (a)'s query before inlining, as Kysely compiles it. */
  rls: Statement;
  /** (b)'s query as Kysely compiles it (sent with bound parameters). */
  noRls: Statement;
}

/**
 * Builds the statements of (a) and (b): the CRM's list query for the loaded path, and the
 * message `RequestDb` makes of it (captured from a `RequestDb` whose pool records what it is
 * asked to send instead of sending it).
 *
 * @param path a `GET /contacts` path with its query string (default: the one (a) loads; the
 * CRM part passes its own).
 * @throws when the captured messages are not the setup statement followed by the prepared (or
 * inlined) query.
 */
export async function listStatements(
  claims: Record<string, unknown>,
  tenantId: string,
  path: string = SCENARIO_PATHS.rls,
): Promise<ListStatements> {
  const query = ContactListQuerySchema.parse(
    Object.fromEntries(new URL(path, 'http://bench.invalid').searchParams),
  );
  const sent: string[] = [];
  const recorder = {
    query: async (text: string) => {
      sent.push(text);
      return [{ command: 'SELECT', rowCount: 0, rows: [], fields: [] }];
    },
    release: () => {},
  };
  const rdb = new RequestDb<DB>({
    pool: { connect: async () => recorder } as unknown as pg.Pool,
    role: 'crm_authenticated', // buildCrmService's requestRole
    claims,
    requestId: crypto.randomUUID(),
    mode: 'read',
  });
  await listContactsQuery(rdb.db, query).execute();
  await rdb.finish('commit');
  // A second request on the same (recording) connection: RequestDb prepares a read statement the
  // first time a connection runs it, and sends only `execute` afterwards (its steady state).
  const again = new RequestDb<DB>({
    pool: { connect: async () => recorder } as unknown as pg.Pool,
    role: 'crm_authenticated',
    claims,
    requestId: crypto.randomUUID(),
    mode: 'read',
  });
  await listContactsQuery(again.db, query).execute();
  await again.finish('commit');
  // Kysely compiles for PostgreSQL the same whatever the driver: rdb.db compiles (b) as well.
  const rls = listContactsQuery(rdb.db, query).compile();
  const noRls = listContactsQuery(rdb.db, query).where('tenant_id', '=', tenantId).compile();
  const [first = '', steady = ''] = sent;
  const inlined = `; ${inlineParameters(rls.sql, rls.parameters)}`;
  const prepared = / prepare (rdb_[0-9a-f]+) as /.exec(first);
  if (sent.length === 2 && !prepared && first.endsWith(inlined) && steady.endsWith(inlined)) {
    // DB_PREPARED_STATEMENTS=off: the same inlined message every time.
    return {
      rlsMessage: steady,
      rlsSetup: steady.slice(0, -inlined.length),
      rls: { sql: rls.sql, parameters: rls.parameters },
      noRls: { sql: noRls.sql, parameters: noRls.parameters },
    };
  }
  const execute = prepared ? steady.indexOf(`; execute ${prepared[1]}`) : -1;
  if (sent.length !== 2 || !prepared || execute < 0 || !first.includes(`; execute ${prepared[1]}`)) {
    throw new Error(`unexpected RequestDb messages: ${JSON.stringify(sent)}`);
  }
  return {
    rlsMessage: steady,
    rlsPrepareMessage: first,
    rlsSetup: steady.slice(0, execute),
    rls: { sql: rls.sql, parameters: rls.parameters },
    noRls: { sql: noRls.sql, parameters: noRls.parameters },
  };
}

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
  };
  plans: { rls: PlanSummary; noRls: PlanSummary };
  /** The statements timed (see {@link listStatements}). */
  statements: ListStatements;
}

/** Times `run` `iterations` times after min(50, iterations) untimed runs (caches, plans). */
export async function timeStatement(
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
  const statements = await listStatements(options.claims, options.tenantId);
  const { rlsMessage, rlsSetup, noRls } = statements;
  const rlsInlined = inlineParameters(statements.rls.sql, statements.rls.parameters);
  const noRlsInlined = inlineParameters(noRls.sql, noRls.parameters);
  const admin = new pg.Client({ connectionString: options.adminUrl, application_name: 'bench-diagnose' });
  const crm = new pg.Client({ connectionString: options.crmUrl, application_name: 'bench-diagnose' });
  await admin.connect();
  await crm.connect();
  try {
    // node-postgres answers a multi-statement simple query with an array of results.
    const simple = (client: pg.Client, text: string) =>
      client.query(text) as unknown as Promise<pg.QueryResult | pg.QueryResult[]>;
    if (statements.rlsPrepareMessage) await simple(crm, statements.rlsPrepareMessage);
    const timings = {
      rls: await timeStatement(() => simple(crm, rlsMessage), iterations),
      rlsSetupOnly: await timeStatement(() => crm.query(rlsSetup), iterations),
      noRls: await timeStatement(() => admin.query(noRls.sql, [...noRls.parameters]), iterations),
      noRlsSimple: await timeStatement(() => admin.query(noRlsInlined), iterations),
    };
    const explain = async (client: pg.Client, setupStatement: string, query: string) => {
      const text = `begin; ${setupStatement} explain (analyze, format json) ${query}; rollback`;
      const results = (await client.query(text)) as unknown as pg.QueryResult[];
      const plan = results.find((r) => r.fields[0]?.name === 'QUERY PLAN')!;
      return summarise((plan.rows[0] as { 'QUERY PLAN': [never] })['QUERY PLAN'][0]);
    };
    const plans = {
      rls: await explain(crm, `${rlsSetup};`, rlsInlined),
      noRls: await explain(admin, '', noRlsInlined),
    };
    return { iterations, timings, plans, statements };
  } finally {
    await admin.end();
    await crm.end();
  }
}
