/**
 * @module crm-import
 * The import scenario of the CRM part: a CSV file of 100,000 contacts, written to a temporary
 * directory as a stream (never whole in memory), sent through the CRM API's real import flow,
 * and timed with the server's memory watched from `/proc`:
 *
 * 1. `POST /imports` with the file as a raw `text/csv` body, streamed from disk (the API stores
 *    it in chunks, detects encoding, delimiter and header, and suggests a mapping);
 * 2. the suggested mapping is checked against what each column holds; only if it differs is it
 *    corrected with `PATCH /imports/{id}` (reported);
 * 3. `POST /imports/{id}/run` (202: queued through the outbox to the job queue);
 * 4. `GET /imports/{id}` every 100 ms until the import is `completed` (or `failed`/`cancelled`).
 *
 * Wall time runs from the first byte of the upload to the poll that sees the import finished.
 * The server's resident memory (`VmRSS`) is sampled every 50 ms from `/proc` (so a busy event
 * loop cannot skew it), from before the upload to the end, and its `VmHWM` (peak since the
 * process started) is read at the end: the benchmark runs the import on a freshly started server,
 * so that peak covers only start-up and the import.
 *
 * The file looks like a Google Contacts export (its header names, `E-mail 1 - Label`/`Value`
 * pairs, `Labels` with ` ::: `, quoted multi-line notes), with what real files hold: accented
 * names, a second e-mail for one row in five, French, British and American phones (one in a
 * hundred unparsable, kept with a warning), postal addresses, ~3,000 distinct companies
 * (created by the import), one row in 200 with an invalid e-mail (rejected) and one in 100
 * repeating the previous row's e-mail (the same person twice: merged into one contact).
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { FIRST_NAMES, LAST_NAMES, mailPart } from './crm-seed.js';
import { peakRssKiB, rssKiB } from './proc.js';

/** Columns of the generated file, as Google Contacts names them. */
export const IMPORT_HEADER = [
  'First Name',
  'Middle Name',
  'Last Name',
  'Nickname',
  'Birthday',
  'Notes',
  'Labels',
  'E-mail 1 - Label',
  'E-mail 1 - Value',
  'E-mail 2 - Label',
  'E-mail 2 - Value',
  'Phone 1 - Label',
  'Phone 1 - Value',
  'Address 1 - Label',
  'Address 1 - Street',
  'Address 1 - City',
  'Address 1 - Postal Code',
  'Address 1 - Country',
  'Organization Name',
  'Organization Title',
] as const;

/** Where each column should go (null: not imported); checked against the suggested mapping. */
const EXPECTED_TARGETS: Record<(typeof IMPORT_HEADER)[number], string | null> = {
  'First Name': 'first_name',
  'Middle Name': 'middle_name',
  'Last Name': 'last_name',
  Nickname: null,
  Birthday: null,
  Notes: 'notes',
  Labels: 'tags',
  'E-mail 1 - Label': null,
  'E-mail 1 - Value': 'email',
  'E-mail 2 - Label': null,
  'E-mail 2 - Value': 'email',
  'Phone 1 - Label': null,
  'Phone 1 - Value': 'phone',
  'Address 1 - Label': null,
  'Address 1 - Street': 'street',
  'Address 1 - City': 'city',
  'Address 1 - Postal Code': 'postal_code',
  'Address 1 - Country': 'country',
  'Organization Name': 'company',
  'Organization Title': 'job_title',
};

