/**
 * @module import/perf.manual
 * A reproducible measurement of a large contact import, end to end, on a throwaway database. Not
 * a test (timing targets belong to benchmarks, not to the test suite) and not part of the
 * service's build; run it by hand:
 *
 * ```sh
 * pnpm exec tsx services/crm/src/import/perf.manual.ts                # 100,000 rows
 * pnpm exec tsx services/crm/src/import/perf.manual.ts --rows 20000 --profile
 * ```
 *
 * What it does:
 * 1. starts an embedded PostgreSQL in a temporary directory (crash safety off like the tests'
 *    server unless `--durable`; `pg_stat_statements` loaded), applies the migrations, sets the
 *    service logins;
 * 2. creates another tenant holding `--other` contacts (100,000 by default: the import must not
 *    pay for other tenants' rows), and the importing tenant (locale fr-FR) with `--existing`
 *    contacts of its own, a quarter of whose e-mails reappear in the file (updates);
 * 3. writes a CSV of `--rows` rows to a temporary file, streamed (First Name, Last Name, E-mail,
 *    Phone, Company among about 2,000, Job title, Notes, Tags; 2.5 % of rows with an invalid
 *    e-mail, 2.5 % repeating an earlier row's e-mail, 1 % with a phone that does not parse);
 * 4. builds the CRM service exactly as `server.ts` does (buildCrmService, the background work
 *    with its outbox relay and job queue, the import worker), then, through the HTTP handlers:
 *    `POST /imports` (raw text/csv body streamed from the file), checks the suggested mapping,
 *    `POST /imports/{id}/run`, and polls `GET /imports/{id}` every 100 ms until it is done;
 * 5. reports wall time (upload start → completed seen), the import's own phases, rows/s, the
 *    process's RSS sampled every 50 ms and its VmHWM (reset just before the import), the
 *    statements that took PostgreSQL's time (pg_stat_statements, nested statements included),
 *    and with `--profile` a CPU profile of the import (file written, plus self time by package
 *    and by function);
 * 6. checks the outcome: counts, every rejected row reported with a reason.
 *
 * Options: `--rows N` (100000), `--other N` (100000), `--existing N` (0), `--batch N` (the job's
 * default), `--profile`, `--durable`, `--drop-index name[,name]` (drop contacts indexes before the
 * run, to measure their share), `--sql "statement"` (run as superuser before the import, e.g. a
 * GIN setting), `--json file` (the report, also printed).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '@comptoir/db/connection';
import { startEmbeddedPostgres } from '@comptoir/db/embedded';
import { migrate } from '@comptoir/db/migrate';
import { configureServiceLogins } from '@comptoir/db/roles';
import { parsePublicOrigin } from '@comptoir/routing';
import { startBackgroundWork } from '@comptoir/service-kit/background';
import { createTokenVerifier } from '@comptoir/service-kit/tokens';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import pg from 'pg';
import pino from 'pino';
import { buildCrmService } from '../app.js';
import { registerImportWorker } from './worker.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    other: { type: 'string', default: '100000' },
    existing: { type: 'string', default: '0' },
    batch: { type: 'string' },
    profile: { type: 'boolean', default: false },
    durable: { type: 'boolean', default: false },
    'drop-index': { type: 'string' },
    sql: { type: 'string', multiple: true },
    json: { type: 'string' },
  },
});
const ROWS = Number(args.rows);
const OTHER = Number(args.other);
const EXISTING = Number(args.existing);
const BATCH = args.batch ? Number(args.batch) : undefined;
const MIGRATIONS = fileURLToPath(new URL('../../../../supabase/migrations', import.meta.url));
const ISSUER = 'comptoir-auth';
const log = (line: string) => process.stderr.write(`${line}\n`);
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

// The file ------------------------------------------------------------------------------------------
const FIRST = ['Ada', 'Élodie', 'Jean-Pierre', 'Zoë', 'Marc', 'Inès', 'Thomas', 'Chloé', 'Lucas', 'Léa'];
const FIRST2 = ['Hugo', 'Manon', 'Noah', 'Camille', 'Louis', 'Sarah', 'Grace', 'Björn', 'Núria', 'Olivier'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Lefèvre', "O'Brien", 'Müller', 'Garcia', 'Petit', 'Roux'];
const LAST2 = ['Moreau', 'Fournier', 'Girard', 'Lovelace', 'Hopper', 'Nguyen', 'Da Silva', 'Faure'];
const WORDS = ['Atelier', 'Boulangerie', 'Cabinet', 'Garage', 'Studio', 'Maison', 'Agence', 'Café'];
const NAMES = ['Dupont', 'Lumière', 'Bellevue', 'du Port', 'Étoile', 'Vauban', 'Océane', 'Riverside'];
const TITLES = ['Gérante', 'Directeur commercial', 'Comptable', 'Sales Manager', 'CEO', 'Chef de projet'];
const NOTES = [
  'Rencontré au salon, rappeler en septembre.',
  'Intéressée par l’offre "Premium", envoyer le devis.',
  'Préfère le téléphone, jamais avant 10 h',
  'Ancien client, à relancer\nNouvelle adresse depuis mars',
];
const TAGS = ['Clients', 'Prospects', 'Clients;VIP', 'Fournisseurs', 'Salon Lyon 2025', ''];
const PROVIDERS = ['gmail.com', 'orange.fr', 'free.fr', 'outlook.com', 'example.org'];

function mix(i: number, salt: number): number {
  let x = Math.imul(i ^ Math.imul(salt, 0x9e3779b1), 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
const pick = <T>(list: readonly T[], i: number, salt: number) => list[mix(i, salt) % list.length]!;
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** The e-mail of person `p` (a row of the file, or an existing contact). */
const emailOf = (p: number) =>
  `${ascii(pick(FIRST, p, 1))}.${ascii(pick(LAST, p, 2))}.${p}@${pick(PROVIDERS, p, 3)}`;

