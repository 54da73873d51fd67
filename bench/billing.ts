/**
 * @module billing
 * The billing part of `pnpm bench` (issue 4 §3).
 *
 * 1. A throwaway embedded PostgreSQL (`startBenchDatabase`), seeded with one tenant whose seller
 *    settings are complete, one customer and {@link BILLING_SEED.drafts} draft invoices of three
 *    lines at three VAT rates (totals as the API computes them), plus 49 other tenants with a
 *    few issued-like invoices each so the tables are not single-tenant.
 * 2. The billing API as it ships: the built `services/billing/dist/server.js` (run `pnpm build`
 *    first) in its own process, pool of 20, job queue and hourly jobs included.
 * 3. **Issue**: every draft issued by `POST /invoices/{id}/issue` through autocannon, 20
 *    connections, each request a different draft: all at once on one tenant and one year, so every
 *    issue queues on the same counter row (gapless numbering). Reported: invoices/s over the whole
 *    run, latency p50/p99; then checked that numbers 1…N exist exactly once.
 * 4. **PDF**: {@link BILLING_SEED.pdfs} sequential `GET /invoices/{id}/pdf` (Factur-X PDF/A-3 with
 *    the CII XML built and embedded): milliseconds per PDF, end to end.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { type SeedPlan, startBenchDatabase } from './seed.js';
import { shippedEntry, startShippedServer } from './shipped.js';
import { createSigningKey, signAccessToken } from './tokens.js';

/** Sizes of the billing part. */
export const BILLING_SEED = {
  /** Drafts issued concurrently (issue 4: 1,000). */
  drafts: 1000,
  /** PDFs rendered one after the other (issue 4: 100). */
  pdfs: 100,
  /** Other tenants, each with a few invoices. */
  otherTenants: 49,
  connections: 20,
} as const;

/** What the billing part measured. */
export interface BillingResult {
  issue: {
    invoices: number;
    connections: number;
    durationMs: number;
    invoicesPerSecond: number;
    latencyMs: { p50: number; p90: number; p99: number; max: number };
    non2xx: number;
    errors: number;
    /** Numbers 1…N each exactly once, nothing else. */
    gapless: boolean;
  };
  pdf: { count: number; meanMs: number; p50Ms: number; p99Ms: number; meanBytes: number };
  serverPeakRssBytes: number | null;
}

/**
 * The seed: superuser, `session_replication_role = replica` (triggers skipped: no audit rows for
 * the seed, and the drafts' lines are inserted with their parent; foreign-key checks skipped:
 * every id comes from rows inserted just before). Totals are those `computeTotals` gives for the
 * three lines (150.00 at 20 %, 2 × 39.99 at 5.5 %, 3 × 18.50 at 10 %).
 */
function billingSeedPlan(): SeedPlan {
  const breakdown = JSON.stringify([
    {
      vat_category: 'S',
      vat_rate_basis_points: 2000,
      taxable_minor: 15_000,
      tax_minor: 3_000,
      exemption_reason: null,
      exemption_reason_code: null,
    },
    {
      vat_category: 'S',
      vat_rate_basis_points: 550,
      taxable_minor: 7_998,
      tax_minor: 440,
      exemption_reason: null,
      exemption_reason_code: null,
    },
    {
      vat_category: 'S',
      vat_rate_basis_points: 1000,
      taxable_minor: 5_550,
      tax_minor: 555,
      exemption_reason: null,
      exemption_reason_code: null,
    },
  ]);
  return {
    prepare: `
      create table bench_seed.tenants as
        select n, gen_random_uuid() as tenant_id, gen_random_uuid() as user_id, gen_random_uuid() as customer_id
        from generate_series(1, ${1 + BILLING_SEED.otherTenants}) as n;
      insert into platform.tenants (id, slug, name)
        select tenant_id, 'bench-' || lpad(n::text, 3, '0'), 'Bench tenant ' || n from bench_seed.tenants;
      insert into platform.users (id, email, password_hash, name)
        select user_id, 'owner-' || lpad(n::text, 3, '0') || '@bench.example', 'not-a-login', 'Owner ' || n
        from bench_seed.tenants;
      insert into platform.memberships (tenant_id, user_id, role)
        select tenant_id, user_id, 'OWNER' from bench_seed.tenants;
      insert into billing.settings (tenant_id, legal_name, address_line1, postal_code, city, siren, vat_number, iban, bic)
        select tenant_id, 'Bench ' || n || ' SAS', '1 rue du Test', '69002', 'Lyon', '303265045', 'FR40303265045',
               'FR7630006000011234567890189', 'AGRIFRPP'
        from bench_seed.tenants;
      insert into billing.customers (id, tenant_id, legal_name, email, address_line1, postal_code, city)
        select customer_id, tenant_id, 'Client ' || n, 'client' || n || '@bench.example', '3 place du Marché', '75011', 'Paris'
        from bench_seed.tenants;
      insert into billing.tax_rates (tenant_id, name, rate_basis_points, vat_category, is_default)
        select tenant_id, 'TVA 20 %', 2000, 'S', true from bench_seed.tenants;
      create table bench_seed.drafts as
        select t.tenant_id, t.customer_id, gen_random_uuid() as id, d
        from bench_seed.tenants t
        cross join generate_series(1, case when t.n = 1 then ${BILLING_SEED.drafts} else 20 end) as d;
    `,
    bulk: (part, parts) => `
      insert into billing.invoices (id, tenant_id, customer_id, currency, net_minor, tax_minor, gross_minor, vat_breakdown, created_at)
        select id, tenant_id, customer_id, 'EUR', 28548, 3995, 32543, '${breakdown}'::jsonb, now() - d * interval '1 second'
        from bench_seed.drafts where d % ${parts} = ${part};
      insert into billing.invoice_lines (tenant_id, invoice_id, position, description, quantity_milli, unit_price_minor,
                                         vat_category, vat_rate_basis_points, net_minor)
        select tenant_id, id, l.position, l.description, l.q, l.price, 'S', l.rate, l.net
        from bench_seed.drafts
        cross join (values (1, 'Développement', 1000, 15000, 2000, 15000),
                           (2, 'Livres techniques', 2000, 3999, 550, 7998),
                           (3, 'Repas d''équipe', 3000, 1850, 1000, 5550)) as l (position, description, q, price, rate, net)
        where d % ${parts} = ${part};
    `,
    rebuildIndexesOf: [],
  };
}

function rssOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * Runs the billing part.
 *
 * @throws when the API is not built, does not start, or answers anything but 200.
 */
export async function runBillingPart(log: (line: string) => void): Promise<BillingResult> {
  if (!shippedEntry('billing'))
    throw new Error('services/billing/dist/server.js is missing: run pnpm build first');
  log(`billing: starting embedded PostgreSQL and seeding ${BILLING_SEED.drafts} drafts in one tenant…`);
  const database = await startBenchDatabase(billingSeedPlan());
  const key = await createSigningKey();
  const owner = database.owners[0]!;
  const token = await signAccessToken(key, owner);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();

  const logDir = mkdtempSync(join(tmpdir(), 'comptoir-bench-billing-'));
  const server = await startShippedServer(
    'billing',
    { DATABASE_URL: database.serviceUrls.billing!, AUTH_JWKS: JSON.stringify(key.jwks) },
    logDir,
  );
  const base = server.baseUrl;
  try {
    const { rows: drafts } = await admin.query<{ id: string }>(
      `select id from billing.invoices where tenant_id = $1 and status = 'draft' order by created_at`,
      [owner.tenantId],
    );
    log(`billing: issuing ${drafts.length} invoices, ${BILLING_SEED.connections} connections…`);
    let next = 0;
    const started = performance.now();
    const result = await autocannon({
      url: base,
      connections: BILLING_SEED.connections,
      amount: drafts.length,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          headers,
          setupRequest: (request) => ({
            ...request,
            path: `/invoices/${drafts[next++ % drafts.length]!.id}/issue`,
            body: '{}',
          }),
        },
      ],
    });
    const durationMs = performance.now() - started;
    const { rows: numbers } = await admin.query<{ n: number; distinct: number; min: number; max: number }>(
      `select count(*)::int as n, count(distinct sequence_value)::int as distinct,
              min(sequence_value) as min, max(sequence_value) as max
       from billing.invoices where tenant_id = $1 and status <> 'draft'`,
      [owner.tenantId],
    );
    const n = numbers[0]!;
    const gapless =
      n.n === drafts.length && n.distinct === drafts.length && n.min === 1 && n.max === drafts.length;

    log(`billing: rendering ${BILLING_SEED.pdfs} PDFs one after the other…`);
    const issued = drafts.slice(0, BILLING_SEED.pdfs);
    const times: number[] = [];
    let bytes = 0;
    for (const { id } of issued) {
      const t0 = performance.now();
      const res = await fetch(`${base}/invoices/${id}/pdf`, { headers });
      const body = new Uint8Array(await res.arrayBuffer());
      times.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`GET /invoices/${id}/pdf answered ${res.status}`);
      bytes += body.length;
    }
    times.sort((a, b) => a - b);
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      issue: {
        invoices: drafts.length,
        connections: BILLING_SEED.connections,
        durationMs: Math.round(durationMs),
        invoicesPerSecond: round((drafts.length / durationMs) * 1000),
        latencyMs: {
          p50: result.latency.p50,
          p90: result.latency.p90,
          p99: result.latency.p99,
          max: result.latency.max,
        },
        non2xx: result.non2xx,
        errors: result.errors,
        gapless,
      },
      pdf: {
        count: times.length,
        meanMs: round(times.reduce((a, b) => a + b, 0) / times.length),
        p50Ms: round(percentile(times, 50)),
        p99Ms: round(percentile(times, 99)),
        meanBytes: Math.round(bytes / times.length),
      },
      serverPeakRssBytes: rssOf(server.pid),
    };
  } finally {
    await admin.end();
    await server.stop();
    rmSync(logDir, { recursive: true, force: true });
    await database.stop();
  }
}

/** The billing part's lines of the summary. */
export function billingSummaryLines(result: BillingResult): string[] {
  const { issue, pdf } = result;
  return [
    '',
    `=== Billing · ${issue.invoices} invoices issued at once on one tenant · ${issue.connections} connections ===`,
    `issue: ${issue.invoicesPerSecond} invoices/s over ${issue.durationMs} ms · p50 ${issue.latencyMs.p50} ms · p90 ${issue.latencyMs.p90} ms · p99 ${issue.latencyMs.p99} ms · max ${issue.latencyMs.max} ms · non2xx ${issue.non2xx} · errors ${issue.errors} · numbers 1…${issue.invoices} gapless: ${issue.gapless ? 'yes' : 'NO'}`,
    `pdf: ${pdf.count} Factur-X PDFs one after the other · ${pdf.meanMs} ms per PDF (p50 ${pdf.p50Ms}, p99 ${pdf.p99Ms}) · ${Math.round(pdf.meanBytes / 1024)} KiB each`,
    `server peak RSS: ${result.serverPeakRssBytes === null ? '-' : `${Math.round(result.serverPeakRssBytes / 2 ** 20)} MiB`}`,
  ];
}