const PROVIDERS = [
  'gmail.com',
  'orange.fr',
  'free.fr',
  'outlook.com',
  'yahoo.fr',
  'laposte.net',
  'icloud.com',
];
const COMPANY_WORDS = [
  'Atelier',
  'Boulangerie',
  'Cabinet',
  'Garage',
  'Studio',
  'Maison',
  'Librairie',
  'Agence',
  'Café',
  'Hôtel',
  'Imprimerie',
  'Fromagerie',
];
const COMPANY_NAMES = [
  'Dupont',
  'Lumière',
  'Saint-Michel',
  'Bellevue',
  'du Port',
  'Étoile',
  'Moreau',
  'Océane',
  'des Halles',
  'Vauban',
  'Grand Est',
  'Müller',
  'Núñez',
  'Riverside',
  'Hillcrest',
];
const COMPANY_FORMS = ['', ' SARL', ' SAS', ' & Fils', ' Ltd', ' et Associés', ' GmbH', ' Consulting'];
const TITLES = [
  'Gérante',
  'Directeur commercial',
  'Comptable',
  'Responsable achats',
  'Sales Manager',
  'CEO',
  'Office Manager',
  'Chef de projet',
  'Ingénieure',
  'Consultant',
];
const LABELS = [
  '* myContacts',
  '* myContacts ::: Clients',
  '* myContacts ::: Prospects',
  '* myContacts ::: Fournisseurs ::: VIP',
  'Salon Lyon 2025',
  '* starred ::: Clients',
];
const NOTES = [
  'Rencontré au salon, rappeler en septembre.',
  'Intéressée par l’offre "Premium", envoyer le devis.',
  'Met at the Paris trade fair, wants a demo',
  'Préfère le téléphone, jamais avant 10 h',
  'Ancien client, à relancer\nNouvelle adresse depuis mars',
  'Referred by Hélène; budget approved, 50 licences',
];
const CITIES: Array<[string, string, string]> = [
  ['Paris', '75011', 'France'],
  ['Lyon', '69002', 'France'],
  ['Nantes', '44000', 'France'],
  ['Bordeaux', '33000', 'France'],
  ['Lille', '59000', 'France'],
  ['Bruxelles', '1000', 'Belgique'],
  ['London', 'EC1A 1BB', 'United Kingdom'],
  ['Genève', '1201', 'Suisse'],
];
const STREETS = [
  'rue de la Paix',
  'avenue de la République',
  'boulevard Haussmann',
  'rue des Écoles',
  'High Street',
];

/** A deterministic pseudo-random integer for row `i` and `salt` (a 32-bit integer mix). */
function mix(i: number, salt: number): number {
  let x = Math.imul(i ^ Math.imul(salt, 0x9e3779b1), 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
const choose = <T>(values: readonly T[], i: number, salt: number): T => values[mix(i, salt) % values.length]!;

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** The cells of data row `i` (0-based). */
export function importRow(i: number): string[] {
  const first = choose(FIRST_NAMES, i, 1);
  const last = choose(LAST_NAMES, i, 2);
  // One row in 100 is the previous row's person again (same e-mail): merged into one contact.
  const person = i % 100 === 50 ? i - 1 : i;
  const email =
    i % 200 === 199
      ? `${mailPart(first)}.${mailPart(last)}(at)example` // invalid: the row is rejected
      : `${mailPart(choose(FIRST_NAMES, person, 1))}.${mailPart(choose(LAST_NAMES, person, 2))}.${person}@${choose(PROVIDERS, person, 3)}`;
  const second =
    mix(i, 4) % 5 === 0 ? `${mailPart(first)[0]}.${mailPart(last)}${i}@work-${i % 997}.example` : '';
  const d = String(mix(i, 5) % 100_000_000).padStart(8, '0');
  const kind = mix(i, 6) % 100;
  const phone =
    kind === 0
      ? '0800-FLEURS' // not a number: kept as typed, with a warning
      : kind < 8
        ? `+44 20 7946 ${d.slice(0, 4)}`
        : kind < 12
          ? `+1 (415) 555-${d.slice(4)}`
          : kind < 20
            ? ''
            : `06 ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4, 6)} ${d.slice(6, 8)}`;
  const [city, postalCode, country] = choose(CITIES, i, 7);
  const hasAddress = mix(i, 8) % 3 === 0;
  const company =
    mix(i, 9) % 10 === 0
      ? ''
      : `${choose(COMPANY_WORDS, mix(i, 10) % 3000, 11)} ${choose(COMPANY_NAMES, mix(i, 10) % 3000, 12)}${choose(COMPANY_FORMS, mix(i, 10) % 3000, 13)}`;
  return [
    first,
    mix(i, 14) % 20 === 0 ? choose(FIRST_NAMES, i, 15) : '',
    last,
    '',
    mix(i, 16) % 10 === 0 ? `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}` : '',
    mix(i, 17) % 10 < 3 ? choose(NOTES, i, 18) : '',
    choose(LABELS, i, 19),
    '* Work',
    email,
    second ? 'Other' : '',
    second,
    phone ? (phone.startsWith('06') ? 'Mobile' : 'Work') : '',
    phone,
    hasAddress ? 'Work' : '',
    hasAddress ? `${1 + (i % 150)} ${choose(STREETS, i, 20)}` : '',
    hasAddress ? city : '',
    hasAddress ? postalCode : '',
    hasAddress ? country : '',
    company,
    company && mix(i, 21) % 2 === 0 ? choose(TITLES, i, 22) : '',
  ];
}

/**
 * Writes the file: a header and `rows` data rows, CRLF line ends (as Google's export), streamed
 * with back-pressure.
 *
 * @returns its path and size in bytes.
 */
export async function writeImportCsv(dir: string, rows: number): Promise<{ path: string; bytes: number }> {
  const path = join(dir, `contacts-${rows}.csv`);
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`${IMPORT_HEADER.join(',')}\r\n`);
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    buffer += `${importRow(i).map(field).join(',')}\r\n`;
    if (buffer.length > 64 * 1024) {
      await write(buffer);
      buffer = '';
    }
  }
  if (buffer) await write(buffer);
  out.end();
  await once(out, 'finish');
  return { path, bytes: statSync(path).size };
}

