/**
 * Contact exports through the real HTTP handlers: CSV of a filtered list (and its round trip
 * through the importer), vCard 4.0 of one contact and of a selection, permissions and tenant
 * isolation.
 */
import {
  addMember,
  bearer,
  createTenant,
  signAccessToken,
  silentLogger,
  type TestMember,
  useAdminPool,
  useServicePool,
} from '@comptoir/testing/fixtures';
import { expectProblem, jsonRequest, readJson } from '@comptoir/testing/http';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { handleImportEvent, IMPORT_QUEUED_EVENT } from '../src/import/worker.js';
import { useCrmService } from './helpers.js';

const admin = useAdminPool();
const crmPool = useServicePool('crm', 4);
const { app } = useCrmService();

interface Caller {
  member: TestMember;
  headers: Record<string, string>;
}

async function owner(): Promise<Caller> {
  const member = await createTenant(admin);
  return { member, headers: bearer(await signAccessToken(member)) };
}

/** Fixture contacts written directly (setup only). */
async function seed(tenantId: string) {
  await admin.query(
    `insert into crm.custom_fields (tenant_id, entity, key, label, type) values ($1, 'contact', 'tier', 'Tier', 'text')`,
    [tenantId],
  );
  const { rows: company } = await admin.query(
    `insert into crm.companies (tenant_id, name) values ($1, 'Analytical Engines') returning id`,
    [tenantId],
  );
  const insert = (values: Record<string, unknown>) =>
    admin.query(
      `insert into crm.contacts (tenant_id, first_name, last_name, job_title, company_id, emails, phones, addresses, tags, notes, source, custom)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
      [
        tenantId,
        values.first_name,
        values.last_name,
        values.job_title ?? null,
        values.company_id ?? null,
        JSON.stringify(values.emails ?? []),
        JSON.stringify(values.phones ?? []),
        JSON.stringify(values.addresses ?? []),
        values.tags ?? [],
        values.notes ?? null,
        values.source ?? null,
        JSON.stringify(values.custom ?? {}),
      ],
    );
  const ada = await insert({
    first_name: 'Ada',
    last_name: 'Lovelace',
    job_title: 'Countess; mathematician',
    company_id: company[0].id,
    emails: [
      { label: 'work', address: 'ada@example.com' },
      { label: 'home', address: 'ada@home.example' },
    ],
    phones: [{ label: 'mobile', number: '+44 7911 123456', e164: '+447911123456' }],
    addresses: [
      {
        label: 'home',
        street: '12 St James Square\nMayfair',
        postal_code: 'SW1Y 4JH',
        city: 'London',
        country: 'GB',
      },
    ],
    tags: ['vip', 'math'],
    notes:
      'Wrote, the "first" program, in 1843 — a long note that needs folding in a vCard line of at most 75 octets.',
    source: 'fair',
    custom: { tier: 'gold' },
  });
  const bob = await insert({
    first_name: 'Bob',
    last_name: '=HYPERLINK("http://evil.example")',
    emails: [{ label: 'work', address: 'bob@example.com' }],
    phones: [{ label: 'work', number: '06 12 34 56 78', e164: null }],
    tags: ['math'],
  });
  const zoe = await insert({ first_name: 'Zoë', last_name: 'Ångström', tags: ['other'] });
  return { ada: ada.rows[0].id as string, bob: bob.rows[0].id as string, zoe: zoe.rows[0].id as string };
}

describe('GET /exports/contacts.csv', () => {
  it('exports the filtered list with a header row, numbered columns and formulas neutralised', async () => {
    const caller = await owner();
    await seed(caller.member.tenantId);
    const res = await app.request('/exports/contacts.csv?tag=math&sort=name', { headers: caller.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for Excel
    const [header, ...rows] = parse(new TextDecoder().decode(bytes)) as string[][];
    expect(header).toEqual([
      'Id',
      'First name',
      'Last name',
      'Company',
      'Job title',
      'Email 1',
      'Email 1 label',
      'Email 2',
      'Email 2 label',
      'Phone 1',
      'Phone 1 label',
      'Address 1 label',
      'Address 1 street',
      'Address 1 postal code',
      'Address 1 city',
      'Address 1 region',
      'Address 1 country',
      'Tags',
      'Notes',
      'Source',
      'Owner id',
      'custom.tier',
      'Created at',
      'Updated at',
    ]);
    expect(rows.map((r) => r[1])).toEqual(['Ada', 'Bob']);
    const ada = Object.fromEntries(header!.map((h, i) => [h, rows[0]![i]]));
    expect(ada).toMatchObject({
      Company: 'Analytical Engines',
      'Job title': 'Countess; mathematician',
      'Email 2': 'ada@home.example',
      'Email 2 label': 'home',
      'Phone 1': '+44 7911 123456',
      'Address 1 street': '12 St James Square\nMayfair',
      'Address 1 country': 'GB',
      Tags: 'vip, math',
      'custom.tier': 'gold',
    });
    // A spreadsheet must not run it as a formula; a phone number stays as it is.
    expect(rows[1]![2]).toBe(`'=HYPERLINK("http://evil.example")`);
  });

  it('answers a header row only for a tenant without contacts, and 422 for an unknown filter', async () => {
    const caller = await owner();
    const text = await (await app.request('/exports/contacts.csv', { headers: caller.headers })).text();
    expect(parse(text)).toHaveLength(1);
    await expectProblem(await app.request('/exports/contacts.csv?bogus=1', { headers: caller.headers }), 422);
    await expectProblem(
      await app.request('/exports/contacts.csv?owner_id=not-a-uuid', { headers: caller.headers }),
      422,
    );
  });

  it('never includes another tenant’s contacts, and is refused to CLIENT members', async () => {
    const caller = await owner();
    await seed(caller.member.tenantId);
    const other = await owner();
    const text = await (await app.request('/exports/contacts.csv', { headers: other.headers })).text();
    expect(text).not.toMatch(/Lovelace/);
    const client = await addMember(admin, caller.member.tenantId, 'CLIENT');
    await expectProblem(
      await app.request('/exports/contacts.csv', { headers: bearer(await signAccessToken(client)) }),
      403,
    );
  });

  it('imports back into another tenant with nothing lost, and into the same tenant as already up to date', async () => {
    const caller = await owner();
    await seed(caller.member.tenantId);
    const csv = await (await app.request('/exports/contacts.csv', { headers: caller.headers })).text();
    const importInto = async (target: Caller) => {
      await admin.query(
        `insert into crm.custom_fields (tenant_id, entity, key, label, type) values ($1, 'contact', 'tier', 'Tier', 'text') on conflict do nothing`,
        [target.member.tenantId],
      );
      const up = await app.request('/imports?filename=contacts.csv', {
        method: 'POST',
        headers: { ...target.headers, 'content-type': 'text/csv' },
        body: csv,
      });
      const created = await readJson(up);
      expect(created.detected_source).toBe('comptoir');
      expect(created.mapping.find((m: { target: string }) => m.target === 'custom')).toEqual({
        column: 21,
        target: 'custom',
        custom_key: 'tier',
      });
      await app.request(`/imports/${created.id}/run`, { method: 'POST', headers: target.headers });
      const event = {
        id: 0,
        type: IMPORT_QUEUED_EVENT,
        tenant_id: target.member.tenantId,
        aggregate_type: 'import',
        aggregate_id: created.id,
        occurred_at: '',
        payload: { import_id: created.id, user_id: target.member.userId },
      };
      expect(await handleImportEvent({ pool: crmPool, logger: silentLogger() }, event)).toBe('completed');
      return readJson(await app.request(`/imports/${created.id}`, { headers: target.headers }));
    };
    const same = await importInto(caller);
    expect(same.counts).toMatchObject({ created: 1, updated: 0, skipped: 2, rejected: 0 });
    // Zoë has no e-mail: nothing matches her, so she comes back as a new contact.
    const fresh = await owner();
    const copied = await importInto(fresh);
    expect(copied.counts).toMatchObject({ created: 3, rejected: 0 });
    const { rows } = await admin.query(
      `select c.first_name, c.last_name, c.job_title, co.name as company, c.emails, c.phones, c.addresses, c.tags, c.notes, c.custom
       from crm.contacts c left join crm.companies co on co.id = c.company_id
       where c.tenant_id = $1 and c.first_name = 'Ada'`,
      [fresh.member.tenantId],
    );
    expect(rows[0]).toEqual({
      first_name: 'Ada',
      last_name: 'Lovelace',
      job_title: 'Countess; mathematician',
      company: 'Analytical Engines',
      emails: [
        { label: 'work', address: 'ada@example.com' },
        { label: 'home', address: 'ada@home.example' },
      ],
      phones: [{ label: 'mobile', number: '+44 7911 123456', e164: '+447911123456' }],
      addresses: [
        {
          label: 'home',
          street: '12 St James Square\nMayfair',
          postal_code: 'SW1Y 4JH',
          city: 'London',
          country: 'GB',
        },
      ],
      tags: ['vip', 'math'],
      notes:
        'Wrote, the "first" program, in 1843 — a long note that needs folding in a vCard line of at most 75 octets.',
      custom: { tier: 'gold' },
    });
    const { rows: bob } = await admin.query(
      `select last_name from crm.contacts where tenant_id = $1 and first_name = 'Bob'`,
      [fresh.member.tenantId],
    );
    expect(bob[0].last_name).toBe('=HYPERLINK("http://evil.example")');
  });
});

