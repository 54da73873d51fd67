/**
 * @module db/lists
 * What the contact and company lists share: RFC 3339 timestamps with microseconds, the sort
 * orders with their keyset cursors, and the common filters. Sort expressions name table columns
 * (never select-list aliases) so the tenant indexes serve them.
 */
import type { DB } from '@comptoir/db/schema/crm';
import type { CursorPosition } from '@comptoir/service-kit/pagination';
import { decodeCursor, encodeCursor } from '@comptoir/service-kit/pagination';
import { type Expression, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';

/** `to_char` of a timestamptz column as RFC 3339 UTC with microseconds (cursors stay exact). */
export const rfc3339 = (column: string) =>
  sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** One sort order: the expression, its direction and the SQL type its cursor value is cast to. */
export interface SortOrder {
  expression: RawBuilder<unknown>;
  direction: 'asc' | 'desc';
  cast: 'timestamptz' | 'text' | 'real';
}

/** Alias of a search function's matches (`id`, `rank`) joined into a list statement. */
export const SEARCH_MATCH = 'search_match';

/**
 * The sort orders of a list.
 *
 * @param table qualified table name, e.g. 'crm.contacts'.
 * @param nameExpression the column sorted by 'name'.
 * @param searching whether the statement joins a search ({@link joinSearch}): adds 'relevance',
 *   the match's ts_rank_cd rank.
 */
export function sortOrders(table: string, nameExpression: RawBuilder<unknown>, searching: boolean) {
  const column = (name: string) => sql`${sql.ref(`${table}.${name}`)}`;
  const orders: Record<string, SortOrder> = {
    '-created_at': { expression: column('created_at'), direction: 'desc', cast: 'timestamptz' },
    created_at: { expression: column('created_at'), direction: 'asc', cast: 'timestamptz' },
    '-updated_at': { expression: column('updated_at'), direction: 'desc', cast: 'timestamptz' },
    updated_at: { expression: column('updated_at'), direction: 'asc', cast: 'timestamptz' },
    name: { expression: nameExpression, direction: 'asc', cast: 'text' },
    '-name': { expression: nameExpression, direction: 'desc', cast: 'text' },
  };
  if (searching) {
    orders.relevance = {
      expression: sql`${sql.ref(`${SEARCH_MATCH}.rank`)}`,
      direction: 'desc',
      cast: 'real',
    };
  }
  return orders;
}

/**
 * Restricts a list statement to the rows a search function matches (`crm.search_contacts`,
 * `crm.search_companies`: security definer functions that read the GIN index of the caller's
 * tenant, which Row Level Security keeps a plain `search @@ query` from using — see migration
 * 20261122090200), joined as {@link SEARCH_MATCH} for the 'relevance' order. The statement
 * itself still runs under RLS.
 *
 * @param fn the search function, e.g. 'crm.search_contacts'.
 * @param maxMatches rank at most this many matches (a page of a plain search: see
 *   {@link SEARCH_PAGE_MAX_MATCHES}); null: every match (exports, bulk actions, filtered lists).
 * @param table the listed table, e.g. 'crm.contacts'.
 * @param top for a page in relevance order with no other filter: its size (`limit + 1`) and
 *   cursor. The best matches of live rows after the cursor are then picked among the ranked ones
 *   before the join, so the statement reads `limit + 1` rows of the table instead of every match
 *   (migration 20261124090000: half of a search's database time went into that join).
 */
export function joinSearch<T extends 'crm.contacts' | 'crm.companies', O>(
  builder: SelectQueryBuilder<DB, T, O>,
  fn: 'crm.search_contacts' | 'crm.search_companies',
  table: T,
  query: string,
  maxMatches: number | null = null,
  top?: { rows: number; cursor?: string | undefined },
): SelectQueryBuilder<DB, T, O> {
  const call = sql`${sql.raw(fn)}(${query}, ${maxMatches}::integer, ${top !== undefined})`;
  let source: RawBuilder<unknown> = call;
  if (top) {
    const after = top.cursor ? decodeCursor(top.cursor) : undefined;
    const condition = after
      ? sql`where (s.rank, s.id) < (cast(${String(after.v)} as real), ${after.id}::uuid)`
      : sql``;
    source = sql`(select s.id, s.rank from ${call} as s ${condition} order by s.rank desc, s.id desc limit ${top.rows})`;
  }
  return builder.innerJoin(source.as(SEARCH_MATCH), (join) =>
    join.on(sql<boolean>`${sql.ref(`${SEARCH_MATCH}.id`)} = ${sql.ref(`${table}.id`)}`),
  ) as unknown as SelectQueryBuilder<DB, T, O>;
}

/**
 * Matches a plain search page ranks at most (migration 20261122090400): a search with fewer
 * matches is ranked exactly; a broader one (a two-letter prefix) among this many, and its pages
 * stop there. Lists with another filter, exports and bulk actions rank every match.
 */
export const SEARCH_PAGE_MAX_MATCHES = 1000;

/**
 * The match cap of a list statement's search: {@link SEARCH_PAGE_MAX_MATCHES} for a page
 * (`limit` ≤ 200) of live rows with no other filter, else null (every match).
 */
export function searchMatchCap(query: {
  limit: number;
  deleted?: string | undefined;
  tag?: string | undefined;
  owner_id?: string | undefined;
  company_id?: string | undefined;
  created_from?: string | undefined;
  created_to?: string | undefined;
  updated_from?: string | undefined;
  updated_to?: string | undefined;
}): number | null {
  const filtered =
    query.deleted === 'only' ||
    query.tag ||
    query.owner_id ||
    query.company_id ||
    query.created_from ||
    query.created_to ||
    query.updated_from ||
    query.updated_to;
  return query.limit <= 200 && !filtered ? SEARCH_PAGE_MAX_MATCHES : null;
}

/** Whether a search text has something to search (a letter or digit). */
export const searchable = (q: string | undefined): q is string => q !== undefined && /[\p{L}\p{N}]/u.test(q);

/** The keyset condition `(sort, id) </> (cursor)` for an order. */
export function afterCursor(order: SortOrder, idColumn: string, cursor: string): Expression<boolean> {
  const position: CursorPosition = decodeCursor(cursor);
  const op = order.direction === 'desc' ? sql.raw('<') : sql.raw('>');
  return sql<boolean>`(${order.expression}, ${sql.ref(idColumn)}) ${op} (cast(${String(position.v)} as ${sql.raw(order.cast)}), ${position.id}::uuid)`;
}

/** The next cursor from the last row of a page (its `_sort` and `id`). */
export const cursorOf = (row: { _sort: string | null; id: string }) =>
  encodeCursor({ v: row._sort ?? '', id: row.id });
