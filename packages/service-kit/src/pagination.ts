/**
 * @module pagination
 * Cursor (keyset) pagination: pages are sliced by the values of the sort key of the last row
 * seen, never by OFFSET, so a deep page costs what the first one does and rows inserted meanwhile
 * neither repeat nor vanish. The cursor is opaque to clients (base64url JSON).
 */
import { HttpProblem } from './problem.js';

/** The sort position of a row: its sort value (ISO timestamp, string or number) and id. */
export interface CursorPosition {
  /** Sort value of the last row. */
  v: string | number;
  /** Id of the last row (tie-breaker). */
  id: string;
}

/** Encodes a position as an opaque cursor. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * Decodes a cursor.
 *
 * @throws {HttpProblem} 422 when the cursor was not produced by {@link encodeCursor}.
 */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPosition;
    if (
      value &&
      (typeof value.v === 'string' || typeof value.v === 'number') &&
      typeof value.id === 'string' &&
      /^[0-9a-f-]{36}$/i.test(value.id)
    ) {
      return value;
    }
  } catch {}
  throw new HttpProblem(422, {
    type: 'validation-error',
    title: 'Your request is not valid',
    detail: 'The cursor is not valid; start again from the first page',
    errors: [{ pointer: '#/query/cursor', detail: 'Not a cursor returned by this API' }],
  });
}

/**
 * Builds a page from `limit + 1` fetched rows: the extra row, when present, proves there is a
 * next page and is dropped.
 *
 * @param rows rows fetched with `limit + 1`, in page order.
 * @param sortValue the sort value of a row (as put in the cursor).
 */
export function toPage<T extends { id: string }>(
  rows: T[],
  limit: number,
  sortValue: (row: T) => string | number,
): { data: T[]; next_cursor: string | null } {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return {
    data,
    next_cursor: hasMore && last ? encodeCursor({ v: sortValue(last), id: last.id }) : null,
  };
}
