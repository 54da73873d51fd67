/**
 * Contact imports through the real HTTP handlers and the real job, on the run's PostgreSQL:
 * upload (multipart and raw bodies, encodings, delimiters, refusals), mapping, dry run, the run
 * (driven directly and once through pg-boss), matching on e-mail, rejections, progress and
 * tenant isolation.
 */

import { RequestDb } from '@comptoir/db/request-db';
import type { DB } from '@comptoir/db/schema/crm';
import { createJobQueue } from '@comptoir/service-kit/jobs';
import { relayOutboxBatch } from '@comptoir/service-kit/outbox';
import {
  addMember,
  bearer,
  createTenant,
  signAccessToken,
  silentLogger,
  type TestMember,
  testDb,
  useAdminPool,
  useServicePool,
} from '@comptoir/testing/fixtures';
import { expectProblem, jsonRequest, readJson } from '@comptoir/testing/http';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { writeOrIsolate } from '../src/import/run.js';
import { handleImportEvent, IMPORT_QUEUED_EVENT, registerImportWorker } from '../src/import/worker.js';
import { EmailIndex, type RunContext, type SourceRow } from '../src/import/writer.js';
import { useCrmService } from './helpers.js';

const admin = useAdminPool();
const crmPool = useServicePool('crm', 4);
const { app } = useCrmService();
const deps = { pool: crmPool, logger: silentLogger() };

interface Caller {
  member: TestMember;
  headers: Record<string, string>;
}

async function owner(): Promise<Caller> {
  const member = await createTenant(admin);
  return { member, headers: bearer(await signAccessToken(member)) };
}

function upload(caller: Caller, body: RequestInit['body'], contentType: string, query = '') {
  return app.request(`/imports${query}`, {
    method: 'POST',
    headers: { ...caller.headers, 'content-type': contentType },
    body,
  });
}

function multipart(content: Uint8Array | string, filename: string, field = 'file'): FormData {
  const form = new FormData();
  form.append('note', 'ignored field');
  form.append(field, new Blob([content]), filename);
  return form;
}

async function uploadOk(caller: Caller, body: RequestInit['body'], contentType: string, query = '') {
  const res = await upload(caller, body, contentType, query);
  expect(res.status, await res.clone().text()).toBe(201);
  return readJson(res);
}

