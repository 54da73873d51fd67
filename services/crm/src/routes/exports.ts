/**
 * @module routes/exports
 * Contact exports: a filtered list as CSV (the filters and sort of `GET /contacts`), one contact
 * or a selection as vCard 4.0 (RFC 6350). All of it needs `contacts:export`.
 */
import { IdParamsSchema } from '@comptoir/contracts/common';
import type { Contact } from '@comptoir/contracts/crm/contacts';
import { ContactExportQuerySchema, VcardExportSchema } from '@comptoir/contracts/crm/imports';
import type { DB } from '@comptoir/db/schema/crm';
import {
  type AppEnv,
  guarded,
  HttpProblem,
  jsonBody,
  NOT_FOUND_RESPONSE,
  PROBLEM_RESPONSES,
} from '@comptoir/service-kit';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type Kysely, sql } from 'kysely';
import * as contacts from '../db/contacts.js';
import { type CsvLayout, contactRow, csvHeader, csvLines } from '../export/csv.js';
import { contactToVcard } from '../export/vcard.js';
import { contactCustomFields } from '../import/store.js';

const tags = ['Exports'];
/** Contacts read per query while exporting. */
const PAGE = 500;

export const exportsRouter = new OpenAPIHono<AppEnv<DB>>();

const csvContent = { 'text/csv': { schema: z.string() } };
const vcardContent = { 'text/vcard': { schema: z.string() } };

type ExportQuery = z.infer<typeof ContactExportQuerySchema>;

/** How many e-mail, phone and address columns the filtered contacts need. */
async function layoutOf(db: Kysely<DB>, query: ExportQuery): Promise<CsvLayout> {
  const filtered = contacts.listContactsQuery(db, { ...query, limit: 2_000_000_000 }).as('x');
  const row = await db
    .selectFrom(filtered)
    .select([
      sql<number>`coalesce(max(jsonb_array_length(x.emails)), 0)::int`.as('emails'),
      sql<number>`coalesce(max(jsonb_array_length(x.phones)), 0)::int`.as('phones'),
      sql<number>`coalesce(max(jsonb_array_length(x.addresses)), 0)::int`.as('addresses'),
    ])
    .executeTakeFirst();
  return {
    emails: Math.max(1, row?.emails ?? 0),
    phones: Math.max(1, row?.phones ?? 0),
    addresses: Math.max(1, row?.addresses ?? 0),
    customKeys: [...(await contactCustomFields(db)).keys()],
  };
}

const today = () => new Date().toISOString().slice(0, 10);

exportsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/exports/contacts.csv',
    operationId: 'exportContactsCsv',
    summary: 'Export contacts as CSV',
    description:
      'Every contact matching the filters of GET /contacts (q, tag, owner_id, company_id, created and updated ranges, trash, sort), without paging. UTF-8 with a BOM (for Excel), CRLF line ends, a header row; e-mails, phones and addresses in numbered columns ("Email 1", "Email 1 label", …), custom fields as `custom.<key>`. The file imports back through POST /imports. Cells a spreadsheet would run as formulas are prefixed with an apostrophe.',
    tags,
    ...guarded('contacts:export'),
    request: { query: ContactExportQuerySchema },
    responses: { 200: { description: 'The contacts as CSV', content: csvContent }, ...PROBLEM_RESPONSES },
  }),
  async (c) => {
    const query = c.req.valid('query');
    const layout = await layoutOf(c.var.db, query);
    // Read page by page (keyset), written as CSV text as it comes: memory holds the text, never
    // the contacts of more than one page.
    const parts: string[] = [`\ufeff${csvLines([csvHeader(layout)])}`];
    let cursor: string | undefined;
    do {
      const page = await contacts.listContacts(c.var.db, {
        ...query,
        limit: PAGE,
        ...(cursor ? { cursor } : {}),
      });
      if (page.data.length) parts.push(csvLines(page.data.map((contact) => contactRow(contact, layout))));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    return c.body(parts.join(''), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="contacts-${today()}.csv"`,
    });
  },
);

const vcardHeaders = (name: string) => ({
  'content-type': 'text/vcard; charset=utf-8',
  'content-disposition': `attachment; filename="${name}.vcf"`,
});

exportsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/contacts/{id}/vcard',
    operationId: 'exportContactVcard',
    summary: 'Export a contact as vCard 4.0',
    tags,
    ...guarded('contacts:export'),
    request: { params: IdParamsSchema },
    responses: {
      200: { description: 'The contact as vCard 4.0 (RFC 6350)', content: vcardContent },
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const row = await contacts.getContact(c.var.db, c.req.valid('param').id);
    if (!row) throw new HttpProblem(404, { detail: 'No contact with this id' });
    const contact = contacts.toContact(row);
    const name = (contact.display_name || 'contact').replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 100);
    return c.body(contactToVcard(contact), 200, vcardHeaders(name));
  },
);

exportsRouter.openapi(
  createRoute({
    method: 'post',
    path: '/exports/vcard',
    operationId: 'exportContactsVcard',
    summary: 'Export a selection of contacts as vCard 4.0',
    description:
      'One card per contact found, in the order of `ids`; ids of contacts that do not exist (or are in the trash, or belong to another tenant) are left out. 404 when none is found.',
    tags,
    ...guarded('contacts:export'),
    request: { body: jsonBody(VcardExportSchema) },
    responses: {
      200: {
        description: 'The contacts as vCard 4.0 (RFC 6350), one after the other',
        content: vcardContent,
      },
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const ids = [...new Set(c.req.valid('json').ids)];
    const rows = await c.var.db
      .selectFrom('crm.contacts')
      .select(contacts.contactColumns)
      .where('crm.contacts.id', 'in', ids)
      .where('crm.contacts.deleted_at', 'is', null)
      .execute();
    if (rows.length === 0) throw new HttpProblem(404, { detail: 'None of these contacts exists' });
    const byId = new Map<string, Contact>(
      rows.map((r) => [r.id, contacts.toContact(r as contacts.ContactRow)]),
    );
    const cards = ids.flatMap((id) => (byId.has(id) ? [contactToVcard(byId.get(id)!)] : []));
    return c.body(cards.join(''), 200, vcardHeaders(`contacts-${today()}`));
  },
);
