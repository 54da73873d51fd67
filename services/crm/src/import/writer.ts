/**
 * @module import/writer
 * Decides what each row of a batch does (create a contact, update the contact its e-mail matches,
 * skip, reject) and writes a batch in set-based statements: one insert of the new companies, one
 * of the new contacts, one update of the matched contacts, one insert of the rows to report.
 *
 * Matching is on e-mail (any address of the row against any address of a live contact, case
 * folded, through the `email_keys` index), against the database and against the rows of the same
 * batch, so a file listing one person twice creates one contact. An update adds what the row
 * brings (new e-mails, phones, addresses and tags; a name, job title, company or custom value the
 * row gives) and never removes anything; a row that would change nothing is skipped as "already up
 * to date", which makes importing the same file twice harmless.
 */
import { randomUUID } from 'node:crypto';
import type { Address, CustomValues, LabelledEmail, LabelledPhone } from '@comptoir/contracts/crm/common';
import type { ImportedContact, ImportOptions } from '@comptoir/contracts/crm/imports';
import { type CustomFieldDefinition, customFieldErrors } from '../domain/custom-fields.js';
import type { NormalisedRow } from './normalise.js';

/** What the writer needs of a database handle (RequestDb). */
export interface Queryable {
  query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    parameters?: readonly unknown[],
  ): Promise<{ rows: R[] }>;
}

/**
 * The tenant's live contacts by e-mail, for a run: loaded once, then kept current with the
 * contacts created or changed since (by anyone).
 *
 * Why not a query per batch: under Row Level Security, PostgreSQL cannot use the
 * (tenant_id, email_keys) GIN index for `email_keys && $emails` (the operator is not leakproof, so
 * it runs after the policy, row by row), and the estimate of an overlap with 1,000 e-mails makes
 * it scan anyway: each batch would read the whole tenant (measured: 0.5 s a batch at 20,000
 * contacts). Loading the keys costs one pass (about 1 µs a contact); each batch then reads its
 * matches by primary key, and the contacts changed since the last batch by `updated_at` (both
 * indexed, leakproof conditions).
 */
export class EmailIndex {
  readonly #ids = new Map<string, string>();
  #since: string | null = null;
  #refreshedAt = 0;

  /** The contact id of an e-mail, if known. */
  get(email: string): string | undefined {
    return this.#ids.get(email);
  }

  /** Records a contact's e-mails (the database's latest word wins). */
  set(id: string, emails: Iterable<string>): void {
    for (const e of emails) this.#ids.set(e, id);
  }

  get size(): number {
    return this.#ids.size;
  }