/** What the import scenario reports. */
export interface ImportResult {
  rows: number;
  fileBytes: number;
  /** From the first byte of the upload to the poll that saw the import finished, ms. */
  wallMs: number;
  /** `POST /imports` (upload, storage, analysis) answered, ms after the start. */
  uploadMs: number;
  /** From the upload's answer to the run's 202 (mapping checked, possibly patched), ms. */
  mappingAndQueueMs: number;
  /** The import's own timestamps: queued → started (job pick-up), started → finished (the run), ms. */
  queueWaitMs: number | null;
  runMs: number | null;
  /** The import's status at the end: `completed` (or `failed`, `cancelled`). */
  finalStatus: string;
  error: string | null;
  detectedSource: string | null;
  /** Columns whose suggested target differed from the expected one (then patched). */
  mappingCorrections: Array<{ column: string; suggested: string | null; expected: string | null }>;
  counts: {
    created: number;
    updated: number;
    skipped: number;
    rejected: number;
    warnings: number;
    companiesCreated: number;
  };
  rowsPerSecond: number;
  /**
   * Where the database's time went: the server's active statements, sampled from
   * `pg_stat_activity` every 50 ms during the import, by statement (the text after the
   * request's `set_config` setup, first 160 characters), most frequent first, with their share
   * of the samples that found one running.
   */
  statementSamples: { total: number; busy: number; top: Array<{ statement: string; share: number }> };
  memory: {
    /** Server RSS before the upload, MiB. */
    baselineRssMiB: number;
    /** Highest sampled RSS during the import, MiB, and when (ms after the start). */
    peakRssMiB: number;
    peakAtMs: number;
    /** `VmHWM` at the end (peak since the server started), MiB. */
    vmHwmMiB: number;
    samples: number;
    /** Sampled RSS, one point per second (MiB), for a memory-over-time view. */
    perSecondMiB: number[];
    /**
     * The server's own view (`process.memoryUsage()` over IPC, every second while its event loop
     * answers): largest V8 heap used and reserved, external memory, ArrayBuffers, and RSS beyond
     * the V8 heap, MiB.
     */
    node: {
      samples: number;
      maxHeapUsedMiB: number;
      maxHeapTotalMiB: number;
      maxExternalMiB: number;
      maxArrayBuffersMiB: number;
      maxOutsideHeapMiB: number;
    };
  };
}

interface ImportBody {
  id: string;
  status: string;
  error: string | null;
  detected_source: string | null;
  columns: Array<{ index: number; name: string }>;
  mapping: Array<{ column: number; target: string | null; label_column?: number; label?: string }>;
  counts: {
    created: number;
    updated: number;
    skipped: number;
    rejected: number;
    warnings: number;
    companies_created: number;
  };
  queued_at: string | null;
  started_at: string | null;
  finished_at: string | null;
}

const MIB = 1024;

/** `process.memoryUsage()`'s numbers, bytes. */
export type NodeMemory = Record<'rss' | 'heapUsed' | 'heapTotal' | 'external' | 'arrayBuffers', number>;
const round1 = (value: number) => Math.round(value * 10) / 10;

async function call(
  url: string,
  init: RequestInit & { duplex?: 'half' },
  expected: number,
): Promise<ImportBody> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.status !== expected) {
    throw new Error(
      `${init.method ?? 'GET'} ${url} answered ${res.status} (expected ${expected}): ${text.slice(0, 500)}`,
    );
  }
  return JSON.parse(text) as ImportBody;
}

