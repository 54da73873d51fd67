import { describe, expect, it } from 'vitest';
import { QUOTE_TABS, quoteActions, quoteStatusDisplay, quoteTabOf, quoteTitle } from './quote-status';

const all = () => true;
const only =
  (...granted: string[]) =>
  (permission: string) =>
    granted.includes(permission);

describe('quote statuses', () => {
  it('Should name each status and keep unknown ones as they come', () => {
    expect(quoteStatusDisplay('accepted')).toEqual({ label: 'Accepted', tone: 'success' });
    expect(quoteStatusDisplay('expired')).toEqual({ label: 'Expired', tone: 'warning' });
    expect(quoteStatusDisplay('archived')).toEqual({ label: 'archived', tone: 'outline' });
  });

  it('Should title a quote by its number, or as a draft', () => {
    expect(quoteTitle({ number: 'D-2026-000001' })).toBe('Quote D-2026-000001');
    expect(quoteTitle({ number: null })).toBe('Draft quote');
  });

  it('Should map the URL status onto the API filter, every quote for unknown values', () => {
    expect(quoteTabOf('expired').filter).toBe('expired');
    expect(quoteTabOf(undefined)).toBe(QUOTE_TABS[0]);
    expect(quoteTabOf('bogus').filter).toBeUndefined();
    expect(QUOTE_TABS.map((t) => t.label)).toEqual([
      'All',
      'Drafts',
      'Sent',
      'Accepted',
      'Declined',
      'Expired',
    ]);
  });
});

describe('quoteActions', () => {
  it('Should offer edit, delete and send on a draft, as permissions allow', () => {
    expect(quoteActions({ status: 'draft', invoice_id: null }, all)).toEqual(['edit', 'delete', 'send']);
    // A MEMBER cannot delete.
    expect(quoteActions({ status: 'draft', invoice_id: null }, only('quotes:update', 'quotes:send'))).toEqual(
      ['edit', 'send'],
    );
  });

  it('Should offer the answers and the conversion on a sent quote', () => {
    expect(quoteActions({ status: 'sent', invoice_id: null }, all)).toEqual([
      'pdf',
      'decline',
      'accept',
      'invoice',
    ]);
    expect(quoteActions({ status: 'sent', invoice_id: null }, only('quotes:update'))).toEqual([
      'pdf',
      'decline',
      'accept',
    ]);
  });

  it('Should convert an accepted quote once, and never an expired or declined one', () => {
    expect(quoteActions({ status: 'accepted', invoice_id: null }, all)).toEqual(['pdf', 'invoice']);
    expect(quoteActions({ status: 'accepted', invoice_id: 'inv-1' }, all)).toEqual(['pdf']);
    expect(quoteActions({ status: 'expired', invoice_id: null }, all)).toEqual(['pdf']);
    expect(quoteActions({ status: 'declined', invoice_id: null }, all)).toEqual(['pdf']);
  });
});
