/**
 * @module db/bulk
 * Bulk actions on a selection of contacts or companies (one statement each, under RLS: ids of
 * other tenants, or not visible to the caller, are simply not matched).
 */
import type { Bulk } from '@comptoir/contracts/crm/common';
import type { DB } from '@comptoir/db/schema/crm';
import { type Kysely, sql } from 'kysely';

/**
 * Applies `input.action` to the live records of `input.ids`.
 *
 * @returns how many records changed.
 */
export async function bulkUpdate(
  db: Kysely<DB>,
  table: 'crm.contacts' | 'crm.companies',
  input: Bulk,
): Promise<number> {
  const action = input.action;
  const set =
    action.type === 'add_tags'
      ? {
          tags: sql<
            string[]
          >`array(select distinct t from unnest(tags || ${action.tags}::text[]) as t order by t)`,
        }
      : action.type === 'remove_tags'
        ? {
            tags: sql<
              string[]
            >`array(select t from unnest(tags) as t where t <> all (${action.tags}::text[]))`,
          }
        : action.type === 'assign'
          ? { owner_id: action.owner_id }
          : { deleted_at: sql<Date>`now()` };
  const result = await db
    .updateTable(table)
    .set(set)
    .where('id', 'in', input.ids)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