async function uploadForm(caller: Caller, content: Uint8Array | string, filename: string) {
  const res = await app.request('/imports', {
    method: 'POST',
    headers: caller.headers,
    body: multipart(content, filename),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return readJson(res);
}

/** Queues the import over HTTP, then works the job directly, as the worker would. */
async function run(caller: Caller, id: string, batchRows?: number) {
  const res = await app.request(`/imports/${id}/run`, { method: 'POST', headers: caller.headers });
  expect(res.status, await res.clone().text()).toBe(202);
  const { rows } = await admin.query(
    `select tenant_id, payload from platform.outbox where event_type = $1 and aggregate_id = $2 order by id desc limit 1`,
    [IMPORT_QUEUED_EVENT, id],
  );
  const event = {
    id: 1,
    type: IMPORT_QUEUED_EVENT,
    tenant_id: rows[0].tenant_id,
    aggregate_type: 'import',
    aggregate_id: id,
    occurred_at: '',
    payload: rows[0].payload,
  };
  const outcome = await handleImportEvent({ ...deps, ...(batchRows ? { batchRows } : {}) }, event);
  return {
    outcome,
    import: await readJson(await app.request(`/imports/${id}`, { headers: caller.headers })),
  };
}

async function contactsOf(tenantId: string) {
  const { rows } = await admin.query(
    `select c.first_name, c.last_name, c.job_title, c.emails, c.phones, c.addresses, c.tags, c.notes, c.source, c.custom,
            c.company_id, co.name as company, c.created_by, c.owner_id
     from crm.contacts c left join crm.companies co on co.id = c.company_id
     where c.tenant_id = $1 and c.deleted_at is null order by c.last_name, c.first_name`,
    [tenantId],
  );
  return rows;
}

const GOOGLE_CSV = [
  'Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Name,Organization 1 - Title,Address 1 - Type,Address 1 - Street,Address 1 - City,Address 1 - Postal Code,Address 1 - Country,Notes',
  'Ada Lovelace,Ada,Lovelace,* myContacts ::: Mathematicians,* Work,ADA@Example.com,Mobile,+44 7911 123456,Analytical Engines,Countess,Home,12 St James Square,London,SW1Y 4JH,United Kingdom,First programmer',
  'Grace Hopper,Grace,Hopper,* myContacts,Home,grace@example.com ::: g.hopper@navy.example,Work,+1 202 456 1111,US Navy,Rear Admiral,,,,,,',
  'Broken Row,Broken,Row,,,not-an-email,,,,,,,,,,',
  ',,,,,,,,,,,,,,,',
].join('\r\n');

describe('POST /imports', () => {
  it('stores a Google Contacts CSV sent as multipart in chunks and suggests the mapping', async () => {
    const caller = await owner();
    const created = await uploadForm(caller, GOOGLE_CSV, 'google.csv');
    expect(created).toMatchObject({
      format: 'csv',
      filename: 'google.csv',
      status: 'ready',
      encoding: 'utf-8',
      delimiter: ',',
      has_header: true,
      detected_source: 'google',
      size_bytes: Buffer.byteLength(GOOGLE_CSV),
      progress: { total_rows: null, rows_done: 0, percent: 0 },
    });
    expect(created.columns[1]).toEqual({
      index: 1,
      name: 'Given Name',
      samples: ['Ada', 'Grace', 'Broken', ''],
    });
    const byColumn = Object.fromEntries(created.mapping.map((m: { column: number }) => [m.column, m]));
    expect(byColumn[1]).toEqual({ column: 1, target: 'first_name' });
    expect(byColumn[5]).toEqual({ column: 5, target: 'email', label_column: 4 });
    expect(byColumn[7]).toEqual({ column: 7, target: 'phone', label: 'work', label_column: 6 });
    expect(byColumn[8]).toEqual({ column: 8, target: 'company' });
    expect(byColumn[11]).toMatchObject({ target: 'street', address: 1, label_column: 10 });
    const { rows } = await admin.query(
      'select count(*)::int as n, sum(octet_length(data))::int as bytes from crm.import_chunks where import_id = $1',
      [created.id],
    );
    expect(rows[0]).toEqual({ n: 1, bytes: Buffer.byteLength(GOOGLE_CSV) });
  });

  it('reads a Windows-1252 file with semicolons sent as a raw text/csv body', async () => {
    const caller = await owner();
    const bytes = iconv.encode(
      'Prénom;Nom;Société;Courriel\r\nÉlodie;Müller;Café Crème;elodie@example.fr\r\n',
      'windows-1252',
    );
    const created = await uploadOk(caller, bytes, 'text/csv', '?filename=export.csv');
    expect(created).toMatchObject({
      encoding: 'windows-1252',
      delimiter: ';',
      has_header: true,
      filename: 'export.csv',
    });
    expect(created.columns.map((c: { name: string }) => c.name)).toEqual([
      'Prénom',
      'Nom',
      'Société',
      'Courriel',
    ]);
    expect(created.mapping.map((m: { target: string }) => m.target)).toEqual([
      'first_name',
      'last_name',
      'company',
      'email',
    ]);
  });

  it('reads UTF-16 with a BOM and tab delimiters, and Shift_JIS', async () => {
    const caller = await owner();
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      iconv.encode('First Name\tLast Name\tEmail\r\nZoë\tŁukasz\tz@example.com\r\n', 'utf-16le'),
    ]);
    expect(await uploadOk(caller, utf16, 'application/octet-stream')).toMatchObject({
      encoding: 'utf-16le',
      delimiter: '\t',
    });
    const sjis = iconv.encode(
      '名前,メールアドレス,会社\r\n山田太郎,taro@example.jp,株式会社サンプル\r\n鈴木花子,hanako@example.jp,東京商事\r\n',
      'shift_jis',
    );
    const jp = await uploadOk(caller, sjis, 'text/csv');
    expect(jp.encoding).toBe('shift_jis');
    expect(jp.columns[0].samples).toEqual(['山田太郎', '鈴木花子']);
  });

  it('takes a vCard file and needs no mapping', async () => {
    const caller = await owner();
    const created = await uploadOk(
      caller,
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n',
      'text/vcard',
    );
    expect(created).toMatchObject({
      format: 'vcard',
      delimiter: null,
      has_header: null,
      columns: [],
      mapping: [],
    });
  });

  it('refuses an empty file, another media type, a binary file and a missing file part, and writes nothing', async () => {
    const caller = await owner();
    expect((await expectProblem(await upload(caller, '', 'text/csv'), 422)).detail).toMatch(/empty/);
    expect((await expectProblem(await upload(caller, '  \r\n ', 'text/csv'), 422)).detail).toMatch(/empty/);
    await expectProblem(await upload(caller, '{"a":1}', 'application/json'), 415);
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    expect((await expectProblem(await upload(caller, xlsx, 'application/octet-stream'), 415)).detail).toMatch(
      /CSV/,
    );
    const res = await app.request('/imports', {
      method: 'POST',
      headers: caller.headers,
      body: multipart('a,b', 'x.csv', 'other'),
    });
    expect((await expectProblem(res, 400)).detail).toMatch(/file/);
    await expectProblem(await upload(caller, 'FN:Not a card\r\n', 'text/vcard'), 422);
    await expectProblem(await upload(caller, 'a,b', 'multipart/form-data'), 400);
    const truncated =
      '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nName\nAda\n';
    expect(
      (await expectProblem(await upload(caller, truncated, 'multipart/form-data; boundary=XYZ'), 400)).detail,
    ).toMatch(/interrupted|malformed/);
    const { rows } = await admin.query('select count(*)::int as n from crm.imports where tenant_id = $1', [
      caller.member.tenantId,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses a body over the limit with 413', async () => {
    const caller = await owner();
    const res = await app.request('/imports', {
      method: 'POST',
      headers: { ...caller.headers, 'content-type': 'text/csv', 'content-length': String(101 * 1024 * 1024) },
      body: 'a,b\n1,2\n',
    });
    await expectProblem(res, 413);
  });

  it('is refused to CLIENT members (contacts:import)', async () => {
    const caller = await owner();
    const client = await addMember(admin, caller.member.tenantId, 'CLIENT');
    await expectProblem(
      await upload({ member: client, headers: bearer(await signAccessToken(client)) }, 'a,b', 'text/csv'),
      403,
    );
  });
});

describe('PATCH /imports/{id}', () => {
  it('changes the mapping and options, and re-reads the columns for another delimiter', async () => {
    const caller = await owner();
    const created = await uploadOk(caller, 'Who;Mail\nAda Lovelace;ada@example.com\n', 'text/csv');
    expect(created.columns.map((c: { name: string }) => c.name)).toEqual(['Who', 'Mail']);
    let res = await app.request(
      `/imports/${created.id}`,
      jsonRequest(
        'PATCH',
        {
          mapping: [
            { column: 0, target: 'full_name' },
            { column: 1, target: 'email', label: 'home' },
          ],
          options: { tags: ['fair-2026'] },
        },
        caller.headers,
      ),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const updated = await readJson(res);
    expect(updated.mapping).toEqual([
      { column: 0, target: 'full_name' },
      { column: 1, target: 'email', label: 'home' },
    ]);
    expect(updated.options).toMatchObject({ tags: ['fair-2026'], on_match: 'update' });
    res = await app.request(
      `/imports/${created.id}`,
      jsonRequest('PATCH', { delimiter: ',' }, caller.headers),
    );
    expect((await readJson(res)).columns.map((c: { name: string }) => c.name)).toEqual(['Who;Mail']);
  });

  it('rejects a mapping that does not fit the file, field by field', async () => {
    const caller = await owner();
    const created = await uploadOk(caller, 'a,b\n1,2\n', 'text/csv');
    const res = await app.request(
      `/imports/${created.id}`,
      jsonRequest(
        'PATCH',
        {
          mapping: [
            { column: 5, target: 'email' },
            { column: 0, target: 'company', label: 'home' },
            { column: 1, target: 'custom', custom_key: 'nope' },
          ],
        },
        caller.headers,
      ),
    );
    const problem = await expectProblem(res, 422);
    expect(problem.errors?.map((e) => e.pointer)).toEqual([
      '#/mapping/0/column',
      '#/mapping/1/label',
      '#/mapping/2/custom_key',
    ]);
    const missingKey = await app.request(
      `/imports/${created.id}`,
      jsonRequest('PATCH', { mapping: [{ column: 0, target: 'custom' }] }, caller.headers),
    );
    expect((await expectProblem(missingKey, 422)).errors?.[0]?.pointer).toBe('#/mapping/0/custom_key');
  });
});

describe('POST /imports/{id}/dry-run', () => {
  it('previews every row and its problems without writing contacts', async () => {
    const caller = await owner();
    await admin.query(
      `insert into crm.contacts (tenant_id, first_name, last_name, emails) values ($1, 'Grace', 'H.', '[{"label":"work","address":"grace@example.com"}]')`,
      [caller.member.tenantId],
    );
    const created = await uploadForm(caller, GOOGLE_CSV, 'google.csv');
    const res = await app.request(`/imports/${created.id}/dry-run`, {
      method: 'POST',
      headers: caller.headers,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const dry = await readJson(res);
    expect(dry.total_rows).toBe(4);
    expect(dry.counts).toEqual({
      create: 1,
      update: 1,
      skip: 1,
      reject: 1,
      warnings: 0,
      companies_to_create: 2,
    });
    expect(dry.preview.map((p: { action: string }) => p.action)).toEqual([
      'create',
      'update',
      'reject',
      'skip',
    ]);
    expect(dry.preview[0].contact).toMatchObject({
      first_name: 'Ada',
      last_name: 'Lovelace',
      company_name: 'Analytical Engines',
      job_title: 'Countess',
      emails: [{ label: 'work', address: 'ada@example.com' }],
      phones: [{ label: 'mobile', number: '+44 7911 123456', e164: '+447911123456' }],
      addresses: [
        {
          label: 'home',
          street: '12 St James Square',
          city: 'London',
          postal_code: 'SW1Y 4JH',
          country: 'GB',
        },
      ],
      tags: ['myContacts', 'Mathematicians'],
      notes: 'First programmer',
    });
    expect(dry.problems).toEqual([
      { row: 3, line: 4, outcome: 'rejected', reasons: ['"not-an-email" is not a valid e-mail address'] },
      { row: 4, line: 5, outcome: 'skipped', reasons: ['Empty row'] },
    ]);
    const { rows } = await admin.query('select count(*)::int as n from crm.contacts where tenant_id = $1', [
      caller.member.tenantId,
    ]);
    expect(rows[0].n).toBe(1);
    expect(
      (await readJson(await app.request(`/imports/${created.id}`, { headers: caller.headers }))).progress
        .total_rows,
    ).toBe(4);
  });
});

describe('running an import', () => {
  it('creates, updates on a matching e-mail, rejects with reasons, and reports progress', async () => {
    const caller = await owner();
    const { rows: existing } = await admin.query(
      `insert into crm.contacts (tenant_id, first_name, last_name, tags, emails) values ($1, 'Grace', 'H.', '{navy}', '[{"label":"work","address":"grace@example.com"}]') returning id`,
      [caller.member.tenantId],
    );
    const created = await uploadForm(caller, GOOGLE_CSV, 'google.csv');
    const { outcome, import: done } = await run(caller, created.id);
    expect(outcome).toBe('completed');
    expect(done).toMatchObject({
      status: 'completed',
      progress: { total_rows: 4, rows_done: 4, percent: 100 },
      counts: { created: 1, updated: 1, skipped: 1, rejected: 1, warnings: 0, companies_created: 2 },
      error: null,
    });
    const contacts = await contactsOf(caller.member.tenantId);
    expect(contacts).toHaveLength(2);
    const grace = contacts.find((c) => c.first_name === 'Grace')!;
    expect(grace).toMatchObject({
      last_name: 'Hopper',
      job_title: 'Rear Admiral',
      company: 'US Navy',
      tags: ['navy', 'myContacts'],
      emails: [
        { label: 'work', address: 'grace@example.com' },
        { label: 'home', address: 'g.hopper@navy.example' },
      ],
      phones: [{ label: 'work', number: '+1 202 456 1111', e164: '+12024561111' }],
    });
    expect(grace).not.toHaveProperty('id');
    const ada = contacts.find((c) => c.first_name === 'Ada')!;
    expect(ada).toMatchObject({
      company: 'Analytical Engines',
      source: 'import: google.csv',
      created_by: caller.member.userId,
    });
    // The matched contact was updated in place, not duplicated.
    const { rows: graceRows } = await admin.query(
      `select id from crm.contacts where tenant_id = $1 and first_name = 'Grace'`,
      [caller.member.tenantId],
    );
    expect(graceRows.map((r) => r.id)).toEqual([existing[0].id]);
    // The chunks are gone, the rejections remain.
    const { rows: chunks } = await admin.query(
      'select count(*)::int as n from crm.import_chunks where import_id = $1',
      [created.id],
    );
    expect(chunks[0].n).toBe(0);

    const page = await readJson(
      await app.request(`/imports/${created.id}/rejections`, { headers: caller.headers }),
    );
    expect(
      page.data.map((r: { row: number; outcome: string; reasons: string[] }) => [
        r.row,
        r.outcome,
        r.reasons,
      ]),
    ).toEqual([
      [3, 'rejected', ['"not-an-email" is not a valid e-mail address']],
      [4, 'skipped', ['Empty row']],
    ]);
    expect(page.data[0].raw[0]).toBe('Broken Row');

    const csv = await app.request(`/imports/${created.id}/rejections.csv`, { headers: caller.headers });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await csv.text();
    const lines = text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^Row,Line,Outcome,Reasons,Name,Given Name,/);
    expect(lines[1]).toMatch(
      /^3,4,rejected,"""not-an-email"" is not a valid e-mail address",Broken Row,Broken,Row/,
    );
    expect(lines).toHaveLength(3);

    // The same file again changes nothing: every row is already up to date.
    const again = await uploadForm(caller, GOOGLE_CSV, 'google.csv');
    const second = await run(caller, again.id);
    expect(second.import.counts).toMatchObject({ created: 0, updated: 0, skipped: 3, rejected: 1 });
    expect(await contactsOf(caller.member.tenantId)).toHaveLength(2);
  });

  it('merges rows of one file sharing an e-mail, and skips matches when asked to', async () => {
    const caller = await owner();
    const csv =
      'Name,Email,Phone,Tags\nAda Lovelace,ada@example.com,,a\nAda L.,ADA@example.com,+33 6 12 34 56 78,b\nBob,bob@example.com,,\n';
    const created = await uploadOk(caller, csv, 'text/csv');
    const { import: done } = await run(caller, created.id);
    expect(done.counts).toMatchObject({ created: 2, updated: 1 });
    const ada = (await contactsOf(caller.member.tenantId)).find((c) => c.first_name === 'Ada')!;
    expect(ada).toMatchObject({ first_name: 'Ada', last_name: 'L.', tags: ['a', 'b'] });
    expect(ada.phones).toEqual([{ label: 'work', number: '+33 6 12 34 56 78', e164: '+33612345678' }]);

    const skipping = await uploadOk(caller, 'Name,Email\nAda Byron,ada@example.com\n', 'text/csv');
    await app.request(
      `/imports/${skipping.id}`,
      jsonRequest('PATCH', { options: { on_match: 'skip' } }, caller.headers),
    );
    const { import: skipped } = await run(caller, skipping.id);
    expect(skipped.counts).toMatchObject({ created: 0, updated: 0, skipped: 1 });
    const rejections = await readJson(
      await app.request(`/imports/${skipping.id}/rejections`, { headers: caller.headers }),
    );
    expect(rejections.data[0].reasons[0]).toMatch(/already exists/);
  });

  it('commits batch by batch and streams a file of several chunks, characters split across chunks included', async () => {
    const caller = await owner();
    const names = ['Élodie', 'Zoë', 'Łukasz', '山田', 'Ñuñez', 'Øyvind'];
    const lines = ['First name,Last name,Email,Notes'];
    const rows = 9000;
    for (let i = 0; i < rows; i++)
      lines.push(`${names[i % names.length]},Müller-${i},p${i}@example.com,${'é'.repeat(60)}`);
    const body = `${lines.join('\n')}\n`;
    expect(Buffer.byteLength(body)).toBeGreaterThan(1024 * 1024);
    const created = await uploadOk(caller, body, 'text/csv');
    const { rows: chunks } = await admin.query(
      'select count(*)::int as n from crm.import_chunks where import_id = $1',
      [created.id],
    );
    expect(chunks[0].n).toBe(2);
    const { import: done } = await run(caller, created.id, 2500);
    expect(done).toMatchObject({
      status: 'completed',
      progress: { total_rows: rows, rows_done: rows },
      counts: { created: rows, rejected: 0 },
    });
    const { rows: wrong } = await admin.query(
      `select count(*)::int as n from crm.contacts where tenant_id = $1 and (notes <> repeat('é', 60) or first_name not in ('Élodie', 'Zoë', 'Łukasz', '山田', 'Ñuñez', 'Øyvind'))`,
      [caller.member.tenantId],
    );
    expect(wrong[0].n).toBe(0);
    // Audited one row per batch (migration 20261124090100): who created which contacts, by which import.
    const { rows: audit } = await admin.query(
      `select action, entity_type, entity_id, actor_id, after from platform.audit_log
       where tenant_id = $1 and entity_type = 'crm.contacts' order by id`,
      [caller.member.tenantId],
    );
    expect(audit.map((a) => a.action)).toEqual(['bulk_create', 'bulk_create', 'bulk_create', 'bulk_create']);
    expect(audit.map((a) => a.after.count)).toEqual([2500, 2500, 2500, 1500]);
    for (const a of audit) {
      expect(a).toMatchObject({ entity_id: created.id, actor_id: caller.member.userId });
      expect(a.after.bulk).toBe(created.id);
    }
    const { rows: contactIds } = await admin.query<{ id: string }>(
      'select id from crm.contacts where tenant_id = $1 order by id',
      [caller.member.tenantId],
    );
    expect(audit.flatMap((a) => a.after.ids as string[]).sort()).toEqual(contactIds.map((c) => c.id).sort());
  });

  it('rejects, row by row, what the database refuses in a batch, and imports the rest', async () => {
    const caller = await owner();
    await admin.query(
      `insert into crm.custom_fields (tenant_id, entity, key, label, type, options) values ($1, 'contact', 'tier', 'Tier', 'select', '{gold,silver}')`,
      [caller.member.tenantId],
    );
    const { rows: imports } = await admin.query(
      `insert into crm.imports (tenant_id, format, encoding, size_bytes, created_by, status) values ($1, 'csv', 'utf-8', 1, $2, 'running') returning id`,
      [caller.member.tenantId, caller.member.userId],
    );
    // A run whose view of the custom fields is stale (a "bronze" option since removed).
    const stale = new Map([
      [
        'tier',
        {
          key: 'tier',
          label: 'Tier',
          type: 'select',
          options: ['gold', 'silver', 'bronze'],
          required: false,
        },
      ],
    ]);
    const runContext: RunContext = {
      dryRun: false,
      options: { on_match: 'update', tags: [], source: null, owner_id: null, default_country: null },
      userId: caller.member.userId,
      defaultSource: 'test',
      customFields: stale,
      plannedEmails: new Set(),
      plannedCompanies: new Set(),
      emails: new EmailIndex(),
      companyIds: new Map(),
    };
    const row = (n: number, tier: string): SourceRow => ({
      row: n,
      line: n + 1,
      raw: [`P${n}`, tier],
      result: {
        contact: {
          first_name: `P${n}`,
          last_name: 'Tier',
          job_title: null,
          company_name: null,
          emails: [],
          phones: [],
          addresses: [],
          tags: [],
          notes: null,
          source: null,
          custom: { tier },
        },
        errors: [],
        warnings: [],
        nameFromEmail: false,
      },
    });
    const rdb = new RequestDb<DB>({
      pool: crmPool,
      role: 'crm_authenticated',
      claims: {
        sub: caller.member.userId,
        role: 'authenticated',
        app_metadata: { tenant_id: caller.member.tenantId, tenant_role: 'OWNER' },
      },
      requestId: 'test',
      mode: 'write',
    });
    const counts = await writeOrIsolate(
      rdb,
      imports[0].id,
      [row(1, 'gold'), row(2, 'bronze'), row(3, 'silver')],
      runContext,
    );
    await rdb.finish('commit');
    expect(counts).toMatchObject({ created: 2, rejected: 1 });
    const { rows: rejected } = await admin.query(
      'select row_number, reasons from crm.import_rejections where import_id = $1',
      [imports[0].id],
    );
    expect(rejected).toEqual([
      { row_number: 2, reasons: ['The database refused this row: custom field tier must be a valid select'] },
    ]);
    expect((await contactsOf(caller.member.tenantId)).map((c) => c.first_name)).toEqual(['P1', 'P3']);
  });

  it('imports vCard 2.1 with quoted-printable, charsets and a photo, named after its cards', async () => {
    const caller = await owner();
    const card = Buffer.concat([
      Buffer.from(
        'BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=F6rg\r\n',
        'latin1',
      ),
      Buffer.from('FN;CHARSET=ISO-8859-1:J\xf6rg M\xfcller\r\n', 'latin1'),
      Buffer.from(
        'TEL;CELL;PREF:+49 170 1234567\r\nEMAIL;INTERNET;HOME:joerg@example.de\r\nORG:Acme GmbH;Sales\r\n',
        'latin1',
      ),
      Buffer.from(
        'NOTE;ENCODING=QUOTED-PRINTABLE:Line one=0D=0A=\r\nline two\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n /9j/4AAQSkZJRg\r\n AAQSkZJRgABAQ\r\n\r\nBDAY:19800101\r\nEND:VCARD\r\n',
        'latin1',
      ),
      Buffer.from(
        'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zoë Ångström\r\nN:Ångström;Zoë;;;\r\nitem1.EMAIL:zoe@example.se\r\nitem1.X-ABLabel:_$!<Work>!$_\r\nEND:VCARD\r\n',
      ),
    ]);
    const created = await uploadOk(caller, card, 'text/x-vcard', '?filename=phone.vcf');
    const { import: done } = await run(caller, created.id);
    expect(done).toMatchObject({
      status: 'completed',
      counts: { created: 2, rejected: 0 },
      ignored: { PHOTO: 1, BDAY: 1 },
    });
    const contacts = await contactsOf(caller.member.tenantId);
    expect(contacts.find((c) => c.first_name === 'Zoë')).toMatchObject({
      first_name: 'Zoë',
      last_name: 'Ångström',
      emails: [{ label: 'work', address: 'zoe@example.se' }],
    });
    expect(contacts.find((c) => c.first_name === 'Jörg')).toMatchObject({
      first_name: 'Jörg',
      last_name: 'Müller',
      company: 'Acme GmbH',
      notes: 'Line one\nline two',
      emails: [{ label: 'home', address: 'joerg@example.de' }],
      phones: [{ label: 'mobile', number: '+49 170 1234567', e164: '+491701234567' }],
    });
  });
});

describe('the import job through pg-boss', () => {
  it('is queued by the outbox relay and worked by the registered worker', async () => {
    const caller = await owner();
    const created = await uploadOk(caller, 'Name,Email\nAda Lovelace,ada@example.com\n', 'text/csv');
    const jobs = await createJobQueue({
      connectionString: testDb().serviceUrls.crm!,
      supervise: false,
      applicationName: 'crm-import-test',
    });
    try {
      await registerImportWorker(jobs.boss, deps, { pollingIntervalSeconds: 0.5 });
      const res = await app.request(`/imports/${created.id}/run`, {
        method: 'POST',
        headers: caller.headers,
      });
      expect(res.status).toBe(202);
      expect((await readJson(res)).status).toBe('queued');
      // Relay every pending event of the CRM (other files' events included: harmless no-ops).
      while ((await relayOutboxBatch(crmPool, jobs.boss)) > 0) {}
      // The relay also queues the imports other test files left in the outbox (they ran them
      // directly); the worker takes them one at a time, in order, before this one: when the whole
      // suite runs on two cores that can take many seconds.
      let status = 'queued';
      for (let i = 0; i < 600 && status !== 'completed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await readJson(await app.request(`/imports/${created.id}`, { headers: caller.headers })))
          .status;
      }
      expect(status).toBe('completed');
      expect(await contactsOf(caller.member.tenantId)).toHaveLength(1);
    } finally {
      await jobs.stop();
    }
  }, 90_000);
});

describe('tenant isolation and state', () => {
  it('answers 404 to another tenant for the import, its rejections and its actions', async () => {
    const caller = await owner();
    const created = await uploadOk(caller, 'Name,Email\nAda,ada@example.com\n', 'text/csv');
    const other = await owner();
    for (const [method, path] of [
      ['GET', ''],
      ['GET', '/rejections'],
      ['GET', '/rejections.csv'],
      ['POST', '/dry-run'],
      ['POST', '/run'],
      ['POST', '/cancel'],
      ['DELETE', ''],
    ] as const) {
      await expectProblem(
        await app.request(`/imports/${created.id}${path}`, { method, headers: other.headers }),
        404,
      );
    }
    await expectProblem(
      await app.request(`/imports/${created.id}`, jsonRequest('PATCH', { has_header: false }, other.headers)),
      404,
    );
    expect((await readJson(await app.request('/imports', { headers: other.headers }))).data).toEqual([]);
    expect(
      (await readJson(await app.request('/imports', { headers: caller.headers }))).data.map(
        (i: { id: string }) => i.id,
      ),
    ).toEqual([created.id]);
  });

  it('refuses to change, dry-run or run an import twice, cancels and deletes', async () => {
    const caller = await owner();
    const created = await uploadOk(caller, 'Name,Email\nAda,ada@example.com\n', 'text/csv');
    const queued = await app.request(`/imports/${created.id}/run`, {
      method: 'POST',
      headers: caller.headers,
    });
    expect(queued.status).toBe(202);
    await expectProblem(
      await app.request(`/imports/${created.id}/run`, { method: 'POST', headers: caller.headers }),
      409,
    );
    await expectProblem(
      await app.request(
        `/imports/${created.id}`,
        jsonRequest('PATCH', { has_header: false }, caller.headers),
      ),
      409,
    );
    await expectProblem(
      await app.request(`/imports/${created.id}/dry-run`, { method: 'POST', headers: caller.headers }),
      409,
    );
    await expectProblem(
      await app.request(`/imports/${created.id}`, { method: 'DELETE', headers: caller.headers }),
      409,
    );
    const cancelled = await app.request(`/imports/${created.id}/cancel`, {
      method: 'POST',
      headers: caller.headers,
    });
    expect((await readJson(cancelled)).status).toBe('cancelled');
    // The queued job finds nothing to do.
    expect(
      await handleImportEvent(deps, {
        id: 0,
        type: IMPORT_QUEUED_EVENT,
        tenant_id: caller.member.tenantId,
        aggregate_type: 'import',
        aggregate_id: created.id,
        occurred_at: '',
        payload: { import_id: created.id, user_id: caller.member.userId },
      }),
    ).toBe('not-runnable');
    expect(
      (await app.request(`/imports/${created.id}`, { method: 'DELETE', headers: caller.headers })).status,
    ).toBe(204);
    await expectProblem(await app.request(`/imports/${created.id}`, { headers: caller.headers }), 404);
  });

  it('starts again an import whose job was lost, resuming where it stopped', async () => {
    const caller = await owner();
    const created = await uploadOk(
      caller,
      'Name,Email\nAda,ada@example.com\nBob,bob@example.com\n',
      'text/csv',
    );
    expect(
      (await app.request(`/imports/${created.id}/run`, { method: 'POST', headers: caller.headers })).status,
    ).toBe(202);
    await expectProblem(
      await app.request(`/imports/${created.id}/run`, { method: 'POST', headers: caller.headers }),
      409,
    );
    // Ten minutes later, nothing has happened (the job was lost): it may be queued again.
    const client = await admin.connect();
    try {
      await client.query('begin');
      await client.query('set local session_replication_role = replica'); // keep touch_updated_at out
      await client.query(`update crm.imports set updated_at = now() - interval '10 minutes' where id = $1`, [
        created.id,
      ]);
      await client.query('commit');
    } finally {
      client.release();
    }
    const { outcome, import: done } = await run(caller, created.id);
    expect(outcome).toBe('completed');
    expect(done.counts).toMatchObject({ created: 2 });
  });

  it('fails the run when the member who started it can no longer import', async () => {
    const caller = await owner();
    const member = await addMember(admin, caller.member.tenantId, 'MEMBER');
    const memberCaller = { member, headers: bearer(await signAccessToken(member)) };
    const created = await uploadOk(memberCaller, 'Name,Email\nAda,ada@example.com\n', 'text/csv');
    await app.request(`/imports/${created.id}/run`, { method: 'POST', headers: memberCaller.headers });
    await admin.query(`update platform.memberships set role = 'CLIENT' where user_id = $1`, [member.userId]);
    const outcome = await handleImportEvent(deps, {
      id: 0,
      type: IMPORT_QUEUED_EVENT,
      tenant_id: caller.member.tenantId,
      aggregate_type: 'import',
      aggregate_id: created.id,
      occurred_at: '',
      payload: { import_id: created.id, user_id: member.userId },
    });
    expect(outcome).toBe('failed');
    const { rows } = await admin.query('select status, error from crm.imports where id = $1', [created.id]);
    expect(rows[0]).toEqual({
      status: 'failed',
      error: 'The member who started this import may no longer import contacts',
    });
    expect(await contactsOf(caller.member.tenantId)).toHaveLength(0);
  });
});