/**
 * Runs the file through the import API of the server at `baseUrl` (pid `serverPid`) as the token's
 * member.
 *
 * @throws when a step answers an unexpected status, or the import does not finish within `timeoutMs`.
 */
export async function runImport(options: {
  baseUrl: string;
  serverPid: number;
  /** Superuser URL, for sampling `pg_stat_activity`. */
  adminUrl: string;
  /** `application_name` of the server's pool. */
  applicationName: string;
  /** The server's `process.memoryUsage()` (over IPC), sampled every second. */
  nodeMemory: () => Promise<NodeMemory>;
  token: string;
  file: { path: string; bytes: number };
  rows: number;
  timeoutMs: number;
  log: (line: string) => void;
}): Promise<ImportResult> {
  const { baseUrl, serverPid, file } = options;
  const auth = { authorization: `Bearer ${options.token}` };
  const samples: Array<{ at: number; kib: number }> = [];
  const t0 = performance.now();
  const sample = () => {
    const kib = rssKiB(serverPid);
    if (kib !== undefined) samples.push({ at: performance.now() - t0, kib });
  };
  sample();
  const sampler = setInterval(sample, 50);
  const statements = new StatementSampler(options.adminUrl, options.applicationName);
  await statements.start();
  const heap: Array<{ at: number } & NodeMemory> = [];
  let asking = false;
  const heapSampler = setInterval(() => {
    if (asking) return; // the server's event loop is busy: skip rather than queue
    asking = true;
    options
      .nodeMemory()
      .then((m) => heap.push({ at: Math.round(performance.now() - t0), ...m }))
      .catch(() => {})
      .finally(() => {
        asking = false;
      });
  }, 1000);
  try {
    const uploaded = await call(
      `${baseUrl}/imports?filename=${encodeURIComponent(file.path.split('/').pop()!)}`,
      {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/csv' },
        body: Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>,
        duplex: 'half',
      },
      201,
    );
    const uploadMs = performance.now() - t0;
    options.log(
      `import: uploaded ${file.bytes} bytes in ${Math.round(uploadMs)} ms (detected: ${uploaded.detected_source ?? 'no known export'})`,
    );

    const corrections: ImportResult['mappingCorrections'] = [];
    const byColumn = new Map(uploaded.mapping.map((m) => [m.column, m]));
    IMPORT_HEADER.forEach((name, column) => {
      const suggested = byColumn.get(column)?.target ?? null;
      if (suggested !== EXPECTED_TARGETS[name])
        corrections.push({ column: name, suggested, expected: EXPECTED_TARGETS[name] });
    });
    if (corrections.length > 0) {
      // Keep the suggestion's labels and label columns; set the targets the file needs.
      const mapping = IMPORT_HEADER.flatMap((name, column) => {
        const target = EXPECTED_TARGETS[name];
        if (!target) return [];
        const { label, label_column } = byColumn.get(column) ?? {};
        return [
          {
            column,
            target,
            ...(label ? { label } : {}),
            ...(label_column !== undefined ? { label_column } : {}),
          },
        ];
      });
      await call(
        `${baseUrl}/imports/${uploaded.id}`,
        {
          method: 'PATCH',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ mapping }),
        },
        200,
      );
    }
    await call(`${baseUrl}/imports/${uploaded.id}/run`, { method: 'POST', headers: auth }, 202);
    const queuedAt = performance.now() - t0;

    let current: ImportBody;
    let lastLog = 0;
    for (;;) {
      current = await call(`${baseUrl}/imports/${uploaded.id}`, { headers: auth }, 200);
      if (['completed', 'failed', 'cancelled'].includes(current.status)) break;
      const elapsed = performance.now() - t0;
      if (elapsed > options.timeoutMs) {
        throw new Error(
          `the import did not finish within ${options.timeoutMs / 1000} s (status ${current.status})`,
        );
      }
      if (elapsed - lastLog > 5000) {
        lastLog = elapsed;
        options.log(
          `import: ${current.status}, ${Math.round(elapsed / 1000)} s, ${current.counts.created} created so far`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const wallMs = performance.now() - t0;
    sample();
    const statementSamples = await statements.stop();
    clearInterval(heapSampler);
    const maxOf = (key: keyof NodeMemory) => round1(Math.max(0, ...heap.map((h) => h[key])) / 2 ** 20);
    const peak = samples.reduce((a, b) => (b.kib > a.kib ? b : a), samples[0]!);
    const perSecond: number[] = [];
    for (const s of samples) {
      const second = Math.floor(s.at / 1000);
      perSecond[second] = Math.max(perSecond[second] ?? 0, round1(s.kib / MIB));
    }
    const between = (from: string | null, to: string | null) =>
      from && to ? new Date(to).getTime() - new Date(from).getTime() : null;
    const c = current.counts;
    return {
      rows: options.rows,
      fileBytes: file.bytes,
      wallMs: Math.round(wallMs),
      uploadMs: Math.round(uploadMs),
      mappingAndQueueMs: Math.round(queuedAt - uploadMs),
      queueWaitMs: between(current.queued_at, current.started_at),
      runMs: between(current.started_at, current.finished_at),
      finalStatus: current.status,
      error: current.error,
      detectedSource: uploaded.detected_source,
      mappingCorrections: corrections,
      counts: {
        created: c.created,
        updated: c.updated,
        skipped: c.skipped,
        rejected: c.rejected,
        warnings: c.warnings,
        companiesCreated: c.companies_created,
      },
      rowsPerSecond: Math.round((options.rows / wallMs) * 1000),
      statementSamples,
      memory: {
        baselineRssMiB: round1(samples[0]!.kib / MIB),
        peakRssMiB: round1(peak.kib / MIB),
        peakAtMs: Math.round(peak.at),
        vmHwmMiB: round1((peakRssKiB(serverPid) ?? 0) / MIB),
        samples: samples.length,
        perSecondMiB: Array.from(perSecond, (v) => v ?? 0),
        node: {
          samples: heap.length,
          maxHeapUsedMiB: maxOf('heapUsed'),
          maxHeapTotalMiB: maxOf('heapTotal'),
          maxExternalMiB: maxOf('external'),
          maxArrayBuffersMiB: maxOf('arrayBuffers'),
          /** RSS beyond the V8 heap (code, native allocations, buffers), MiB, at its largest. */
          maxOutsideHeapMiB: round1(Math.max(0, ...heap.map((h) => h.rss - h.heapTotal)) / 2 ** 20),
        },
      },
    };
  } finally {
    clearInterval(sampler);
    clearInterval(heapSampler);
    await statements.stop();
  }
}

/** Samples the active statements of one application in `pg_stat_activity` (see ImportResult). */
class StatementSampler {
  readonly #client: pg.Client;
  readonly #application: string;
  #timer: NodeJS.Timeout | undefined;
  #busy = false;
  #total = 0;
  #withStatement = 0;
  readonly #counts = new Map<string, number>();
  #result: ImportResult['statementSamples'] | undefined;

  constructor(url: string, application: string) {
    this.#client = new pg.Client({ connectionString: url, application_name: 'bench-crm-sampler' });
    this.#application = application;
  }

  async start(): Promise<void> {
    await this.#client.connect();
    this.#timer = setInterval(() => void this.#sample(), 50);
  }

  async #sample(): Promise<void> {
    if (this.#busy || this.#result) return;
    this.#busy = true;
    try {
      const { rows } = await this.#client.query<{ query: string }>(
        `select query from pg_stat_activity
         where state = 'active' and application_name = $1 and pid <> pg_backend_pid()`,
        [this.#application],
      );
      this.#total++;
      if (rows.length > 0) this.#withStatement++;
      for (const { query } of rows) {
        // The request's setup (`begin; select from (select set_config(…) …) as request_settings;`,
        // packages/db/src/request-db.ts) is the same for every statement.
        const statement = query
          .replace(/^\s*begin;\s*/i, '')
          .replace(/^select from \(select set_config\(.*?\) as request_settings;\s*/is, '')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, 160);
        this.#counts.set(statement, (this.#counts.get(statement) ?? 0) + 1);
      }
    } catch {
      // The sampler is best effort.
    } finally {
      this.#busy = false;
    }
  }

  /** Stops sampling (once) and returns the histogram. */
  async stop(): Promise<ImportResult['statementSamples']> {
    if (this.#result) return this.#result;
    clearInterval(this.#timer);
    const all = [...this.#counts.values()].reduce((a, b) => a + b, 0);
    this.#result = {
      total: this.#total,
      busy: this.#withStatement,
      top: [...this.#counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([statement, n]) => ({ statement, share: Math.round((n / Math.max(1, all)) * 1000) / 10 })),
    };
    await this.#client.end().catch(() => {});
    return this.#result;
  }
}