/** Data row `i` (0-based) and what it should do. */
function fileRow(i: number): { cells: string[]; kind: 'ok' | 'bad-email' | 'repeat' } {
  const first = `${pick(FIRST, i, 1)}${mix(i, 20) % 4 === 0 ? ` ${pick(FIRST2, i, 21)}` : ''}`;
  const last = `${pick(LAST, i, 2)}${mix(i, 22) % 3 === 0 ? `-${pick(LAST2, i, 23)}` : ''}`;
  const kind = i % 40 === 39 ? 'bad-email' : i % 40 === 20 && i > 40 ? 'repeat' : 'ok';
  const email =
    kind === 'bad-email'
      ? `${ascii(first)}.${ascii(last)}(at)example`
      : kind === 'repeat'
        ? emailOf(i - 17)
        : emailOf(i);
  const d = String(mix(i, 5) % 100_000_000).padStart(8, '0');
  const k = mix(i, 6) % 100;
  const phone =
    k === 0
      ? '0800-FLEURS'
      : k < 10
        ? `+44 20 7946 ${d.slice(0, 4)}`
        : k < 15
          ? `+1 (415) 555-${d.slice(4)}`
          : k < 30
            ? ''
            : `06 ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4, 6)} ${d.slice(6, 8)}`;
  const c = mix(i, 9) % 2000;
  const company = mix(i, 8) % 10 === 0 ? '' : `${pick(WORDS, c, 10)} ${pick(NAMES, c, 11)} ${c}`;
  return {
    cells: [
      first,
      last,
      email,
      phone,
      company,
      mix(i, 12) % 2 === 0 ? pick(TITLES, i, 13) : '',
      mix(i, 14) % 5 === 0 ? pick(NOTES, i, 15) : '',
      pick(TAGS, i, 16),
    ],
    kind,
  };
}

const HEADER = ['First Name', 'Last Name', 'E-mail', 'Phone', 'Company', 'Job title', 'Notes', 'Tags'];
const EXPECTED: Record<string, string> = {
  'First Name': 'first_name',
  'Last Name': 'last_name',
  'E-mail': 'email',
  Phone: 'phone',
  Company: 'company',
  'Job title': 'job_title',
  Notes: 'notes',
  Tags: 'tags',
};

