import { describe, expect, it } from 'vitest';
import { SEARCH_PAGE_MAX_MATCHES, searchMatchCap } from './lists.js';

describe('searchMatchCap', () => {
  it('caps a page of a plain search', () => {
    expect(searchMatchCap({ limit: 25 })).toBe(SEARCH_PAGE_MAX_MATCHES);
    expect(searchMatchCap({ limit: 200, deleted: 'exclude' })).toBe(SEARCH_PAGE_MAX_MATCHES);
  });

  it('takes every match for the trash, another filter, or more than a page', () => {
    expect(searchMatchCap({ limit: 25, deleted: 'only' })).toBeNull();
    expect(searchMatchCap({ limit: 25, tag: 'vip' })).toBeNull();
    expect(searchMatchCap({ limit: 25, owner_id: '00000000-0000-4000-8000-000000000001' })).toBeNull();
    expect(searchMatchCap({ limit: 25, updated_to: '2026-01-01T00:00:00Z' })).toBeNull();
    expect(searchMatchCap({ limit: 2_000_000_000 })).toBeNull();
  });
});