  /** Loads every live contact's e-mails, 50,000 contacts per query (keyset on id). */
  async load(db: Queryable): Promise<void> {
    const { rows: now } = await db.query<{ at: string }>(
      `select (now() - interval '10 seconds')::text as at`,
    );
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const { rows } = await db.query<{ id: string; email_keys: string[] }>(
        `select id, email_keys from crm.contacts
         where deleted_at is null and id > $1::uuid and cardinality(email_keys) > 0
         order by id limit 50000`,
        [after],
      );
      for (const r of rows) this.set(r.id, r.email_keys);
      if (rows.length < 50000) break;
      after = rows[rows.length - 1]!.id;
    }
    this.#since = now[0]!.at;
    this.#refreshedAt = Date.now();
  }

  /**
   * Adds the contacts created or changed since the last load or refresh (10 s of margin), at most
   * every 5 seconds (the rows a run writes itself are already known).
   */
  async refresh(db: Queryable): Promise<void> {
    if (this.#since === null) return this.load(db);
    if (Date.now() - this.#refreshedAt < 5000) return;
    this.#refreshedAt = Date.now();
    const { rows } = await db.query<{ id: string; email_keys: string[]; at: string }>(
      `select id, email_keys, (now() - interval '10 seconds')::text as at from crm.contacts
       where deleted_at is null and updated_at >= $1::timestamptz`,
      [this.#since],
    );
    for (const r of rows) this.set(r.id, r.email_keys);
    if (rows[0]) this.#since = rows[0].at;
  }
}

/** A row of the file, read and normalised. */
export interface SourceRow {
  /** 1-based data row number. */
  row: number;
  line: number | null;
  /** As read: CSV cells, or the card's text. */
  raw: string[] | string;
  result: NormalisedRow;
  /** Set for rows with nothing to import (an empty CSV row): skipped with this reason. */
  skipReason?: string;
}

/** What a row does. */
export type Decision =
  | { action: 'reject'; reasons: string[] }
  | { action: 'skip'; reasons: string[]; contactId: string | null }
  | { action: 'create' | 'update'; contactId: string; warnings: string[]; contact: ImportedContact };

/** The values of a contact being created or updated in a batch. */
interface Target {
  id: string;
  isNew: boolean;
  values: ContactValues;
  /** As read from the database (updates), to tell whether anything changed. */
  original: string | null;
}

interface ContactValues {
  first_name: string;
  last_name: string;
  job_title: string | null;
  /** Kept while the company name does not change; null: resolved by name when written. */
  company_id: string | null;
  company_name: string | null;
  emails: LabelledEmail[];
  phones: LabelledPhone[];
  addresses: Address[];
  tags: string[];
  notes: string | null;
  source: string | null;
  custom: CustomValues;
}

interface ExistingRow extends Record<string, unknown> {
  id: string;
  first_name: string;
  last_name: string;
  job_title: string | null;
  company_id: string | null;
  company_name: string | null;
  emails: LabelledEmail[];
  phones: LabelledPhone[];
  addresses: Address[];
  tags: string[];
  notes: string | null;
  source: string | null;
  custom: CustomValues;
}

/** Everything a run shares across its batches. */
export interface RunContext {
  dryRun: boolean;
  options: ImportOptions;
  /** The member the import acts for (created_by of contacts and companies). */
  userId: string;
  /** Source of created contacts when the row gives none. */
  defaultSource: string | null;
  customFields: ReadonlyMap<string, CustomFieldDefinition>;
  /** Dry run only: e-mails of contacts earlier batches would create (later rows update them). */
  plannedEmails: Set<string>;
  /** Dry run only: company names earlier batches would create (lower case). */
  plannedCompanies: Set<string>;
  /** The tenant's contacts by e-mail (see {@link EmailIndex}). */
  emails: EmailIndex;
  /** Companies found or created by the run, by lower-case name. */
  companyIds: Map<string, string>;
}

/** A batch's decisions and what they need written. */
export interface Plan {
  decisions: Array<{ source: SourceRow; decision: Decision }>;
  targets: Target[];
  /** Company names (as written) to find or create, by lower-case name. */
  companies: Map<string, string>;
}

const digits = (p: LabelledPhone) => p.number.replace(/\D/g, '');
/** The same number: same E.164 form, or the same digits as typed. */
const samePhone = (a: LabelledPhone, b: LabelledPhone) =>
  (a.e164 !== null && a.e164 === b.e164) || digits(a) === digits(b);

/** JSON with object keys sorted (jsonb returns keys in its own order). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

const comparable = (v: ContactValues) =>
  canonical([
    v.first_name,
    v.last_name,
    v.job_title,
    v.company_name?.toLowerCase() ?? null,
    v.emails,
    v.phones,
    v.addresses,
    v.tags,
    v.notes,
    v.source,
    v.custom,
  ]);

/** `incoming` added to `base` (nothing of `base` is removed). */
function merge(base: ContactValues, incoming: ImportedContact, nameFromEmail: boolean): ContactValues {
  const emails = [...base.emails];
  for (const e of incoming.emails) if (!emails.some((x) => x.address === e.address)) emails.push(e);
  const phones = [...base.phones];
  for (const p of incoming.phones) if (!phones.some((x) => samePhone(x, p))) phones.push(p);
  const addresses = [...base.addresses];
  for (const a of incoming.addresses)
    if (!addresses.some((x) => canonical(x) === canonical(a))) addresses.push(a);
  const tags = [...base.tags];
  for (const t of incoming.tags) if (!tags.includes(t)) tags.push(t);
  let notes = base.notes;
  if (incoming.notes && !(notes ?? '').includes(incoming.notes))
    notes = notes ? `${notes}\n\n${incoming.notes}` : incoming.notes;
  return {
    first_name: !nameFromEmail && incoming.first_name ? incoming.first_name : base.first_name,
    last_name: !nameFromEmail && incoming.last_name ? incoming.last_name : base.last_name,
    job_title: incoming.job_title ?? base.job_title,
    ...(incoming.company_name && incoming.company_name.toLowerCase() !== base.company_name?.toLowerCase()
      ? { company_id: null, company_name: incoming.company_name }
      : { company_id: base.company_id, company_name: base.company_name }),
    emails,
    phones,
    addresses,
    tags,
    notes,
    source: base.source ?? incoming.source,
    custom: { ...base.custom, ...incoming.custom },
  };
}

/** Limits of a contact (the API's), checked on merged values. */
function limitErrors(v: ContactValues): string[] {
  const errors: string[] = [];
  if (v.emails.length > 20)
    errors.push(
      `With the existing contact's e-mails this makes ${v.emails.length}: a contact holds at most 20`,
    );
  if (v.phones.length > 20)
    errors.push(
      `With the existing contact's phones this makes ${v.phones.length}: a contact holds at most 20`,
    );
  if (v.addresses.length > 10)
    errors.push(
      `With the existing contact's addresses this makes ${v.addresses.length}: a contact holds at most 10`,
    );
  if (v.tags.length > 50)
    errors.push(`With the existing contact's tags this makes ${v.tags.length}: a contact holds at most 50`);
  if ((v.notes?.length ?? 0) > 20000)
    errors.push('With the existing contact’s notes, the notes would exceed 20000 characters');
  return errors;
}

const describe = (v: Pick<ContactValues, 'first_name' | 'last_name'>) =>
  `${v.first_name} ${v.last_name}`.trim();

/**
 * Decides what every row of a batch does. Reads (and, in a real run, locks) the live contacts
 * sharing an e-mail with the batch.
 */
export async function planBatch(db: Queryable, rows: readonly SourceRow[], run: RunContext): Promise<Plan> {
  const emails = [...new Set(rows.flatMap((r) => r.result.contact?.emails.map((e) => e.address) ?? []))];
  const ids = [
    ...new Set(emails.map((e) => run.emails.get(e)).filter((id): id is string => id !== undefined)),
  ];
  const existing = ids.length
    ? (
        await db.query<ExistingRow>(
          `select id, first_name, last_name, job_title, company_id, company_name, emails, phones, addresses, tags, notes, source, custom
           from crm.contacts
           where id = any ($1::uuid[]) and deleted_at is null
           order by created_at, id${run.dryRun ? '' : ' for update'}`,
          [ids],
        )
      ).rows
    : [];
  const targets = new Map<string, Target>();
  const byEmail = new Map<string, Target>();
  for (const row of existing) {
    const values: ContactValues = {
      first_name: row.first_name,
      last_name: row.last_name,
      job_title: row.job_title,
      company_id: row.company_id,
      company_name: row.company_name,
      emails: row.emails ?? [],
      phones: row.phones ?? [],
      addresses: row.addresses ?? [],
      tags: row.tags ?? [],
      notes: row.notes,
      source: row.source,
      custom: row.custom ?? {},
    };
    const target: Target = { id: row.id, isNew: false, values, original: comparable(values) };
    targets.set(row.id, target);
    for (const e of values.emails) if (!byEmail.has(e.address)) byEmail.set(e.address, target);
  }

  const definitions = [...run.customFields.values()];
  const decisions: Plan['decisions'] = [];
  for (const source of rows) {
    const { contact, errors, warnings, nameFromEmail } = source.result;
    if (source.skipReason) {
      decisions.push({ source, decision: { action: 'skip', reasons: [source.skipReason], contactId: null } });
      continue;
    }
    if (!contact) {
      decisions.push({ source, decision: { action: 'reject', reasons: errors } });
      continue;
    }
    const matchedEmail = contact.emails.find(
      (e) => byEmail.has(e.address) || run.plannedEmails.has(e.address),
    );
    const target = matchedEmail ? byEmail.get(matchedEmail.address) : undefined;
    if (matchedEmail && run.options.on_match === 'skip') {
      decisions.push({
        source,
        decision: {
          action: 'skip',
          reasons: [`A contact with the e-mail ${matchedEmail.address} already exists (on_match is skip)`],
          contactId: target?.id ?? null,
        },
      });
      continue;
    }
    if (matchedEmail && !target) {
      // Dry run: a contact an earlier batch would create; what it would become is not tracked.
      decisions.push({ source, decision: { action: 'update', contactId: '', warnings, contact } });
      continue;
    }
    if (target) {
      const merged = merge(target.values, contact, nameFromEmail);
      if (comparable(merged) === comparable(target.values)) {
        decisions.push({
          source,
          decision: {
            action: 'skip',
            reasons: [
              `Already up to date: ${describe(target.values)} (matched on ${matchedEmail!.address}) has all of this row`,
            ],
            contactId: target.id,
          },
        });
        continue;
      }
      const problems = [
        ...limitErrors(merged),
        ...customFieldErrors(merged.custom, definitions).map(
          (e) => `${e.pointer.replace('#/custom/', 'Custom field ')}: ${e.detail}`,
        ),
      ];
      if (problems.length) {
        decisions.push({ source, decision: { action: 'reject', reasons: problems } });
        continue;
      }
      target.values = merged;
      for (const e of merged.emails) if (!byEmail.has(e.address)) byEmail.set(e.address, target);
      decisions.push({ source, decision: { action: 'update', contactId: target.id, warnings, contact } });
      continue;
    }
    const values: ContactValues = {
      ...contact,
      company_id: null,
      source: contact.source ?? run.defaultSource,
    };
    const required = customFieldErrors(values.custom, definitions).map(
      (e) => `${e.pointer.replace('#/custom/', 'Custom field ')}: ${e.detail}`,
    );
    if (required.length) {
      decisions.push({ source, decision: { action: 'reject', reasons: required } });
      continue;
    }
    const created: Target = { id: randomUUID(), isNew: true, values, original: null };
    targets.set(created.id, created);
    for (const e of values.emails) if (!byEmail.has(e.address)) byEmail.set(e.address, created);
    decisions.push({ source, decision: { action: 'create', contactId: created.id, warnings, contact } });
  }

  const written = [...targets.values()].filter((t) => t.isNew || t.original !== comparable(t.values));
  const companies = new Map<string, string>();
  for (const t of written)
    if (t.values.company_name && !t.values.company_id)
      companies.set(t.values.company_name.toLowerCase(), t.values.company_name);
  if (run.dryRun) {
    for (const t of written) if (t.isNew) for (const e of t.values.emails) run.plannedEmails.add(e.address);
  }
  return { decisions, targets: written, companies };
}

/** Counts of a batch. */
export interface BatchCounts {
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  warnings: number;
  companiesCreated: number;
}

/** Counts of a plan's decisions (a dry run's, or before writing). */
export function countPlan(plan: Plan): BatchCounts {
  const counts: BatchCounts = {
    created: 0,
    updated: 0,
    skipped: 0,
    rejected: 0,
    warnings: 0,
    companiesCreated: 0,
  };
  for (const { decision } of plan.decisions) {
    if (decision.action === 'create') counts.created++;
    else if (decision.action === 'update') counts.updated++;
    else if (decision.action === 'skip') counts.skipped++;
    else counts.rejected++;
    if ((decision.action === 'create' || decision.action === 'update') && decision.warnings.length)
      counts.warnings++;
  }
  return counts;
}

/**
 * Company ids by lower-case name: live companies found by name (the oldest of equal names), the
 * missing ones created (real run) or counted (dry run).
 */
async function resolveCompanies(
  db: Queryable,
  plan: Plan,
  run: RunContext,
): Promise<{ ids: Map<string, string>; created: number }> {
  const ids = run.companyIds;
  const unknown = [...plan.companies.keys()].filter((key) => !ids.has(key));
  if (unknown.length === 0) return { ids, created: 0 };
  const { rows } = await db.query<{ id: string; key: string }>(
    `select distinct on (lower(name)) id, lower(name) as key from crm.companies
     where deleted_at is null and lower(name) = any ($1::text[])
     order by lower(name), created_at, id`,
    [unknown],
  );
  for (const r of rows) ids.set(r.key, r.id);
  const missing = unknown
    .filter((key) => !ids.has(key))
    .map((key) => [key, plan.companies.get(key)!] as const);
  if (run.dryRun) {
    let created = 0;
    for (const [key] of missing) {
      if (!run.plannedCompanies.has(key)) created++;
      run.plannedCompanies.add(key);
    }
    return { ids, created };
  }
  if (missing.length) {
    const { rows: inserted } = await db.query<{ id: string; key: string }>(
      `insert into crm.companies (name, source, owner_id, created_by)
       select n, $2, $3, $4 from unnest($1::text[]) as n
       returning id, lower(name) as key`,
      [missing.map(([, name]) => name), run.defaultSource, run.options.owner_id, run.userId],
    );
    for (const r of inserted) ids.set(r.key, r.id);
  }
  return { ids, created: missing.length };
}

/** A dry run's batch: companies counted, nothing written. */
export async function dryRunBatch(db: Queryable, plan: Plan, run: RunContext): Promise<BatchCounts> {
  const counts = countPlan(plan);
  counts.companiesCreated = (await resolveCompanies(db, plan, run)).created;
  return counts;
}

const CONTACT_RECORD = `r(id uuid, first_name text, last_name text, job_title text, company_id uuid, emails jsonb,
  phones jsonb, addresses jsonb, tags text[], notes text, source text, custom jsonb)`;

/**
 * Writes a planned batch in the current transaction: companies, new contacts, updated contacts,
 * and the rows to report (rejected, skipped, imported with warnings).
 *
 * @returns the batch's counts.
 * @throws the database's error (the caller retries row by row).
 */
export async function writeBatch(
  db: Queryable,
  importId: string,
  plan: Plan,
  run: RunContext,
): Promise<BatchCounts> {
  const counts = countPlan(plan);
  const { ids, created } = await resolveCompanies(db, plan, run);
  counts.companiesCreated = created;
  const record = (t: Target) => ({
    id: t.id,
    first_name: t.values.first_name,
    last_name: t.values.last_name,
    job_title: t.values.job_title,
    company_id:
      t.values.company_id ??
      (t.values.company_name ? (ids.get(t.values.company_name.toLowerCase()) ?? null) : null),
    emails: t.values.emails,
    phones: t.values.phones,
    addresses: t.values.addresses,
    tags: t.values.tags,
    notes: t.values.notes,
    source: t.values.source,
    custom: t.values.custom,
  });
  const inserts = plan.targets.filter((t) => t.isNew).map(record);
  if (inserts.length) {
    // One audit row for the statement, naming the import and every contact it created, instead of
    // a snapshot per contact (migration 20261124090100): the snapshot is the row as imported, which
    // the contact itself, or its first update's `before`, still holds.
    await db.query(`select set_config('audit.bulk_insert', $1, true)`, [importId]);
    await db.query(
      // The tenant once per statement (not the column default, called per row), and the company's
      // name read with its id: the database then checks the names once per statement instead of
      // looking each one up in a row trigger (migration 20261122090300).
      `insert into crm.contacts (tenant_id, id, first_name, last_name, job_title, company_id, company_name, emails,
                                 phones, addresses, tags, notes, source, custom, owner_id, created_by)
       select (select private.current_tenant_id()), r.id, r.first_name, r.last_name, r.job_title, r.company_id,
              c.name, r.emails, r.phones, r.addresses, r.tags, r.notes, r.source, r.custom, $2, $3
       from jsonb_to_recordset($1::jsonb) as ${CONTACT_RECORD}
       left join crm.companies c on c.id = r.company_id`,
      [JSON.stringify(inserts), run.options.owner_id, run.userId],
    );
    await db.query(`select set_config('audit.bulk_insert', '', true)`);
  }
  const updates = plan.targets.filter((t) => !t.isNew).map(record);
  if (updates.length) {
    await db.query(
      `update crm.contacts c
       set first_name = r.first_name, last_name = r.last_name, job_title = r.job_title, company_id = r.company_id,
           emails = r.emails, phones = r.phones, addresses = r.addresses, tags = r.tags, notes = r.notes,
           source = r.source, custom = r.custom
       from jsonb_to_recordset($1::jsonb) as ${CONTACT_RECORD}
       where c.id = r.id`,
      [JSON.stringify(updates)],
    );
  }
  const reported = plan.decisions.flatMap(({ source, decision }) => {
    if (decision.action === 'reject' || decision.action === 'skip') {
      return [
        {
          row_number: source.row,
          line: source.line,
          outcome: decision.action === 'reject' ? 'rejected' : 'skipped',
          reasons: decision.reasons.slice(0, 50),
          raw: source.raw,
          contact_id: decision.action === 'skip' ? decision.contactId : null,
        },
      ];
    }
    if (decision.warnings.length === 0) return [];
    return [
      {
        row_number: source.row,
        line: source.line,
        outcome: 'warning',
        reasons: decision.warnings.slice(0, 50),
        raw: source.raw,
        contact_id: decision.contactId,
      },
    ];
  });
  for (const t of plan.targets)
    run.emails.set(
      t.id,
      t.values.emails.map((e) => e.address),
    );
  if (reported.length) {
    await db.query(
      `insert into crm.import_rejections (import_id, row_number, line, outcome, reasons, raw, contact_id)
       select $2, r.row_number, r.line, r.outcome, r.reasons, r.raw, r.contact_id
       from jsonb_to_recordset($1::jsonb) as r(row_number integer, line integer, outcome text, reasons text[], raw jsonb, contact_id uuid)`,
      [JSON.stringify(reported), importId],
    );
  }
  return counts;
}
