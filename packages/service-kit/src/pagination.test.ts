import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, toPage } from './pagination.js';
import { HttpProblem } from './problem.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('cursor pagination', () => {
  it('round-trips a position through an opaque cursor', () => {
    const position = { v: '2026-11-21T10:00:00.123456Z', id: id(1) };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('refuses forged cursors with a 422 pointing at the query parameter', () => {
    for (const bad of [
      '',
      'abc',
      encodeCursor({ v: 'x', id: "1' or 1=1" }),
      Buffer.from('{"v":{}}').toString('base64url'),
    ]) {
      try {
        decodeCursor(bad);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(HttpProblem);
        expect((e as HttpProblem).status).toBe(422);
        expect((e as HttpProblem).init.errors?.[0]?.pointer).toBe('#/query/cursor');
      }
    }
  });

  it('uses the extra row only to know there is a next page', () => {
    const rows = [1, 2, 3].map((n) => ({ id: id(n), at: `t${n}` }));
    const page = toPage(rows, 2, (r) => r.at);
    expect(page.data).toHaveLength(2);
    expect(decodeCursor(page.next_cursor!)).toEqual({ v: 't2', id: id(2) });
    expect(toPage(rows.slice(0, 2), 2, (r) => r.at).next_cursor).toBeNull();
  });
});
