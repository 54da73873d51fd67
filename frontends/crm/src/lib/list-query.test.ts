import { describe, expect, it } from 'vitest';
import { pageLinks, parseListParams, parsePaging, toApiQuery } from './list-query';

const SORTS = ['-created_at', 'name', 'relevance'];

describe('list parameters', () => {
  it('Should drop invalid filters', () => {
    const params = parseListParams({
      q: 'dupont',
      owner: 'nope',
      created_from: '2026-01-01',
      tag: ['a', 'b'],
    });
    expect(params).toMatchObject({ q: 'dupont', owner: '', created_from: '2026-01-01', tag: '' });
  });

  it('Should turn days of the tenant zone into instants, "to" days inclusive', () => {
    const query = toApiQuery(
      parseListParams({ created_from: '2026-01-01', created_to: '2026-01-31', sort: 'relevance' }),
      'Europe/Paris',
      SORTS,
    );
    expect(query.created_from).toBe('2025-12-31T23:00:00.000Z');
    expect(query.created_to).toBe('2026-01-31T23:00:00.000Z');
    expect(query.sort).toBeUndefined();
  });

  it('Should go forward and back along the trail of cursors', () => {
    const params = parseListParams({ q: 'a' });
    const first = pageLinks('/contacts', params, parsePaging({}), 'c1');
    expect(first).toMatchObject({ previous: undefined, page: 1 });
    expect(first.next).toBe('/contacts?q=a&cursor=c1&trail=%7E');
    const second = pageLinks('/contacts', params, parsePaging({ cursor: 'c1', trail: '~' }), 'c2');
    expect(second.previous).toBe('/contacts?q=a');
    expect(second.next).toBe('/contacts?q=a&cursor=c2&trail=%7E.c1');
    const third = pageLinks('/contacts', params, parsePaging({ cursor: 'c2', trail: '~.c1' }), null);
    expect(third).toMatchObject({ next: undefined, page: 3 });
    expect(third.previous).toBe('/contacts?q=a&cursor=c1&trail=%7E');
  });
});
