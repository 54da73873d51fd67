/**
 * @module db/duplicates
 * Likely duplicate contacts and merging them.
 *
 * Two live contacts are likely the same person when they share a normalised e-mail address
 * (`email_keys`, lower case), a phone number in E.164 (`phone_keys`), or when their folded names
 * (accents and case removed) have a trigram similarity of at least {@link NAME_SIMILARITY}
 * (pg_trgm). Pairs are found through indexes, hash joins and sorted neighbourhoods, never by
 * comparing every pair.
 */
import type { Address, CustomValues, LabelledEmail, LabelledPhone } from '@comptoir/contracts/crm/common';
import type { ContactMerge, DuplicatePair } from '@comptoir/contracts/crm/contacts';
import type { DB } from '@comptoir/db/schema/crm';
import { decodeCursor, encodeCursor } from '@comptoir/service-kit/pagination';
import { type Kysely, sql } from 'kysely';
import { type ContactRow, contactColumns, getContact, toContact } from './contacts.js';

/** Names at least this similar (pg_trgm similarity, 0–1) make a candidate pair. */
export const NAME_SIMILARITY = 0.6;

interface PairRow {
  a: string;
  b: string;
  same_email: boolean;
  same_phone: boolean;
  name_similarity: number;
}

const pairColumns = sql`
  (c1.email_keys operator(pg_catalog.&&) c2.email_keys) as same_email,
  (c1.phone_keys operator(pg_catalog.&&) c2.phone_keys) as same_phone,
  extensions.similarity(c1.name_key, c2.name_key)::float8 as name_similarity`;

async function toPairs(db: Kysely<DB>, rows: PairRow[]): Promise<DuplicatePair[]> {
  const ids = [...new Set(rows.flatMap((r) => [r.a, r.b]))];
  if (ids.length === 0) return [];
  const contacts = (await db
    .selectFrom('crm.contacts')
    .select(contactColumns)
    .where('crm.contacts.id', 'in', ids)
    .execute()) as ContactRow[];
  const byId = new Map(contacts.map((c) => [c.id, toContact(c)]));
  return rows
    .filter((r) => byId.has(r.a) && byId.has(r.b))
    .map((r) => {
      const reasons: DuplicatePair['reasons'] = [];
      if (r.same_email) reasons.push('same_email');
      if (r.same_phone) reasons.push('same_phone');
      if (r.name_similarity >= NAME_SIMILARITY) reasons.push('similar_name');
      return {
        contact: byId.get(r.a)!,
        duplicate: byId.get(r.b)!,
        reasons,
        score: r.same_email || r.same_phone ? 1 : Math.round(r.name_similarity * 1000) / 1000,
      };
    });
}

/**
 * Likely duplicates across the tenant, as pairs (each pair once: the smaller id first), paged by
 * (first id, second id). The pairs come from `crm.duplicate_contact_pairs` (migration
 * 20261122090200): every pair sharing an e-mail or a phone, and similar names among each name's
 * neighbours in sorted order; the whole tenant is compared on every page (about half a second
 * for 100,000 contacts).
 */
export async function listDuplicatePairs(db: Kysely<DB>, limit: number, cursor?: string) {
  const position = cursor
    ? decodeCursor(cursor)
    : { id: '00000000-0000-0000-0000-000000000000', v: '00000000-0000-0000-0000-000000000000' };
  const { rows } = await sql<PairRow>`
    select a, b, same_email, same_phone, name_similarity::float8 as name_similarity
    from crm.duplicate_contact_pairs(${NAME_SIMILARITY})
    where (a, b) > (${position.id}::uuid, ${String(position.v)}::uuid)
    order by a, b
    limit ${limit + 1}`.execute(db);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    data: await toPairs(db, page),
    next_cursor: more && last ? encodeCursor({ id: last.a, v: last.b }) : null,
  };
}

/**
 * Likely duplicates of one contact (at most 50); undefined when the contact is not visible. The
 * candidates come from the GIN indexes (`crm.contact_duplicate_candidates`), then each is kept
 * when it shares an e-mail or a phone or its name is at least {@link NAME_SIMILARITY} alike.
 */
export async function duplicatesOf(db: Kysely<DB>, id: string) {
  if (!(await getContact(db, id))) return undefined;
  const { rows } = await sql<PairRow>`
    select c1.id as a, c2.id as b, ${pairColumns}
    from crm.contacts c1
    join crm.contacts c2 on c2.id in (select crm.contact_duplicate_candidates(${id}::uuid))
    where c1.id = ${id}::uuid
      and (c1.email_keys operator(pg_catalog.&&) c2.email_keys
           or c1.phone_keys operator(pg_catalog.&&) c2.phone_keys
           or extensions.similarity(c1.name_key, c2.name_key) >= ${NAME_SIMILARITY})
    order by c2.id
    limit 50`.execute(db);
  return toPairs(db, rows);
}

