/**
 * @module crm-diagnose
 * The database side of the CRM part's read scenarios, one statement at a time on one connection:
 * for each `GET /contacts` path (first page, deep page, every search of the rotation), the very
 * statement the API sends (built by the CRM's `listContactsQuery` and captured from `RequestDb`,
 * see `diagnose.ts`) is explained with `explain (analyze, buffers)`:
 *
 * - as the API runs it: `crm_api` switched to `crm_authenticated` with the token's claims, under
 *   Row Level Security;
 * - as superuser with the tenant filtered by hand (no RLS; the claims set all the same, for the
 *   search functions that read the tenant from them), to show what RLS costs the same statement.
 *
 * Each is run twice and the second run kept (warm caches). A search much slower under RLS than
 * without, with the plan scanning the tenant's rows and `Rows Removed by Filter` near the
 * tenant's size, means the full-text condition could not use the GIN index under RLS (what
 * `crm.search_contacts`, migration 20261122090200, exists to avoid).
 */
import pg from 'pg';
import { inlineParameters, toSqlLiteral } from '../packages/db/src/sql-literal.js';
import { listStatements } from './diagnose.js';

/** The essentials of one `explain (analyze, buffers)`. */
export interface CrmPlan {
  /** Node types from the top, with their index when they have one. */
  nodes: string[];
  executionMs: number;
  planningMs: number;
  /** Rows the scan node(s) produced after their filter, and removed by it. */
  scannedRowsKept: number;
  rowsRemovedByFilter: number;
  /** Shared buffers hit + read. */
  buffers: number;
  /** Rows returned. */
  rows: number;
}

/** One statement explained both ways. */
export interface CrmStatementDiagnosis {
  name: string;
  path: string;
  rls: CrmPlan;
  noRls: CrmPlan;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

function summarise(explained: {
  Plan: PlanNode;
  'Planning Time': number;
  'Execution Time': number;
}): CrmPlan {
  const nodes: string[] = [];
  let kept = 0;
  let removed = 0;
  const walk = (node: PlanNode) => {
    nodes.push(node['Index Name'] ? `${node['Node Type']} (${node['Index Name']})` : node['Node Type']);
    if (/Scan/.test(node['Node Type']) && !/Bitmap Index Scan|Function Scan|Result/.test(node['Node Type'])) {
      kept += (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1);
      removed += (node['Rows Removed by Filter'] ?? 0) * (node['Actual Loops'] ?? 1);
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(explained.Plan);
  return {
    nodes,
    executionMs: Math.round(explained['Execution Time'] * 100) / 100,
    planningMs: Math.round(explained['Planning Time'] * 100) / 100,
    scannedRowsKept: kept,
    rowsRemovedByFilter: removed,
    buffers: (explained.Plan['Shared Hit Blocks'] ?? 0) + (explained.Plan['Shared Read Blocks'] ?? 0),
    rows: explained.Plan['Actual Rows'] ?? 0,
  };
}

/**
 * Explains each statement under RLS (as the API) and without (superuser, tenant by hand).
 *
 * @param claims the access token's claims (the API puts them in `request.jwt.claims`).
 */
export async function diagnoseCrmStatements(options: {
  adminUrl: string;
  crmUrl: string;
  claims: Record<string, unknown>;
  tenantId: string;
  statements: Array<{ name: string; path: string }>;
}): Promise<CrmStatementDiagnosis[]> {
  const admin = new pg.Client({ connectionString: options.adminUrl, application_name: 'bench-crm-diagnose' });
  const crm = new pg.Client({ connectionString: options.crmUrl, application_name: 'bench-crm-diagnose' });
  await admin.connect();
  await crm.connect();
  const explain = async (client: pg.Client, setup: string, query: string) => {
    let plan: CrmPlan | undefined;
    for (let run = 0; run < 2; run++) {
      const text = `begin; ${setup} explain (analyze, buffers, format json) ${query}; rollback`;
      const results = (await client.query(text)) as unknown as pg.QueryResult[];
      const result = results.find((r) => r.fields[0]?.name === 'QUERY PLAN')!;
      plan = summarise((result.rows[0] as { 'QUERY PLAN': [never] })['QUERY PLAN'][0]);
    }
    return plan!;
  };
  const claimsSetup = `select set_config('request.jwt.claims', ${toSqlLiteral(JSON.stringify(options.claims))}, true);`;
  try {
    const out: CrmStatementDiagnosis[] = [];
    for (const { name, path } of options.statements) {
      const s = await listStatements(options.claims, options.tenantId, path);
      out.push({
        name,
        path,
        rls: await explain(crm, `${s.rlsSetup};`, inlineParameters(s.rls.sql, s.rls.parameters)),
        // The claims too: a search joins crm.search_contacts, which reads the caller's tenant from them.
        noRls: await explain(admin, claimsSetup, inlineParameters(s.noRls.sql, s.noRls.parameters)),
      });
    }
    return out;
  } finally {
    await admin.end();
    await crm.end();
  }
}
