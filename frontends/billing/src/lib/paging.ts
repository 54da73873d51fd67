/**
 * @module lib/paging
 * Cursor pages in the URL: the cursor of the page shown and the trail of earlier cursors, so
 * "Previous" goes back along it (the API's cursors only go forward).
 */

/** The first page's place in the trail. */
const FIRST = '_';

type RawParams = Record<string, string | string[] | undefined>;

/** The first value of a search parameter, or ''. */
export function one(raw: RawParams, key: string): string {
  const value = raw[key];
  return typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? '') : '';
}

/** The cursor of the page and the cursors of the pages before it. */
export function parsePaging(raw: RawParams): { cursor: string | undefined; trail: string[] } {
  const cursor = one(raw, 'cursor') || undefined;
  const trail = one(raw, 'trail') ? one(raw, 'trail').split('.').filter(Boolean) : [];
  return { cursor, trail };
}

/** `?…` of a query (empty values left out); '' when nothing is left. */
export function toSearch(query: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Links to the next and previous pages (undefined when there is none) and the page number. */
export function pageLinks(
  basePath: string,
  params: Record<string, string | undefined>,
  paging: { cursor: string | undefined; trail: string[] },
  nextCursor: string | null,
): { next: string | undefined; previous: string | undefined; page: number } {
  const next = nextCursor
    ? `${basePath}${toSearch({ ...params, cursor: nextCursor, trail: [...paging.trail, paging.cursor ?? FIRST].join('.') })}`
    : undefined;
  let previous: string | undefined;
  if (paging.cursor) {
    const back = paging.trail[paging.trail.length - 1];
    const cursor = back && back !== FIRST ? back : undefined;
    previous = `${basePath}${toSearch({ ...params, cursor, trail: paging.trail.slice(0, -1).join('.') })}`;
  }
  return { next, previous, page: paging.cursor ? paging.trail.length + 1 : 1 };
}