const unite = <T>(a: T[], b: T[], key: (x: T) => string) => {
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((x) => !seen.has(key(x)))];
};

/**
 * Merges `input.duplicate_id` into `survivorId` in the caller's transaction: lists (e-mails,
 * phones, addresses, tags) are united, empty fields of the survivor filled from the duplicate
 * (or taken from it for `prefer_duplicate`), custom values completed; the duplicate's
 * activities, deals, tasks and shares move to the survivor; the duplicate goes to the trash with
 * `merged_into_id`.
 *
 * @returns before/after snapshots for the audit row, or 'not_found' when either contact is not
 * visible in the tenant.
 */
export async function mergeContacts(db: Kysely<DB>, survivorId: string, input: ContactMerge) {
  const locked = (await db
    .selectFrom('crm.contacts')
    .select(contactColumns)
    .where('crm.contacts.id', 'in', [survivorId, input.duplicate_id])
    .where('crm.contacts.deleted_at', 'is', null)
    .orderBy('crm.contacts.id')
    .forUpdate()
    .execute()) as ContactRow[];
  const survivor = locked.find((c) => c.id === survivorId);
  const duplicate = locked.find((c) => c.id === input.duplicate_id);
  if (!survivor || !duplicate) return 'not_found' as const;

  const prefer = new Set(input.prefer_duplicate);
  const pick = <
    K extends 'first_name' | 'last_name' | 'job_title' | 'company_id' | 'notes' | 'owner_id' | 'source',
  >(
    key: K,
  ) => (prefer.has(key) ? (duplicate[key] ?? survivor[key]) : survivor[key] || duplicate[key]);
  const custom = { ...(duplicate.custom as CustomValues), ...(survivor.custom as CustomValues) };
  const merged = {
    first_name: pick('first_name') ?? '',
    last_name: pick('last_name') ?? '',
    job_title: pick('job_title'),
    company_id: pick('company_id'),
    notes:
      survivor.notes && duplicate.notes && !prefer.has('notes') && survivor.notes !== duplicate.notes
        ? `${survivor.notes}\n\n${duplicate.notes}`
        : pick('notes'),
    owner_id: pick('owner_id'),
    source: pick('source'),
    emails: JSON.stringify(
      unite(survivor.emails as LabelledEmail[], duplicate.emails as LabelledEmail[], (e) =>
        e.address.toLowerCase(),
      ),
    ),
    phones: JSON.stringify(
      unite(
        survivor.phones as LabelledPhone[],
        duplicate.phones as LabelledPhone[],
        (p) => p.e164 ?? p.number,
      ),
    ),
    addresses: JSON.stringify(
      unite(survivor.addresses as Address[], duplicate.addresses as Address[], (a) => JSON.stringify(a)),
    ),
    tags: [...new Set([...survivor.tags, ...duplicate.tags])],
    custom: JSON.stringify(custom),
  };
  // The duplicate leaves first: its values then no longer count as another live contact.
  await db
    .updateTable('crm.contacts')
    .set({ deleted_at: sql`now()`, merged_into_id: survivorId })
    .where('id', '=', duplicate.id)
    .execute();
  const after = (await db
    .updateTable('crm.contacts')
    .set(merged)
    .where('id', '=', survivorId)
    .returning(contactColumns)
    .executeTakeFirstOrThrow()) as ContactRow;
  const moved = { contact_id: survivorId };
  await db.updateTable('crm.activities').set(moved).where('contact_id', '=', duplicate.id).execute();
  await db.updateTable('crm.deals').set(moved).where('contact_id', '=', duplicate.id).execute();
  await db.updateTable('crm.tasks').set(moved).where('contact_id', '=', duplicate.id).execute();
  await sql`
    insert into crm.shares (entity_type, entity_id, user_id, created_by)
    select 'contact', ${survivorId}::uuid, s.user_id, s.created_by from crm.shares s
    where s.entity_type = 'contact' and s.entity_id = ${duplicate.id}::uuid
    on conflict do nothing`.execute(db);
  await db
    .deleteFrom('crm.shares')
    .where('entity_type', '=', 'contact')
    .where('entity_id', '=', duplicate.id)
    .execute();
  return {
    before: { survivor: toContact(survivor), duplicate: toContact(duplicate) },
    after: toContact(after),
  };
}
