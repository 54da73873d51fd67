/**
 * @module crm
 * The CRM part of `pnpm bench` (issue 3 §4): the CRM API at the size of a large customer.
 *
 * 1. A throwaway embedded PostgreSQL seeded with one tenant of 100,000 contacts and 49 of 10,000
 *    (`crm-seed.ts`), then `vacuum analyze`.
 * 2. The CRM API as `services/crm/src/server.ts` runs it (API, job queue, outbox relay, import
 *    worker) in its own process (`servers.ts`, kind `crm`), pool of 20, as the large tenant's
 *    OWNER.
 * 3. Checks, then the statements of the read scenarios explained under RLS and without
 *    (`crm-diagnose.ts`).
 * 4. Load with autocannon, 20 connections: `list-first` (`GET /contacts?limit=25`, the web app's
 *    page), `list-deep` (the page 50,000 rows down, by its cursor), `search` (`?q=` cycling through
 *    20 realistic searches) interleaved over rounds, then `create` (`POST /contacts`, a different
 *    body each time).
 * 5. The import of a 100,000-row CSV file (`crm-import.ts`) on a freshly started server: wall
 *    time from upload to completion and the server's peak resident memory.
 *
 * Targets (issue 3): search p99 ≤ 50 ms at 20 connections; import of 100k rows ≤ 20 s with the
 * server's peak RSS ≤ 300 MB (300 × 10⁶ bytes, 286.1 MiB).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type autocannon from 'autocannon';
import pg from 'pg';
import { UPSTREAMS } from '../packages/routing/src/table.js';
import { encodeCursor } from '../packages/service-kit/src/pagination.js';
import { type ServerChild, startServerChild } from './children.js';
import { track } from './cleanup.js';
import { type CrmStatementDiagnosis, diagnoseCrmStatements } from './crm-diagnose.js';
import { type ImportResult, type NodeMemory, runImport, writeImportCsv } from './crm-import.js';
import { CRM_SEED, crmSeedPlan, FIRST_NAMES, LAST_NAMES, mailPart } from './crm-seed.js';
import { type LoadResult, type LoadSettings, ScenarioMeter } from './load.js';
import { cpuMsBetween, cpuMsOfTree, type MemoryReading, memoryOfTree } from './proc.js';
import { startBenchDatabase } from './seed.js';
import { shippedEntry, startShippedServer } from './shipped.js';
import { createSigningKey, type SigningKey, signAccessToken, type TokenSubject } from './tokens.js';

/** Targets of issue 3 §4. */
export const CRM_TARGETS = {
  /** p99 latency of `search` at 20 connections, ms. */
  searchP99MaxMs: 50,
  /** Import of the 100k-row file, upload to completed, ms. */
  importMaxMs: 20_000,
  /** Peak RSS of the server process during the import, bytes (300 MB). */
  importPeakRssMaxBytes: 300_000_000,
} as const;

/** Page size of the web app's contact list (frontends/crm, `PAGE_SIZE`). */
export const PAGE_SIZE = 25;
/** Rows above the deep page. */
export const DEEP_OFFSET = 50_000;

/**
 * What people type in the search box, cycled through in this order: first and last names with
 * and without accents, prefixes, two words, company names, e-mail fragments, job titles, words of
 * notes, and one two-letter prefix (a search-as-you-type keystroke).
 */
export const SEARCH_QUERIES = [
  'franc',
  'elodie',
  'Élodie',
  'muller dupont',
  'Müller',
  'nunez',
  'jean',
  'mart',
  'lef',
  'boulangerie',
  'atelier lumiere',
  "côte d'azur",
  'elodie.martin',
  'a.gagne@',
  'sarl',
  'gérant',
  'salon lyon',
  'rappeler septembre',
  'francois lefevre',
  'ma',
] as const;

export const CRM_SCENARIOS = ['list-first', 'list-deep', 'search', 'create'] as const;
export type CrmScenario = (typeof CRM_SCENARIOS)[number];