async function writeCsv(path: string, rows: number) {
  const out = createWriteStream(path);
  let buffer = `${HEADER.join(',')}\r\n`;
  const kinds = { ok: 0, 'bad-email': 0, repeat: 0 };
  for (let i = 0; i < rows; i++) {
    const { cells, kind } = fileRow(i);
    kinds[kind]++;
    buffer += `${cells.map(field).join(',')}\r\n`;
    if (buffer.length > 256 * 1024) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return { bytes: statSync(path).size, kinds };
}

// The database ---------------------------------------------------------------------------------------
async function startDatabase(dataDir: string) {
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const options = { dataDir, port, password, mode: 'durable' as const };
  let server = await startEmbeddedPostgres(options);
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const settings = [
    "shared_preload_libraries = 'pg_stat_statements'",
    "pg_stat_statements.track = 'all'",
    ...(args.durable ? [] : ['fsync = off', 'full_page_writes = off', 'synchronous_commit = off']),
  ];
  for (const s of settings) await admin.query(`alter system set ${s}`);
  await admin.end();
  await server.stop();
  server = await startEmbeddedPostgres(options);
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  await client.query('create extension if not exists pg_stat_statements');
  await client.end();
  return server;
}

async function seed(admin: pg.Pool) {
  const tenant = async (name: string) => {
    const tenantId = randomUUID();
    const userId = randomUUID();
    await admin.query(`insert into platform.tenants (id, slug, name, locale) values ($1, $2, $3, 'fr-FR')`, [
      tenantId,
      `t-${tenantId.slice(0, 8)}`,
      name,
    ]);
    await admin.query(
      `insert into platform.users (id, email, password_hash, name) values ($1, $2, 'not-a-login', 'Owner')`,
      [userId, `owner-${userId.slice(0, 8)}@example.test`],
    );
    await admin.query(
      `insert into platform.memberships (tenant_id, user_id, role) values ($1, $2, 'OWNER')`,
      [tenantId, userId],
    );
    return { tenantId, userId };
  };
  const contacts = async (tenantId: string, count: number, emailSql: string) => {
    for (let from = 0; from < count; from += 20000) {
      await admin.query(
        `insert into crm.contacts (tenant_id, first_name, last_name, emails, phones, tags, job_title)
         select $1, 'Existing', 'Person ' || g,
                jsonb_build_array(jsonb_build_object('label', 'work', 'address', ${emailSql})),
                jsonb_build_array(jsonb_build_object('label', 'mobile', 'number', '06 12 ' || lpad((g % 100000)::text, 6, '0'),
                                                     'e164', '+33612' || lpad((g % 100000)::text, 6, '0'))),
                array['Seed'], 'Seeded'
         from generate_series($2::int, $3::int) g`,
        [tenantId, from, Math.min(count, from + 20000) - 1],
      );
    }
  };
  const other = await tenant('Another tenant');
  await contacts(other.tenantId, OTHER, `'person' || g || '@other.example'`);
  const importer = await tenant('Importing tenant');
  if (EXISTING > 0) {
    // Every fourth existing contact has the e-mail of a row of the file (person 4k), the rest not.
    const emails = Array.from({ length: EXISTING }, (_, k) =>
      k % 4 === 0 ? emailOf(k) : `kept${k}@old.example`,
    );
    await admin.query(
      `insert into crm.contacts (tenant_id, first_name, last_name, emails)
       select $1, 'Old', 'Contact ' || n, jsonb_build_array(jsonb_build_object('label', 'work', 'address', e))
       from unnest($2::text[]) with ordinality as x(e, n)`,
      [importer.tenantId, emails],
    );
  }
  await admin.query('analyze');
  return importer;
}

// Profiles ----------------------------------------------------------------------------------------------
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Self time of a CPU profile by package (or file of this service) and by function. */
function summariseProfile(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
  const selfUs = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    const { url, functionName, lineNumber } = node.callFrame;
    const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    const area = pkg
      ? pkg
      : url.includes('/services/crm/src/')
        ? url.replace(/.*\/services\/crm\/src\//, 'crm/')
        : url.includes('/packages/')
          ? url.replace(/.*\/packages\//, 'packages/').replace(/\/src\/.*/, '')
          : url.startsWith('node:')
            ? url
            : functionName.startsWith('(')
              ? functionName
              : url || '(native)';
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${area}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        share: Math.round((us / total) * 1000) / 10,
      }));
  return { totalMs: Math.round(total / 1000), byArea: top(byArea, 20), byFunction: top(byFunction, 30) };
}

