import { describe, expect, it } from 'vitest';
import { STATUS_TABS, tabOf } from './invoice-status';
import { pageLinks, parsePaging, toSearch } from './paging';

describe('cursor pages in the URL', () => {
  it('Should link the next page with the trail of earlier cursors, and back', () => {
    const first = pageLinks('/invoices', { status: 'unpaid' }, parsePaging({}), 'c1');
    expect(first).toEqual({
      next: '/invoices?status=unpaid&cursor=c1&trail=_',
      previous: undefined,
      page: 1,
    });
    const second = pageLinks(
      '/invoices',
      { status: 'unpaid' },
      parsePaging({ cursor: 'c1', trail: '_' }),
      'c2',
    );
    expect(second).toEqual({
      next: '/invoices?status=unpaid&cursor=c2&trail=_.c1',
      previous: '/invoices?status=unpaid',
      page: 2,
    });
    const third = pageLinks('/invoices', {}, parsePaging({ cursor: 'c2', trail: '_.c1' }), null);
    expect(third).toEqual({ next: undefined, previous: '/invoices?cursor=c1&trail=_', page: 3 });
  });

  it('Should leave empty values out of a query', () => {
    expect(toSearch({ q: '', status: undefined, limit: 25 })).toBe('?limit=25');
    expect(toSearch({})).toBe('');
  });
});

describe('invoice status tabs', () => {
  it('Should map each tab to the API filter and unknown values to All', () => {
    expect(STATUS_TABS.map((t) => t.label)).toEqual([
      'All',
      'Drafts',
      'Unpaid',
      'Overdue',
      'Paid',
      'Cancelled',
    ]);
    expect(tabOf('unpaid').filter).toBe('unpaid');
    expect(tabOf('nonsense').label).toBe('All');
    expect(tabOf(undefined).filter).toBeUndefined();
  });
});