export const CRM_LABELS: Record<CrmScenario, string> = {
  'list-first': 'list-first  GET /contacts?limit=25',
  'list-deep': 'list-deep   GET /contacts?limit=25&cursor=<50,000 rows down>',
  search: `search      GET /contacts?limit=25&q=<${SEARCH_QUERIES.length} queries in turn>`,
  create: 'create      POST /contacts (varied bodies)',
};

/** Settings of the CRM part. */
export interface CrmSettings extends LoadSettings {
  /** Rows of the imported file. */
  importRows: number;
  /** Give up on the import after this long, seconds. */
  importTimeoutSeconds: number;
  /** More Node flags for the CRM server processes (`--server-flags`). */
  serverFlags: string[];
}

/** One scenario's numbers. */
export interface CrmScenarioResult extends LoadResult {
  label: string;
  path: string;
}

interface Verdict {
  target: string;
  value: number | null;
  met: boolean;
}

/** The CRM part in the results file. */
export interface CrmResult {
  settings: CrmSettings;
  database: {
    seed: typeof CRM_SEED;
    contacts: number;
    tenantContacts: number;
    timings: Record<string, number>;
    loadedTenant: string;
  };
  checks: {
    firstPageRows: number;
    deepPageFirstRowIsRow50001: boolean;
    /** Per search: live contacts of the tenant it matches, and rows on its first page. */
    searches: Array<{ q: string; matches: number; firstPageRows: number }>;
  };
  diagnosis: CrmStatementDiagnosis[];
  scenarios: Partial<Record<CrmScenario, CrmScenarioResult>>;
  serverMemoryAfterLoad: MemoryReading | null;
  import:
    | ({
        status: 'measured';
        /** What ran the import: the built bundle (as shipped) or the sources under tsx. */
        server: 'bundle' | 'tsx';
        /** CPU time of the server process and of PostgreSQL during the import, ms. */
        cpuMs: { server: number; postgres: number };
        /** `process.memoryUsage()` of the server right before the upload and after the import, MiB. */
        nodeMemoryMiB: { before: NodeMemory; after: NodeMemory };
      } & ImportResult)
    | { status: 'failed'; error: string }
    | { status: 'skipped' };
  targets: { searchP99: Verdict; importTime: Verdict; importPeakRss: Verdict };
  durationMs: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const inMiB = (memory: NodeMemory): NodeMemory =>
  Object.fromEntries(
    Object.entries(memory).map(([k, v]) => [k, Math.round((v / 2 ** 20) * 10) / 10]),
  ) as NodeMemory;

async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

type Page = { data: Array<{ id: string }>; next_cursor: string | null };

/** A body of `POST /contacts` for request number `n`: all different, all valid. */
export function createBody(n: number, companyIds: readonly string[]): Record<string, unknown> {
  const first = FIRST_NAMES[(n * 7) % FIRST_NAMES.length]!;
  const last = LAST_NAMES[(n * 13) % LAST_NAMES.length]!;
  const digits = String((n * 7919) % 100_000_000).padStart(8, '0');
  return {
    first_name: first,
    last_name: last,
    ...(n % 2 === 0 ? { job_title: 'Responsable achats' } : {}),
    ...(n % 3 === 0 && companyIds.length > 0 ? { company_id: companyIds[n % companyIds.length] } : {}),
    emails: [{ label: 'work', address: `${mailPart(first)}.${mailPart(last)}.bench${n}@exemple.fr` }],
    phones:
      n % 5 === 4
        ? []
        : [
            {
              label: 'mobile',
              number: `06 ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)} ${digits.slice(6)}`,
            },
          ],
    tags: n % 4 === 0 ? ['prospect', 'salon-lyon-2025'] : ['prospect'],
    ...(n % 3 === 1 ? { notes: `Rencontré au salon, rappeler en septembre (fiche ${n}).` } : {}),
  };
}

/** Starts a `crm` server child (registered for cleanup). */
function startCrmServer(
  databaseUrl: string,
  key: SigningKey,
  logDir: string,
  nodeFlags: readonly string[],
): Promise<ServerChild> {
  return startServerChild(
    {
      BENCH_SCENARIO: 'crm',
      BENCH_DATABASE_URL: databaseUrl,
      BENCH_AUTH_JWKS: JSON.stringify(key.jwks),
      BENCH_POOL_MAX: '20', // services/crm/src/server.ts
      BENCH_RATE_LIMIT_POINTS: '1000000000',
      BENCH_LOG_LEVEL: 'warn',
    },
    logDir,
    nodeFlags,
  );
}

/**
 * Runs the CRM part. Everything it starts is stopped before it returns (or registered for
 * cleanup when it throws).
 */
export async function runCrmPart(settings: CrmSettings, log: (line: string) => void): Promise<CrmResult> {
  const startedAt = performance.now();
  const total = CRM_SEED.largeContacts + CRM_SEED.smallTenants * CRM_SEED.smallContacts;
  log(
    `crm: starting embedded PostgreSQL and seeding ${total} contacts (1 tenant of ${CRM_SEED.largeContacts}, ${CRM_SEED.smallTenants} of ${CRM_SEED.smallContacts})…`,
  );
  const database = await startBenchDatabase(crmSeedPlan(CRM_SEED));
  log(`crm: database ready: ${JSON.stringify(database.timings)} (ms)`);
  const owner: TokenSubject = database.owners[0]!; // bench-001, the large tenant
  const admin = new pg.Client({ connectionString: database.adminUrl, application_name: 'bench-crm-admin' });
  await admin.connect();
  const closeAdmin = track({ label: 'crm admin connection', stop: () => admin.end(), kill: () => {} });
  const key = await createSigningKey();
  const token = await signAccessToken(key, owner);
  const headers = { authorization: `Bearer ${token}` };
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

  const { rows: sizes } = await admin.query<{ n: number }>(
    'select count(*)::int as n from crm.contacts where tenant_id = $1',
    [owner.tenantId],
  );
  // The deep page: the cursor of the row DEEP_OFFSET rows down (services/crm/src/db/lists.ts:
  // base64url JSON { v: the sort value as text, id }), as the API would hand it out.
  const { rows: around } = await admin.query<{ id: string; v: string }>(
    `select id, created_at::text as v from crm.contacts
     where tenant_id = $1 and deleted_at is null
     order by created_at desc, id desc offset $2 limit 2`,
    [owner.tenantId, DEEP_OFFSET - 1],
  );
  const cursor = encodeCursor({ v: around[0]!.v, id: around[0]!.id });
  const paths: Record<Exclude<CrmScenario, 'search' | 'create'>, string> = {
    'list-first': `/contacts?limit=${PAGE_SIZE}`,
    'list-deep': `/contacts?limit=${PAGE_SIZE}&cursor=${cursor}`,
  };
  const searchPath = (q: string) => `/contacts?limit=${PAGE_SIZE}&q=${encodeURIComponent(q)}`;
  const { rows: companies } = await admin.query<{ id: string }>(
    'select id from crm.companies where tenant_id = $1 and deleted_at is null order by id limit 50',
    [owner.tenantId],
  );
  const companyIds = companies.map((c) => c.id);

  const logDir = mkdtempSync(join(tmpdir(), 'comptoir-bench-crm-'));
  const removeDir = track({
    label: 'crm bench directory',
    stop: async () => rmSync(logDir, { recursive: true, force: true }),
    kill: () => rmSync(logDir, { recursive: true, force: true }),
    orphan: { dirs: [logDir] },
  });

  log('crm: starting the CRM API (API, job queue, outbox relay, import worker) in its own process…');
  const server = await startCrmServer(database.serviceUrls.crm!, key, logDir, settings.serverFlags);

  // Checks: the pages the scenarios load are what they claim to be.
  const first = await getJson<Page>(`${server.baseUrl}${paths['list-first']}`, headers);
  const deep = await getJson<Page>(`${server.baseUrl}${paths['list-deep']}`, headers);
  if (first.data.length !== PAGE_SIZE || deep.data.length !== PAGE_SIZE) {
    throw new Error(`unexpected pages: first ${first.data.length} rows, deep ${deep.data.length} rows`);
  }
  const searches: CrmResult['checks']['searches'] = [];
  for (const q of SEARCH_QUERIES) {
    const page = await getJson<Page>(`${server.baseUrl}${searchPath(q)}`, headers);
    const { rows } = await admin.query<{ n: number }>(
      `select count(*)::int as n from crm.contacts
       where tenant_id = $1 and deleted_at is null and search @@ private.prefix_tsquery($2)`,
      [owner.tenantId, q],
    );
    searches.push({ q, matches: rows[0]!.n, firstPageRows: page.data.length });
  }
  const empty = searches.filter((s) => s.firstPageRows === 0);
  if (empty.length > 0) throw new Error(`searches finding nothing: ${empty.map((s) => s.q).join(', ')}`);
  const checks = {
    firstPageRows: first.data.length,
    deepPageFirstRowIsRow50001: deep.data[0]!.id === around[1]!.id,
    searches,
  };
  log(
    `crm: pages checked (deep page starts at row ${DEEP_OFFSET + 1}: ${checks.deepPageFirstRowIsRow50001})`,
  );

  log('crm: explaining the read statements under RLS and without…');
  const diagnosis = await diagnoseCrmStatements({
    adminUrl: database.adminUrl,
    crmUrl: database.serviceUrls.crm!,
    claims,
    tenantId: owner.tenantId,
    statements: [
      { name: 'list-first', path: paths['list-first'] },
      { name: 'list-deep', path: paths['list-deep'] },
      ...SEARCH_QUERIES.map((q) => ({ name: `search "${q}"`, path: searchPath(q) })),
    ],
  });

  let searchTurn = 0;
  let createTurn = 0;
  const searchRequests: autocannon.Request[] = [
    {
      method: 'GET',
      setupRequest: (request) => ({
        ...request,
        path: searchPath(SEARCH_QUERIES[searchTurn++ % SEARCH_QUERIES.length]!),
      }),
    },
  ];
  const createRequests: autocannon.Request[] = [
    {
      method: 'POST',
      setupRequest: (request) => ({
        ...request,
        method: 'POST',
        path: '/contacts',
        body: JSON.stringify(createBody(createTurn++, companyIds)),
      }),
    },
  ];
  const target = (scenario: CrmScenario) => {
    const base = { serverPid: server.pid, postgresPid: database.pid, headers };
    switch (scenario) {
      case 'search':
        return { ...base, url: `${server.baseUrl}/contacts`, requests: searchRequests };
      case 'create':
        return {
          ...base,
          url: `${server.baseUrl}/contacts`,
          method: 'POST' as const,
          headers: { ...headers, 'content-type': 'application/json' },
          requests: createRequests,
        };
      default:
        return { ...base, url: `${server.baseUrl}${paths[scenario]}` };
    }
  };
  const meters = new Map(CRM_SCENARIOS.map((s) => [s, new ScenarioMeter(target(s), settings)] as const));
  const slice = settings.durationSeconds / settings.rounds;
  // Reads interleaved (a burst of other work hits them alike); creates last, as they grow the tenant.
  const reads = CRM_SCENARIOS.filter((s) => s !== 'create');
  for (let round = 1; round <= settings.rounds; round++) {
    for (const scenario of reads) {
      const meter = meters.get(scenario)!;
      if (round === 1) {
        log(`crm: warming up ${scenario} (${settings.warmupSeconds} s)…`);
        await meter.warmUp();
      }
      log(`crm: measuring ${scenario}, round ${round}/${settings.rounds} (${slice} s)…`);
      await meter.measure(slice);
      await pause(500);
    }
  }
  const creates = meters.get('create')!;
  log(`crm: warming up create (${settings.warmupSeconds} s)…`);
  await creates.warmUp();
  for (let round = 1; round <= settings.rounds; round++) {
    log(`crm: measuring create, round ${round}/${settings.rounds} (${slice} s)…`);
    await creates.measure(slice);
  }
  const scenarios: CrmResult['scenarios'] = {};
  for (const [scenario, meter] of meters) {
    scenarios[scenario] = {
      label: CRM_LABELS[scenario],
      path:
        scenario === 'search'
          ? searchPath('<q>')
          : scenario === 'create'
            ? 'POST /contacts'
            : paths[scenario].replace(cursor, '<cursor>'),
      ...meter.result(),
    };
  }
  const serverMemoryAfterLoad = memoryOfTree(server.pid);
  await server.stop();

  let importOutcome: CrmResult['import'] = { status: 'skipped' };
  if (settings.importRows > 0) {
    let stopImportServer: () => Promise<void> = async () => {};
    try {
      log(`crm: writing a ${settings.importRows}-row CSV file…`);
      const file = await writeImportCsv(logDir, settings.importRows);
      // The import runs on the CRM API as it ships (its bundle, `pnpm build`) when built: its
      // memory is the artifact's, not that of the TypeScript sources under tsx (~60 MiB more).
      const shipped = shippedEntry('crm') !== undefined;
      log(
        `crm: starting a fresh CRM API process for the import (its memory is measured; ${shipped ? 'the built bundle' : 'sources under tsx: run pnpm build to measure the bundle'})…`,
      );
      const importServer = shipped
        ? await startShippedServer(
            'crm',
            { DATABASE_URL: database.serviceUrls.crm!, AUTH_JWKS: JSON.stringify(key.jwks) },
            logDir,
            // As it ships (NODE_OPTIONS of the routing table) unless --server-flags says otherwise.
            settings.serverFlags.length > 0
              ? settings.serverFlags
              : (UPSTREAMS.crmApi.nodeOptions?.split(' ') ?? []),
          )
        : await startCrmServer(database.serviceUrls.crm!, key, logDir, settings.serverFlags).then(
            (child) => ({
              pid: child.pid,
              baseUrl: child.baseUrl,
              nodeMemory: async () => (await child.stats()).memory,
              stop: () => child.stop(),
            }),
          );
      stopImportServer = () => importServer.stop();
      await pause(1000); // start-up settles (job queue, relay)
      const before = { server: cpuMsOfTree(importServer.pid), postgres: cpuMsOfTree(database.pid) };
      const heapBefore = await importServer.nodeMemory();
      log(`crm: importing ${settings.importRows} rows (${file.bytes} bytes)…`);
      const result = await runImport({
        baseUrl: importServer.baseUrl,
        serverPid: importServer.pid,
        adminUrl: database.adminUrl,
        // services/crm/src/server.ts names its pool crm-api; servers.ts `bench-${kind}`.
        applicationName: shipped ? 'crm-api' : 'bench-crm',
        nodeMemory: () => importServer.nodeMemory(),
        token: await signAccessToken(key, owner),
        file,
        rows: settings.importRows,
        timeoutMs: settings.importTimeoutSeconds * 1000,
        log,
      });
      const heapAfter = await importServer.nodeMemory();
      importOutcome = {
        status: 'measured',
        ...result,
        server: shipped ? 'bundle' : 'tsx',
        nodeMemoryMiB: { before: inMiB(heapBefore), after: inMiB(heapAfter) },
        cpuMs: {
          server: Math.round(cpuMsBetween(before.server, cpuMsOfTree(importServer.pid))),
          postgres: Math.round(cpuMsBetween(before.postgres, cpuMsOfTree(database.pid))),
        },
      };
      rmSync(file.path, { force: true });
    } catch (error) {
      importOutcome = { status: 'failed', error: (error as Error).message.split('\n')[0]! };
      log(`crm: import FAILED: ${importOutcome.error}`);
    } finally {
      await stopImportServer();
    }
  }

  await removeDir();
  await closeAdmin();
  await database.stop();

  const p99 = scenarios.search?.latencyMs.p99 ?? null;
  const imported = importOutcome.status === 'measured' ? importOutcome : null;
  const peakBytes = imported ? imported.memory.peakRssMiB * 2 ** 20 : null;
  return {
    settings,
    database: {
      seed: CRM_SEED,
      contacts: database.contacts,
      tenantContacts: sizes[0]!.n,
      timings: database.timings,
      loadedTenant: owner.tenantId,
    },
    checks,
    diagnosis,
    scenarios,
    serverMemoryAfterLoad,
    import: importOutcome,
    targets: {
      searchP99: {
        target: `<= ${CRM_TARGETS.searchP99MaxMs} ms`,
        value: p99,
        met: p99 !== null && p99 <= CRM_TARGETS.searchP99MaxMs,
      },
      importTime: {
        target: `<= ${CRM_TARGETS.importMaxMs} ms`,
        value: imported?.wallMs ?? null,
        met:
          imported !== null &&
          imported.finalStatus === 'completed' &&
          imported.wallMs <= CRM_TARGETS.importMaxMs,
      },
      importPeakRss: {
        target: `<= ${CRM_TARGETS.importPeakRssMaxBytes / 1e6} MB (${Math.round((CRM_TARGETS.importPeakRssMaxBytes / 2 ** 20) * 10) / 10} MiB)`,
        value: imported?.memory.peakRssMiB ?? null,
        met: peakBytes !== null && peakBytes <= CRM_TARGETS.importPeakRssMaxBytes,
      },
    },
    durationMs: Math.round(performance.now() - startedAt),
  };
}

const pad = (value: string | number | null | undefined, width: number) =>
  String(value ?? '-').padStart(width);
const mark = (met: boolean) => (met ? 'MET' : 'MISSED');

/** The printed summary of the CRM part. */
export function crmSummaryLines(result: CrmResult): string[] {
  const s = result.settings;
  const lines = [
    '',
    `=== CRM · ${result.database.contacts} contacts (${result.database.tenantContacts} in the loaded tenant) · ${s.connections} connections · ${s.warmupSeconds} s warm-up + ${s.durationSeconds} s measured in ${s.rounds} rounds ===`,
    `seed: ${JSON.stringify(result.database.timings)} (ms)`,
    `${'scenario'.padEnd(62)}${pad('req/s', 8)}${pad('p50', 8)}${pad('p90', 8)}${pad('p99', 8)}${pad('max', 8)}${pad('non2xx', 7)}${pad('errors', 7)}   ms/req CPU srv/pg · CPU % srv/pg/others`,
  ];
  for (const r of Object.values(result.scenarios)) {
    const l = r.latencyMs;
    lines.push(
      `${r.label.padEnd(62)}${pad(r.requestsPerSecond.mean, 8)}${pad(l.p50.toFixed(1), 8)}${pad(l.p90.toFixed(1), 8)}${pad(l.p99.toFixed(1), 8)}${pad(l.max.toFixed(0), 8)}${pad(r.non2xx, 7)}${pad(r.errors + r.timeouts, 7)}   ${r.cpuMsPerRequest.server}/${r.cpuMsPerRequest.postgres} · ${r.cpu.serverPct}/${r.cpu.postgresPct}/${r.cpu.otherProcessesPct}`,
    );
  }
  const failing = Object.values(result.scenarios).filter((r) => r.errors + r.timeouts + r.non2xx > 0);
  lines.push(
    failing.length === 0
      ? 'errors: none (0 non-2xx, 0 connection errors, 0 timeouts)'
      : `ERRORS: ${failing.map((r) => `${r.label.split(' ')[0]}: status ${JSON.stringify(r.statusCodes)}, ${r.errors} errors, ${r.timeouts} timeouts`).join('; ')}`,
  );
  lines.push(
    'database, one statement at a time (explain analyze, warm), ms under RLS / without RLS · rows removed by filter under RLS · matches:',
  );
  for (const d of result.diagnosis) {
    const q = d.name.startsWith('search ') ? d.name.slice(8, -1) : null;
    const matches =
      q === null ? '' : ` · ${result.checks.searches.find((x) => x.q === q)?.matches ?? '?'} matches`;
    lines.push(
      `  ${d.name.padEnd(28)}${pad(d.rls.executionMs.toFixed(1), 8)} /${pad(d.noRls.executionMs.toFixed(1), 7)}   ${pad(d.rls.rowsRemovedByFilter, 6)} removed${matches}`,
    );
  }
  const plan = (name: string) => result.diagnosis.find((d) => d.name === name);
  const sample = plan(`search "${SEARCH_QUERIES[0]}"`);
  if (sample) {
    lines.push(
      `  plan of search "${SEARCH_QUERIES[0]}" under RLS: ${sample.rls.nodes.join(' > ')}`,
      `  same without RLS:          ${sample.noRls.nodes.join(' > ')}`,
    );
  }
  const imp = result.import;
  if (imp.status === 'measured') {
    const c = imp.counts;
    lines.push(
      `import of ${imp.rows} rows (${Math.round(imp.fileBytes / 1e5) / 10} MB CSV): ${imp.finalStatus}${imp.error ? ` (${imp.error})` : ''} in ${(imp.wallMs / 1000).toFixed(1)} s (upload ${(imp.uploadMs / 1000).toFixed(1)} s, queue ${((imp.queueWaitMs ?? 0) / 1000).toFixed(1)} s, run ${((imp.runMs ?? 0) / 1000).toFixed(1)} s), ${imp.rowsPerSecond} rows/s; CPU server ${(imp.cpuMs.server / 1000).toFixed(1)} s, PostgreSQL ${(imp.cpuMs.postgres / 1000).toFixed(1)} s`,
      `  created ${c.created}, updated ${c.updated}, skipped ${c.skipped}, rejected ${c.rejected}, warnings ${c.warnings}, companies created ${c.companiesCreated}${imp.mappingCorrections.length > 0 ? `; mapping corrected for ${imp.mappingCorrections.map((m) => m.column).join(', ')}` : '; suggested mapping used as is'}`,
      `  server RSS: ${imp.memory.baselineRssMiB} MiB before, peak ${imp.memory.peakRssMiB} MiB at ${(imp.memory.peakAtMs / 1000).toFixed(1)} s (${imp.memory.samples} samples), VmHWM ${imp.memory.vmHwmMiB} MiB; V8 heap used ${imp.nodeMemoryMiB.before.heapUsed} MiB before, ${imp.nodeMemoryMiB.after.heapUsed} MiB after`,
      `  server's own view during the import (every second): heap used ≤ ${imp.memory.node.maxHeapUsedMiB} MiB, heap reserved ≤ ${imp.memory.node.maxHeapTotalMiB} MiB, external ≤ ${imp.memory.node.maxExternalMiB} MiB (ArrayBuffers ≤ ${imp.memory.node.maxArrayBuffersMiB}), RSS beyond the heap ≤ ${imp.memory.node.maxOutsideHeapMiB} MiB`,
      `  database statements of the import (pg_stat_activity every 50 ms; one running in ${imp.statementSamples.busy} of ${imp.statementSamples.total} samples):`,
      ...imp.statementSamples.top
        .slice(0, 6)
        .map((t) => `    ${pad(t.share.toFixed(1), 5)} %  ${t.statement.slice(0, 120)}`),
    );
  } else if (imp.status === 'failed') {
    lines.push(`import: FAILED: ${imp.error}`);
  } else {
    lines.push('import: skipped (--import-rows 0)');
  }
  const t = result.targets;
  lines.push(
    '',
    `search p99 at ${s.connections} connections = ${t.searchP99.value} ms   target ${t.searchP99.target}   ${mark(t.searchP99.met)}`,
    `import of ${s.importRows} rows          = ${t.importTime.value === null ? '-' : `${t.importTime.value} ms`}   target ${t.importTime.target}   ${mark(t.importTime.met)}`,
    `import peak RSS          = ${t.importPeakRss.value ?? '-'} MiB   target ${t.importPeakRss.target}   ${mark(t.importPeakRss.met)}`,
  );
  const missed = [
    ...(t.searchP99.met ? [] : [`search p99 ${t.searchP99.value} ms > ${CRM_TARGETS.searchP99MaxMs} ms`]),
    ...(t.importTime.met
      ? []
      : [`import ${t.importTime.value ?? 'not measured'} ms > ${CRM_TARGETS.importMaxMs} ms`]),
    ...(t.importPeakRss.met
      ? []
      : [
          `import peak RSS ${t.importPeakRss.value ?? 'not measured'} MiB > ${t.importPeakRss.target.slice(3)}`,
        ]),
  ];
  lines.push(
    missed.length === 0 ? '>>> CRM targets: all MET' : `>>> CRM targets MISSED: ${missed.join('; ')}`,
  );
  lines.push(`CRM part took ${Math.round(result.durationMs / 1000)} s`);
  return lines;
}
