/**
 * @module lib/list-query
 * The contact and company lists' state in the URL: search, filters, sort and the cursor with the
 * trail of earlier cursors ("Previous" goes back along it). Dates in the URL are calendar days
 * of the tenant's time zone; the API gets instants.
 */
import { addDays, zonedToUtc } from './format';

/** Filters and sort a list page reads from its URL. */
export interface ListParams {
  q: string;
  tag: string;
  owner: string;
  company: string;
  created_from: string;
  created_to: string;
  updated_from: string;
  updated_to: string;
  sort: string;
}

/** Names of the filter parameters (the search and sort excluded). */
export const FILTER_KEYS = [
  'tag',
  'owner',
  'company',
  'created_from',
  'created_to',
  'updated_from',
  'updated_to',
] as const;

/** The first page's place in the trail. */
const FIRST = '~';

type RawParams = Record<string, string | string[] | undefined>;

const one = (raw: RawParams, key: string) => {
  const value = raw[key];
  return typeof value === 'string' ? value : '';
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The list parameters of a page's `searchParams` (invalid values dropped). */
export function parseListParams(raw: RawParams): ListParams {
  const day = (key: string) => (DAY.test(one(raw, key)) ? one(raw, key) : '');
  const id = (key: string) => (UUID.test(one(raw, key)) ? one(raw, key) : '');
  return {
    q: one(raw, 'q').slice(0, 200),
    tag: one(raw, 'tag').slice(0, 50),
    owner: id('owner'),
    company: id('company'),
    created_from: day('created_from'),
    created_to: day('created_to'),
    updated_from: day('updated_from'),
    updated_to: day('updated_to'),
    sort: one(raw, 'sort'),
  };
}

/** The cursor of the page and the cursors of the pages before it. */
export function parsePaging(raw: RawParams): { cursor: string | undefined; trail: string[] } {
  const cursor = one(raw, 'cursor') || undefined;
  const trail = one(raw, 'trail') ? one(raw, 'trail').split('.').filter(Boolean) : [];
  return { cursor, trail };
}

/** Whether any filter (or the search) narrows the list. */
export function isFiltered(params: ListParams): boolean {
  return Boolean(params.q || FILTER_KEYS.some((k) => params[k]));
}

/**
 * The API query of a list page: filters with days turned into instants of the tenant's zone
 * (`created_to` is exclusive in the API, so a "to" day ends at the next midnight).
 */
export function toApiQuery(
  params: ListParams,
  timeZone: string,
  sorts: readonly string[],
): Record<string, string | undefined> {
  const from = (day: string) => (day ? (zonedToUtc(day, timeZone) ?? undefined) : undefined);
  const to = (day: string) => (day ? (zonedToUtc(addDays(day, 1), timeZone) ?? undefined) : undefined);
  return {
    q: params.q.trim() || undefined,
    tag: params.tag.trim() || undefined,
    owner_id: params.owner || undefined,
    company_id: params.company || undefined,
    created_from: from(params.created_from),
    created_to: to(params.created_to),
    updated_from: from(params.updated_from),
    updated_to: to(params.updated_to),
    sort: sorts.includes(params.sort) && (params.sort !== 'relevance' || params.q) ? params.sort : undefined,
  };
}

/** `?…` of a list with its filters (empty ones left out) and optional paging. */
export function listSearch(
  params: Partial<ListParams>,
  paging?: { cursor?: string; trail?: string[] },
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  if (paging?.cursor) search.set('cursor', paging.cursor);
  if (paging?.trail && paging.trail.length > 0) search.set('trail', paging.trail.join('.'));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Links to the next and previous pages (undefined when there is none). */
export function pageLinks(
  basePath: string,
  params: ListParams,
  paging: { cursor: string | undefined; trail: string[] },
  nextCursor: string | null,
): { next: string | undefined; previous: string | undefined; page: number } {
  const next = nextCursor
    ? `${basePath}${listSearch(params, { cursor: nextCursor, trail: [...paging.trail, paging.cursor ?? FIRST] })}`
    : undefined;
  let previous: string | undefined;
  if (paging.cursor) {
    const back = paging.trail[paging.trail.length - 1];
    const cursor = back && back !== FIRST ? back : undefined;
    previous = `${basePath}${listSearch(params, { ...(cursor ? { cursor } : {}), trail: paging.trail.slice(0, -1) })}`;
  }
  return { next, previous, page: paging.cursor ? paging.trail.length + 1 : 1 };
}

/** `?…` of any query record (empty values left out). */
export function toSearch(query: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