describe('GET /contacts/{id}/vcard', () => {
  it('exports one contact as vCard 4.0 (RFC 6350): CRLF, escaped, folded at 75 octets', async () => {
    const caller = await owner();
    const { ada } = await seed(caller.member.tenantId);
    const res = await app.request(`/contacts/${ada}/vcard`, { headers: caller.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/vcard; charset=utf-8');
    const text = await res.text();
    expect(text.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCARD\r\n')).toBe(true);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain(`UID:urn:uuid:${ada}\r\n`);
    expect(unfolded).toContain('FN:Ada Lovelace\r\n');
    expect(unfolded).toContain('N:Lovelace;Ada;;;\r\n');
    expect(unfolded).toContain('ORG:Analytical Engines\r\n');
    expect(unfolded).toContain('TITLE:Countess\\; mathematician\r\n');
    expect(unfolded).toContain('EMAIL;TYPE=work;PREF=1:ada@example.com\r\n');
    expect(unfolded).toContain('TEL;VALUE=uri;TYPE="cell,voice";PREF=1:tel:+447911123456\r\n');
    expect(unfolded).toContain(
      'ADR;TYPE=home;CC=GB:;;12 St James Square\\nMayfair;London;;SW1Y 4JH;United Kingdom\r\n',
    );
    expect(unfolded).toContain('CATEGORIES:vip,math\r\n');
    expect(unfolded).toContain('NOTE:Wrote\\, the "first" program\\, in 1843 — a long note');
  });

  it('answers 404 for another tenant’s contact and 422 for a malformed id', async () => {
    const caller = await owner();
    const { ada } = await seed(caller.member.tenantId);
    const other = await owner();
    await expectProblem(await app.request(`/contacts/${ada}/vcard`, { headers: other.headers }), 404);
    await expectProblem(await app.request('/contacts/not-a-uuid/vcard', { headers: other.headers }), 422);
  });

  it('imports back: the card gives the same contact', async () => {
    const caller = await owner();
    const { ada } = await seed(caller.member.tenantId);
    const card = await (await app.request(`/contacts/${ada}/vcard`, { headers: caller.headers })).text();
    const fresh = await owner();
    const up = await readJson(
      await app.request('/imports', {
        method: 'POST',
        headers: { ...fresh.headers, 'content-type': 'text/vcard' },
        body: card,
      }),
    );
    const dry = await readJson(
      await app.request(`/imports/${up.id}/dry-run`, { method: 'POST', headers: fresh.headers }),
    );
    expect(dry.counts).toMatchObject({ create: 1, reject: 0, warnings: 0 });
    expect(dry.preview[0].contact).toEqual({
      first_name: 'Ada',
      last_name: 'Lovelace',
      job_title: 'Countess; mathematician',
      company_name: 'Analytical Engines',
      emails: [
        { label: 'work', address: 'ada@example.com' },
        { label: 'home', address: 'ada@home.example' },
      ],
      phones: [{ label: 'mobile', number: '+447911123456', e164: '+447911123456' }],
      addresses: [
        {
          label: 'home',
          street: '12 St James Square\nMayfair',
          postal_code: 'SW1Y 4JH',
          city: 'London',
          country: 'GB',
        },
      ],
      tags: ['vip', 'math'],
      notes:
        'Wrote, the "first" program, in 1843 — a long note that needs folding in a vCard line of at most 75 octets.',
      source: null,
      custom: {},
    });
  });
});

describe('POST /exports/vcard', () => {
  it('exports a selection in the order asked, leaving out unknown ids', async () => {
    const caller = await owner();
    const { ada, bob, zoe } = await seed(caller.member.tenantId);
    const other = await owner();
    const { zoe: foreign } = await seed(other.member.tenantId);
    const res = await app.request(
      '/exports/vcard',
      jsonRequest('POST', { ids: [zoe, foreign, ada, bob, ada] }, caller.headers),
    );
    expect(res.status).toBe(200);
    const cards = (await res.text()).split('BEGIN:VCARD').slice(1);
    expect(cards.map((c) => /FN:(.*)\r\n/.exec(c)?.[1])).toEqual([
      'Zoë Ångström',
      'Ada Lovelace',
      'Bob =HYPERLINK("http://evil.example")',
    ]);
  });

  it('answers 404 when none exists and 422 for an empty or malformed selection', async () => {
    const caller = await owner();
    await expectProblem(
      await app.request(
        '/exports/vcard',
        jsonRequest('POST', { ids: ['00000000-0000-4000-8000-000000000000'] }, caller.headers),
      ),
      404,
    );
    await expectProblem(
      await app.request('/exports/vcard', jsonRequest('POST', { ids: [] }, caller.headers)),
      422,
    );
    await expectProblem(
      await app.request('/exports/vcard', jsonRequest('POST', { ids: ['x'], more: 1 }, caller.headers)),
      422,
    );
  });
});