// The run -------------------------------------------------------------------------------------------------
async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'crm-import-perf-'));
  // A directory of its own (initdb recreates it for the postgres user when running as root).
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-import-perf-pg-'));
  log(`scratch directories ${dir}, ${dataDir}`);
  const server = await startDatabase(dataDir);
  const cleanups: Array<() => Promise<void>> = [];
  try {
    await migrate(server.url, MIGRATIONS);
    const urls = await configureServiceLogins(server.url, () => randomBytes(16).toString('hex'));
    const admin = new pg.Pool({ connectionString: server.url, max: 2 });
    cleanups.push(() => admin.end());
    const t0 = performance.now();
    const member = await seed(admin);
    log(
      `seeded ${OTHER} contacts in another tenant, ${EXISTING} in the importing one (${Math.round(performance.now() - t0)} ms)`,
    );

    const csvPath = join(dir, `contacts-${ROWS}.csv`);
    const file = await writeCsv(csvPath, ROWS);
    log(`file: ${ROWS} rows, ${file.bytes} bytes (${JSON.stringify(file.kinds)})`);

    for (const index of (args['drop-index'] ?? '').split(',').filter(Boolean)) {
      await admin.query(`drop index crm.${index.replace(/[^a-z0-9_]/g, '')}`);
      log(`dropped index crm.${index}`);
    }
    for (const statement of args.sql ?? []) {
      await admin.query(statement);
      log(`ran: ${statement}`);
    }

    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = 'perf';
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] };
    const token = await new SignJWT({
      role: 'authenticated',
      email: 'owner@example.test',
      aal: 'aal1',
      app_metadata: { tenant_id: member.tenantId, tenant_role: 'OWNER', provider: 'email' },
    })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject(member.userId)
      .setAudience('authenticated')
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(privateKey);
    const headers = { authorization: `Bearer ${token}` };

    // The service as server.ts builds it (pool of 20, background work, import worker).
    const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
    const pool = new pg.Pool({ connectionString: urls.crm, max: 20, application_name: 'crm-api' });
    cleanups.push(() => pool.end());
    const service = buildCrmService({
      pool,
      logger,
      verifyToken: createTokenVerifier({ jwks, issuer: ISSUER }),
      publicOrigin: parsePublicOrigin('http://comptoir.localhost:8080'),
      rateLimit: false,
      trustProxy: false,
    });
    const background = await startBackgroundWork({
      name: 'crm',
      connectionString: urls.crm!,
      pool,
      logger,
      retentionDays: 30,
    });
    cleanups.unshift(() => background.stop());
    await registerImportWorker(background.jobs.boss, {
      pool,
      logger,
      ...(BATCH ? { batchRows: BATCH } : {}),
    });
    const call = async (path: string, init: RequestInit & { duplex?: 'half' }, expected: number) => {
      const res = await service.app.request(path, init);
      const text = await res.text();
      if (res.status !== expected) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 500)}`);
      return JSON.parse(text);
    };
    // Warm the routes once (module initialisation, OpenAPI, token cache) outside the measurement.
    await call('/imports', { headers }, 200);

    await admin.query('select pg_stat_statements_reset()');
    global.gc?.();
    // Reset the process's peak RSS (VmHWM) so that it covers the import only (Linux).
    try {
      writeFileSync('/proc/self/clear_refs', '5');
    } catch {}
    const profiler = args.profile ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 500 });
      await profiler.post('Profiler.start');
    }
    const samples: Array<{ at: number; rss: number }> = [];
    const start = performance.now();
    const sample = () => samples.push({ at: performance.now() - start, rss: process.memoryUsage.rss() });
    sample();
    const sampler = setInterval(sample, 50);

    const uploaded = await call(
      `/imports?filename=contacts-${ROWS}.csv`,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/csv' },
        body: Readable.toWeb(createReadStream(csvPath)) as ReadableStream<Uint8Array>,
        duplex: 'half',
      },
      201,
    );
    const uploadMs = performance.now() - start;
    const wrong = HEADER.flatMap((name, column) => {
      const target = uploaded.mapping.find((m: { column: number }) => m.column === column)?.target ?? null;
      return target === EXPECTED[name] ? [] : [`${name}: ${target}`];
    });
    if (wrong.length) {
      log(`suggested mapping differs (${wrong.join(', ')}): patched`);
      await call(
        `/imports/${uploaded.id}`,
        {
          method: 'PATCH',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({
            mapping: HEADER.map((name, column) => ({ column, target: EXPECTED[name] })),
          }),
        },
        200,
      );
    }
    await call(`/imports/${uploaded.id}/run`, { method: 'POST', headers }, 202);
    let current: Record<string, unknown> & {
      status: string;
      counts: Record<string, number>;
      progress: { rows_done: number };
    };
    let lastLog = 0;
    for (;;) {
      current = await call(`/imports/${uploaded.id}`, { headers }, 200);
      if (['completed', 'failed', 'cancelled'].includes(current.status)) break;
      const elapsed = performance.now() - start;
      if (elapsed - lastLog > 5000) {
        lastLog = elapsed;
        log(`  ${Math.round(elapsed / 1000)} s: ${current.status}, ${current.progress.rows_done} rows done`);
      }
      if (elapsed > 15 * 60_000) throw new Error('the import did not finish within 15 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
    const wallMs = performance.now() - start;
    clearInterval(sampler);
    sample();
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
    let profile: ReturnType<typeof summariseProfile> | undefined;
    if (profiler) {
      const { profile: raw } = await profiler.post('Profiler.stop');
      const path = join(process.cwd(), `crm-import-${ROWS}.cpuprofile`);
      writeFileSync(path, JSON.stringify(raw));
      log(`CPU profile written to ${path}`);
      profile = summariseProfile(raw as never);
      profiler.disconnect();
    }

    const peak = samples.reduce((a, b) => (b.rss > a.rss ? b : a));
    const between = (a: unknown, b: unknown) =>
      typeof a === 'string' && typeof b === 'string' ? Date.parse(b) - Date.parse(a) : null;
    const { rows: statements } = await admin.query<{
      calls: string;
      total_ms: number;
      mean_ms: number;
      rows: string;
      query: string;
      toplevel: boolean;
    }>(
      `select calls, round(total_exec_time::numeric, 0)::float8 as total_ms,
              round(mean_exec_time::numeric, 2)::float8 as mean_ms, rows, toplevel,
              left(regexp_replace(query, '\\s+', ' ', 'g'), 200) as query
       from pg_stat_statements
       where dbid = (select oid from pg_database where datname = current_database())
       order by total_exec_time desc limit 25`,
    );
    const { rows: dbTotal } = await admin.query<{ ms: number }>(
      `select round(sum(total_exec_time)::numeric, 0)::float8 as ms from pg_stat_statements where toplevel`,
    );
    const { rows: check } = await admin.query<{ outcome: string; n: string; without_reason: string }>(
      `select outcome, count(*) as n, count(*) filter (where cardinality(reasons) = 0) as without_reason
       from crm.import_rejections where import_id = $1 group by outcome order by outcome`,
      [uploaded.id],
    );
    const { rows: live } = await admin.query<{ n: string }>(
      'select count(*) as n from crm.contacts where tenant_id = $1 and deleted_at is null',
      [member.tenantId],
    );

    const report = {
      rows: ROWS,
      fileBytes: file.bytes,
      batchRows: BATCH ?? 'default',
      status: current.status,
      error: current.error,
      wallMs: Math.round(wallMs),
      rowsPerSecond: Math.round(ROWS / (wallMs / 1000)),
      uploadMs: Math.round(uploadMs),
      queueWaitMs: between(current.queued_at, current.started_at),
      runMs: between(current.started_at, current.finished_at),
      counts: current.counts,
      reported: check,
      liveContactsOfTenant: Number(live[0]?.n),
      memory: {
        baselineRssMiB: mib(samples[0]!.rss),
        peakRssMiB: mib(peak.rss),
        peakAtMs: Math.round(peak.at),
        vmHwmMiB: mib(hwm),
        samples: samples.length,
        perSecondMiB: samples
          .filter((s, i) => i === 0 || Math.floor(s.at / 1000) !== Math.floor(samples[i - 1]!.at / 1000))
          .map((s) => mib(s.rss)),
      },
      database: {
        topLevelExecMs: dbTotal[0]?.ms,
        statements: statements.map((s) => ({
          calls: Number(s.calls),
          totalMs: s.total_ms,
          meanMs: s.mean_ms,
          rows: Number(s.rows),
          nested: !s.toplevel,
          query: s.query,
        })),
      },
      ...(profile ? { nodeProfile: profile } : {}),
    };
    if (args.json) writeFileSync(args.json, JSON.stringify(report, null, 2));
    console.log(JSON.stringify(report, null, 2));
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    // pg-boss ends its own connections asynchronously: let it, so that the server's shutdown
    // does not surface as an error of a live connection.
    await new Promise((r) => setTimeout(r, 1000));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
